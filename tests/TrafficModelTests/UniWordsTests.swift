import Testing
import TrafficModel

/// `count` draws of `seed` from `start`, packed by the vectorised path into
/// words that start as all ones (so that clearing the tail shows), with one
/// sentinel word after them; the stream afterwards.
func packedDraws(seed: Int, start: Int, count: Int, threshold: UInt32) -> (words: [UInt64], after: UniStream) {
    var stream = UniStream(seed: seed, position: UInt64(start))
    var words = [UInt64](repeating: ~0, count: (count + 63) / 64 + 1)
    words.withUnsafeMutableBufferPointer { stream.packDraws(below: threshold, count: count, into: $0.baseAddress!) }
    return (words, stream)
}

/// The same words from the sequential stream, one draw at a time.
func sequentialWords(seed: Int, start: Int, count: Int, threshold: UInt32) -> [UInt64] {
    var stream = UniStream(seed: seed, position: UInt64(start))
    var words = [UInt64](repeating: 0, count: (count + 63) / 64)
    for j in 0..<count where stream.next() < threshold { words[j / 64] |= 1 << UInt64(j % 64) }
    return words + [~0]
}

@Suite("UNI draws packed into words")
struct UniWordsTests {
    // Starts and lengths around a word, the lags (33, 66, 97, 130) and the
    // line's batch of 32 words (2048 draws).
    static let starts = [0, 1, 32, 33, 63, 64, 65, 97, 129, 130, 131, 2047, 2048, 1_000_000_007]
    static let counts = [0, 1, 63, 64, 65, 128, 129, 2047, 2048, 2049, 64 * 33 + 5, 10_000]

    @Test("the vectorised path equals drawing one at a time, and the stream goes on alike",
          arguments: starts, counts)
    func matchesSequential(start: Int, count: Int) {
        let threshold = Uni.threshold(density: 0.52)
        let (words, after) = packedDraws(seed: 5743, start: start, count: count, threshold: threshold)
        #expect(words == sequentialWords(seed: 5743, start: start, count: count, threshold: threshold))
        #expect(after.position == UInt64(start + count))
        var stream = after, reference = UniStream(seed: 5743, position: UInt64(start + count))
        #expect((0..<200).map { _ in stream.next() } == (0..<200).map { _ in reference.next() })
    }

    @Test("every threshold, from no car to all cars", arguments: [0, 1, 1 << 23, (1 << 24) - 1, 1 << 24] as [UInt32])
    func thresholds(threshold: UInt32) {
        for seed in vectorSeeds {
            let (words, _) = packedDraws(seed: seed, start: 5, count: 3000, threshold: threshold)
            #expect(words == sequentialWords(seed: seed, start: 5, count: 3000, threshold: threshold))
        }
    }

    @Test("the known draws, each found between two thresholds", arguments: vectorSeeds)
    func knownDrawsAsBits(seed: Int) throws {
        for (index, draw) in try #require(knownDraws[seed]) {
            // A run of 200 from up to 130 draws before: the draw sits past the history.
            let start = max(0, index - 130)
            let bit = { (threshold: UInt32) in
                let words = packedDraws(seed: seed, start: start, count: 200, threshold: threshold).words
                return (words[(index - start) / 64] >> UInt64((index - start) % 64)) & 1
            }
            #expect(bit(draw) == 0, "seed \(seed) draw \(index) is not below itself")
            #expect(bit(draw + 1) == 1, "seed \(seed) draw \(index) is below itself + 1")
        }
    }

    @Test("a road packed in pieces of every size equals one call")
    func pieces() {
        let threshold = Uni.threshold(density: 0.3)
        let whole = sequentialWords(seed: 42, start: 0, count: 64 * 100, threshold: threshold)
        var stream = UniStream(seed: 42)
        var words = [UInt64](repeating: 0, count: 100)
        // Whole words at a time, so that each piece starts on a word.
        var done = 0
        for pieceWords in [1, 2, 31, 32, 33, 1] {
            words.withUnsafeMutableBufferPointer {
                stream.packDraws(below: threshold, count: 64 * pieceWords, into: $0.baseAddress! + done)
            }
            done += pieceWords
        }
        #expect(Array(words[..<done]) == Array(whole[..<done]))
    }

    @Test("RandomRoad.pack equals its cells one by one", arguments: [0, 64, 999, 123_456_789])
    func randomRoadPack(start: Int) {
        let road = RandomRoad(seed: 900_000_000, density: 0.7)
        var words = [UInt64](repeating: 0, count: 80)
        words.withUnsafeMutableBufferPointer { road.pack(into: $0.baseAddress!, start: start, count: 5000) }
        var cells: [UInt8] = []
        road.forEachCell(start: start, count: 5000) { cells.append($0) }
        #expect(cells.indices.allSatisfy { UInt64(cells[$0]) == (words[$0 / 64] >> UInt64($0 % 64)) & 1 })
        #expect(words[78] >> 8 == 0 && words[79] == 0)
    }
}
