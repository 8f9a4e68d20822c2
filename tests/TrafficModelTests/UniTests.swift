import Foundation
import Testing
import TrafficModel

/// The repository's folder, found from this file's real path (tests/TrafficModelTests/).
let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The draws of tests/vectors/uni-draws.txt (the contract's test vectors): seed -> [(index, integer draw)].
let knownDraws: [Int: [(index: Int, draw: UInt32)]] = {
    let file = repository.appendingPathComponent("tests/vectors/uni-draws.txt")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { fatalError("cannot read \(file.path)") }
    var draws: [Int: [(Int, UInt32)]] = [:]
    var seed = -1
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        if line.hasPrefix("seed ") {
            seed = Int(line.dropFirst(5))!
        } else {
            let fields = line.split(separator: ":")
            draws[seed, default: []].append((Int(fields[0])!, UInt32(fields[1])!))
        }
    }
    return draws
}()

let vectorSeeds = [5743, 0, 900_000_000, 42]

/// The first `count` draws of `seed` taken one after another.
func sequentialDraws(seed: Int, count: Int) -> [UInt32] {
    var stream = UniStream(seed: seed)
    return (0..<count).map { _ in stream.next() }
}

@Suite("UNI generator")
struct UniTests {
    @Test func vectorFileHasEverySeed() {
        #expect(Set(knownDraws.keys) == Set(vectorSeeds))
    }

    @Test("single-precision form matches the known draws", arguments: vectorSeeds)
    func floatForm(seed: Int) throws {
        let known = try #require(knownDraws[seed])
        var generator = UniFloatGenerator(seed: seed)
        var drawn = 0
        for (index, draw) in known {
            var value: Float = 0
            while drawn <= index {
                value = generator.next()
                drawn += 1
            }
            #expect(value == Float(draw) / 16_777_216, "seed \(seed) draw \(index)")
        }
    }

    @Test("integer form, drawn sequentially, matches the known draws", arguments: vectorSeeds)
    func integerForm(seed: Int) throws {
        let known = try #require(knownDraws[seed])
        let draws = sequentialDraws(seed: seed, count: known.map(\.index).max()! + 1)
        for (index, draw) in known {
            #expect(draws[index] == draw, "seed \(seed) draw \(index)")
        }
    }

    @Test("jumping straight to each known draw", arguments: vectorSeeds)
    func jumpToKnown(seed: Int) throws {
        for (index, draw) in try #require(knownDraws[seed]) {
            var stream = UniStream(seed: seed, position: UInt64(index))
            #expect(stream.next() == draw, "seed \(seed) draw \(index)")
        }
    }

    @Test("the two forms agree draw for draw", arguments: [5743, 1, 30082 * 177 + 170, 123_456_789])
    func formsAgree(seed: Int) {
        var generator = UniFloatGenerator(seed: seed)
        var stream = UniStream(seed: seed)
        for index in 0..<100_000 {
            let value = generator.next()
            let draw = stream.next()
            guard value == Float(draw) / 16_777_216 else {
                Issue.record("seed \(seed) draw \(index): \(value) vs \(draw)")
                return
            }
        }
    }

    @Test("a jump lands where sequential drawing does, and goes on the same",
          arguments: [0, 1, 2, 32, 33, 34, 63, 64, 65, 96, 97, 98, 193, 194, 970, 4321, 65_536, 99_999])
    func jumpEqualsSequential(position: Int) {
        let seed = 5743
        let draws = sequentialDraws(seed: seed, count: 100_300)
        var stream = UniStream(seed: seed, position: UInt64(position))
        #expect(stream.position == UInt64(position))
        let after = (0..<300).map { _ in stream.next() }
        #expect(after == Array(draws[position..<position + 300]))
    }

    @Test func millionthDrawBySteppingAndByJumping() {
        var sequential = UniStream(seed: 42)
        for _ in 0..<1_000_000 { _ = sequential.next() }
        var jumped = UniStream(seed: 42, position: 1_000_000)
        #expect(sequential.next() == jumped.next())
        #expect(sequential.position == jumped.position)
    }

    @Test("draw 10^9 by different jump decompositions", arguments: vectorSeeds)
    func farJumps(seed: Int) {
        let far: UInt64 = 1_000_000_000
        var direct = UniStream(seed: seed, position: far)
        var split = UniStream(seed: seed, position: 600_000_000)
        split.jump(by: far - 600_000_000)
        var stepped = UniStream(seed: seed, position: far - 1000)
        for _ in 0..<1000 { _ = stepped.next() }
        let expected = (0..<200).map { _ in direct.next() }
        #expect((0..<200).map { _ in split.next() } == expected)
        #expect((0..<200).map { _ in stepped.next() } == expected)
    }

    @Test("integer threshold equals the single-precision comparison",
          arguments: [0, 1, 0.52, 0.5, 0.1, 0.9, 1e-8, Float(0.52).nextUp, Float(0.52).nextDown,
                      Float(1).nextDown, Float(12_345) / 16_777_216, (Float(12_345) / 16_777_216).nextUp] as [Float])
    func threshold(density: Float) {
        let t = Uni.threshold(density: density)
        for m in Array(Int(t) - 3...Int(t) + 3) + [0, 1, 1 << 23, (1 << 24) - 1] where (0..<(1 << 24)).contains(m) {
            let below = Float(m) * Float(1.0 / 16_777_216.0) < density
            #expect(below == (UInt32(m) < t), "density \(density), draw \(m)")
        }
    }
}
