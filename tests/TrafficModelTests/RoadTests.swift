import Testing
import TrafficCommandLine
import TrafficModel

/// A serial course run over given cells: the moves of each iteration and the
/// cells after each one, stepping exactly as swift-ser does.
struct CourseRun {
    var old: CourseRoad
    var new: CourseRoad

    init(cells: Int) {
        old = CourseRoad(cells: cells)!
        new = CourseRoad(cells: cells)!
    }

    init(_ cells: [Int32]) {
        self.init(cells: cells.count)
        for (i, cell) in cells.enumerated() { old.interior[i] = cell }
        old.wrapHalos()
    }

    /// One iteration: returns the moves.
    mutating func step() -> Int {
        let moves = new.update(from: old)
        swap(&old, &new)
        old.wrapHalos()
        return moves
    }

    var cells: [Int32] { Array(old.interior) }
}

/// Rule 184 written straight from SPEC section 1, with modular indices.
func referenceStep(_ road: [Int32]) -> (road: [Int32], moves: Int) {
    let n = road.count
    var next = road
    var moves = 0
    for i in 0..<n {
        let behind = road[(i + n - 1) % n], ahead = road[(i + 1) % n]
        if road[i] == 1 {
            next[i] = ahead
            if ahead == 0 { moves += 1 }
        } else {
            next[i] = behind
        }
    }
    return (next, moves)
}

func randomCells(_ count: Int, density: Float, seed: Int) -> [Int32] {
    let road = RandomRoad(seed: seed, density: density)
    var cells: [Int32] = []
    road.forEachCell(start: 0, count: count) { cells.append(Int32($0)) }
    return cells
}

@Suite("rule 184 on the course road")
struct RoadTests {
    @Test("the kernel matches rule 184 as written, and conserves cars",
          arguments: [1, 2, 3, 7, 31, 64, 97, 1000, 4099])
    func kernelMatchesReference(cells: Int) {
        for (density, seed) in [(Float(0.52), 5743), (0.2, 1), (0.8, 77), (0, 3), (1, 4)] {
            var reference = randomCells(cells, density: density, seed: seed)
            var run = CourseRun(reference)
            let cars = run.old.cars()
            for iteration in 1...20 {
                let moves = run.step()
                let expected = referenceStep(reference)
                reference = expected.road
                #expect(moves == expected.moves, "cells \(cells) density \(density) it. \(iteration)")
                #expect(run.cells == reference)
                #expect(run.old.cars() == cars)
            }
        }
    }

    @Test("a jam loses one car per iteration at its front", arguments: [1, 2, 5, 20])
    func jam(length: Int) {
        var run = CourseRun([Int32](repeating: 1, count: length) + [Int32](repeating: 0, count: 3 * length))
        for iteration in 1...length {
            #expect(run.step() == iteration)  // the new escapee plus every free car
            let jam = run.cells.prefix { $0 == 1 }.count
            #expect(jam == length - iteration)
        }
    }

    @Test("a single free car moves every iteration and wraps round", arguments: [0, 5, 9])
    func freeCar(start: Int) {
        let n = 10
        var cells = [Int32](repeating: 0, count: n)
        cells[start] = 1
        var run = CourseRun(cells)
        for iteration in 1...25 {
            #expect(run.step() == 1)
            #expect(run.old.checksum(offset: 0) == (start + iteration) % n + 1)
        }
    }

    @Test func carAtTheEndMovesToTheStart() {
        var run = CourseRun([0, 0, 0, 1])
        #expect(run.step() == 1)
        #expect(run.cells == [1, 0, 0, 0])
    }

    @Test("a full road and a one-cell road never move", arguments: [[1], [1, 1, 1, 1, 1]] as [[Int32]])
    func blocked(cells: [Int32]) {
        var run = CourseRun(cells)
        for _ in 0..<5 { #expect(run.step() == 0) }
        #expect(run.cells == cells)
    }

    @Test func impossibleRoadIsNil() {
        #expect(CourseRoad(cells: Int.max) == nil)
        #expect(CourseRoad(cells: Int.max / 4) == nil)
    }

    @Test func checksumCountsGlobalPositions() {
        let run = CourseRun([1, 0, 1, 1])
        #expect(run.old.checksum(offset: 0) == 1 + 3 + 4)
        #expect(run.old.checksum(offset: 100) == 101 + 103 + 104)
        // Past 64 bits: three cars near the end of the largest road.
        let offset = Int.max - 4
        #expect(run.old.checksum(offset: offset) == 3 * UInt128(offset) + 1 + 3 + 4)
    }

    @Test("the checksum is exact over several pieces of 2^20 cells", arguments: [(1 << 20) - 1, 1 << 20, 3_000_001])
    func checksumOverPieces(cells: Int) throws {
        let road = try #require(CourseRoad(cells: cells))
        let interior = road.interior
        for i in stride(from: 0, to: cells, by: 7) { interior[i] = 1 }
        let expected = stride(from: 0, to: cells, by: 7).reduce(UInt128(0)) { $0 + UInt128(1 << 40 + $1 + 1) }
        #expect(road.checksum(offset: 1 << 40) == expected)
    }

    @Test("any block of the random road equals the same cells of the whole road",
          arguments: [(0, 10), (1, 96), (90, 20), (97, 1), (500, 1000), (12_345, 3)])
    func blocksOfTheRoad(start: Int, count: Int) {
        let whole = randomCells(start + count, density: 0.52, seed: 42)
        let road = RandomRoad(seed: 42, density: 0.52)
        var cells32 = [Int32](repeating: -1, count: count)
        var cells8 = [UInt8](repeating: 9, count: count)
        let cars32 = cells32.withUnsafeMutableBufferPointer { road.fill($0, start: start) }
        let cars8 = cells8.withUnsafeMutableBufferPointer { road.fill($0, start: start) }
        #expect(cells32 == Array(whole[start...]))
        #expect(cells8.map(Int32.init) == cells32)
        #expect(cars32 == Int(whole[start...].reduce(0, +)))
        #expect(cars8 == cars32)
    }

    @Test("the default road: 5,324,578 cars, velocity 0.789610 at 10, 0.898993 at 100")
    func defaultRoad() {
        let config = TrafficConfig()
        let road = RandomRoad(seed: config.seed, density: config.density)
        var run = CourseRun(cells: config.cells)
        let cars = road.fill(run.old.interior, start: 0)
        #expect(cars == 5_324_578)
        run.old.wrapHalos()
        var velocities: [Int: String] = [:]
        for iteration in 1...100 {
            velocities[iteration] = cFormat("%f", Double(run.step()) / Double(cars))
        }
        #expect(velocities[10] == "0.789610")
        #expect(velocities[100] == "0.898993")
        #expect(run.old.cars() == cars)
    }
}
