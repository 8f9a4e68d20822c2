import Testing
import TrafficModel
import TrafficThreads

/// Every iteration's moves of a RoadBlock, in batches of at most `batch`
/// (some shorter, as a driver's last one), then its cars and checksum.
func runBlock(_ block: some RoadBlock, iterations: Int) -> (moves: [Int64], cars: Int, checksum: UInt128) {
    var moves = [Int64](repeating: -1, count: iterations)
    var done = 0, short = 1
    while done < iterations {
        // Alternate short and full batches.
        let count = min(short % 3 == 0 ? block.batch : short, block.batch, iterations - done)
        moves.withUnsafeMutableBufferPointer { block.advance(iterations: count, moves: $0.baseAddress! + done) }
        done += count
        short += 1
    }
    return (moves, block.cars(), block.checksum())
}

@Suite("Road blocks: whole and threaded roads")
struct RoadBlockTests {
    /// (cells, threads): blocks of one cell, more threads than cells, uneven
    /// blocks around words, one block.
    static let cases: [(Int, Int)] = [(1, 1), (1, 3), (5, 8), (64, 2), (130, 3), (1000, 7), (4097, 4),
                                      (100_003, 3), (20_000, 1)]

    @Test("whole and threaded roads, both kernels, match the naive rule", arguments: cases)
    func matchNaive(cells: Int, threads: Int) throws {
        let road = RandomRoad(seed: 17, density: 0.45)
        let iterations = cells > 10_000 ? 300 : 700
        let start = randomCells(count: cells, density: 0.45, seed: 17)
        let (final, moves) = naiveIterations(start, iterations)
        let expected = (moves, start.reduce(0) { $0 + Int($1) }, naiveChecksum(final, offset: 0))
        let blocks: [any RoadBlock] = [
            try #require(WholeCourseRoad(cells: cells, road: road)),
            try #require(WholePackedRoad(cells: cells, road: road)),
            try #require(ThreadedPackedRoad(cells: cells, threads: threads, road: road)),
            try #require(ThreadedCourseRoad(cells: cells, threads: threads, road: road)),
        ]
        for block in blocks {
            let result = runBlock(block, iterations: iterations)
            #expect(result.moves == expected.0, "\(type(of: block))")
            #expect(result.cars == expected.1, "\(type(of: block))")
            #expect(result.checksum == expected.2, "\(type(of: block))")
        }
    }

    @Test("threaded roads idle the threads beyond the cells")
    func idleThreads() throws {
        let road = RandomRoad(seed: 1, density: 0.5)
        #expect(try #require(ThreadedPackedRoad(cells: 3, threads: 1024, road: road)).workers == 3)
        #expect(try #require(ThreadedCourseRoad(cells: 1000, threads: 8, road: road)).workers == 8)
    }

    @Test("a road too large for memory is nil, whatever the threads", arguments: [1, 2, 5])
    func noMemory(threads: Int) {
        let road = RandomRoad(seed: 1, density: 0.5)
        #expect(ThreadedPackedRoad(cells: Int.max, threads: threads, road: road) == nil)
        #expect(ThreadedCourseRoad(cells: Int.max, threads: threads, road: road) == nil)
    }
}
