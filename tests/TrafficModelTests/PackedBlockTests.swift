import Testing
import TrafficCommandLine
import TrafficModel

/// Rule 184 the obvious way, one cell at a time on a circular road: the
/// reference for the packed kernel. Returns the road after each iteration's
/// update and that iteration's moves.
func naiveIterations(_ start: [UInt8], _ iterations: Int) -> (road: [UInt8], moves: [Int64]) {
    var road = start
    var moves: [Int64] = []
    let n = road.count
    for _ in 0..<iterations {
        var next = road
        var moved: Int64 = 0
        for i in 0..<n {
            let behind = road[(i + n - 1) % n], here = road[i], ahead = road[(i + 1) % n]
            if here == 1 {
                next[i] = ahead
                if ahead == 0 { moved += 1 }
            } else {
                next[i] = behind
            }
        }
        moves.append(moved)
        road = next
    }
    return (road, moves)
}

/// Sum of the 1-based global positions of the cars, cell i at `offset + i + 1`.
func naiveChecksum(_ road: [UInt8], offset: Int) -> UInt128 {
    road.indices.reduce(0) { $0 + (road[$1] == 1 ? UInt128(offset + $1 + 1) : 0) }
}

/// Cells `start ..< start + cells` of the random road in a packed block.
func packedRoad(_ road: RandomRoad, start: Int = 0, cells: Int, depth: Int) throws -> PackedBlock {
    let block = try #require(PackedBlock(cells: cells, depth: depth))
    block.fill(from: road, start: start)
    return block
}

/// Cells `start ..< start + count` of the random road, 0 or 1.
func randomCells(start: Int = 0, count: Int, density: Float, seed: Int = 5743) -> [UInt8] {
    var cells: [UInt8] = []
    RandomRoad(seed: seed, density: density).forEachCell(start: start, count: count) { cells.append($0) }
    return cells
}

/// Runs a whole periodic road for `iterations` in batches of at most `depth`,
/// as swift-vec does; returns every iteration's moves.
func runPeriodic(_ block: PackedBlock, iterations: Int) -> [Int64] {
    var moves = [Int64](repeating: -1, count: iterations)
    var done = 0
    while done < iterations {
        let batch = min(block.depth, iterations - done)
        block.fillPeriodicHalos()
        moves.withUnsafeMutableBufferPointer { block.advance(iterations: batch, moves: $0.baseAddress! + done) }
        done += batch
    }
    return moves
}

@Suite("Bit-packed kernel")
struct PackedBlockTests {
    // Lengths around word boundaries, shorter and longer than the halos, and
    // several chunks. 16,256 and 65,024 cells fill a chunk's 254 own strips
    // exactly (strips of 64 and 256 cells: one count mask throughout, and
    // blocks of 32 positions); the others end inside a strip. Depths within
    // one halo word and over several.
    static let lengths = [1, 2, 3, 63, 64, 65, 127, 128, 129, 191, 1000, 4097, 16_256, 16_384, 20_011, 65_024]
    static let depths = [1, 2, 63, 64, 65, 130]

    @Test("advance matches the naive kernel", arguments: lengths, depths)
    func matchesNaive(cells: Int, depth: Int) throws {
        let start = randomCells(count: cells, density: 0.52, seed: cells + depth)
        let iterations = 2 * depth + 7  // full batches and a short one
        let expected = naiveIterations(start, iterations)
        // Chunks of 3 own words, each in strips of 64 cells and ending
        // inside a strip, and chunks as large as the road allows.
        for chunkWords in [3, PackedBlock.defaultChunkWords] {
            let block = try #require(PackedBlock(cells: start, depth: depth, chunkWords: chunkWords))
            #expect(runPeriodic(block, iterations: iterations) == expected.moves)
            #expect(block.unpacked() == expected.road)
        }
    }

    @Test("empty, full and sparse roads", arguments: [Float(0), 0.05, 0.5, 0.95, 1])
    func densities(density: Float) throws {
        let start = randomCells(count: 777, density: density)
        let expected = naiveIterations(start, 100)
        let block = try #require(PackedBlock(cells: start, depth: 40, chunkWords: 2))
        #expect(runPeriodic(block, iterations: 100) == expected.moves)
        #expect(block.unpacked() == expected.road)
        #expect(block.cars() == start.reduce(0) { $0 + Int($1) })
    }

    @Test("the spec's check values on the default road")
    func defaultRoad() throws {
        let cells = 10_240_000
        let block = try packedRoad(RandomRoad(seed: 5743, density: 0.52), cells: cells, depth: 64)
        let cars = block.cars()
        #expect(cars == 5_324_578)
        let moves = runPeriodic(block, iterations: 100)
        let velocity = { (iteration: Int) in cFormat("%f", Double(moves[iteration - 1]) / Double(cars)) }
        #expect(velocity(10) == "0.789610")
        #expect(velocity(100) == "0.898993")
        #expect(block.cars() == cars)
    }

    @Test("a million-cell road in batches of several sizes matches the course kernel")
    func matchesCourseKernel() throws {
        let cells = 1_000_003, depth = 128
        let road = RandomRoad(seed: 5743, density: 0.52)
        let block = try packedRoad(road, cells: cells, depth: depth)
        var old = try #require(CourseRoad(cells: cells)), new = try #require(CourseRoad(cells: cells))
        road.fill(old.interior, start: 0)
        var batchMoves = [Int64](repeating: 0, count: depth)
        // Short and full batches, one and two halo words per chunk.
        for batch in [1, 2, 3, 63, 64, 65, 127, 128, 100] {
            block.fillPeriodicHalos()
            block.advance(iterations: batch, moves: &batchMoves)
            for step in 0..<batch {
                old.wrapHalos()
                let moves = new.update(from: old)
                swap(&old, &new)
                #expect(Int(batchMoves[step]) == moves)
            }
        }
        #expect(block.checksum(offset: 0) == old.checksum(offset: 0))
        #expect(block.cars() == old.cars())
    }

    @Test("cars and checksum with a global offset", arguments: [1, 64, 65, 1000, (1 << 20) + 65, 2_500_000])
    func carsAndChecksum(cells: Int) throws {
        let road = randomCells(count: cells, density: 0.3, seed: cells)
        let block = try #require(PackedBlock(cells: road, depth: 64))
        // The last offset takes the sums past 64 bits.
        for offset in [0, 12_345_678_901, Int.max - cells] {
            #expect(block.checksum(offset: offset) == naiveChecksum(road, offset: offset))
        }
        #expect(block.cars() == road.reduce(0) { $0 + Int($1) })
    }

    @Test("the random road packs cell for cell", arguments: [0, 999])
    func packsRandomRoad(start: Int) throws {
        let road = RandomRoad(seed: 42, density: 0.52)
        let block = try packedRoad(road, start: start, cells: 300, depth: 8)
        #expect(block.unpacked() == randomCells(start: start, count: 300, density: 0.52, seed: 42))
    }

    /// One road cut into blocks, as MPI ranks would hold it.
    static func split(_ road: [UInt8], sizes: [Int], depth: Int) throws -> [PackedBlock] {
        var first = 0
        return try sizes.map { size in
            defer { first += size }
            return try #require(PackedBlock(cells: Array(road[first ..< first + size]), depth: depth, chunkWords: 2))
        }
    }

    /// Each block's first and last cells into its neighbours' halos.
    static func swapHalos(_ blocks: [PackedBlock]) {
        let count = blocks.count
        var words = [UInt64](repeating: 0, count: blocks[0].haloWords)
        for (k, block) in blocks.enumerated() {
            block.copyLastCells(to: &words)
            blocks[(k + 1) % count].installLeftHalo(from: words)
            block.copyFirstCells(to: &words)
            blocks[(k + count - 1) % count].installRightHalo(from: words)
        }
    }

    /// Block sizes and depths, each halo coming from one neighbour.
    static let decompositions = [[64, 64], [100, 37, 200], [65, 129, 70, 300], [130, 130]].flatMap { sizes in
        [1, 37, 64, 65, 130].filter { $0 <= sizes.min()! }.map { (sizes, $0) }
    }

    @Test("blocks swapping halos every depth iterations match the whole road", arguments: decompositions)
    func decomposed(sizes: [Int], depth: Int) throws {
        let road = randomCells(count: sizes.reduce(0, +), density: 0.52, seed: depth)
        let iterations = 3 * depth + 1
        let expected = naiveIterations(road, iterations)
        let blocks = try Self.split(road, sizes: sizes, depth: depth)
        var moves = [Int64](repeating: 0, count: iterations)
        var batchMoves = [Int64](repeating: 0, count: depth)
        var done = 0
        while done < iterations {
            let batch = min(depth, iterations - done)
            Self.swapHalos(blocks)
            for block in blocks {
                block.advance(iterations: batch, moves: &batchMoves)
                for s in 0..<batch { moves[done + s] += batchMoves[s] }
            }
            done += batch
        }
        #expect(moves == expected.moves)
        #expect(blocks.flatMap { $0.unpacked() } == expected.road)
        var offset = 0
        var checksum: UInt128 = 0
        for block in blocks {
            checksum += block.checksum(offset: offset)
            offset += block.cells
        }
        #expect(checksum == naiveChecksum(expected.road, offset: 0))
    }

    @Test("halo words round trip: cells out of one block, into the next", arguments: [1, 63, 64, 65, 200])
    func haloRoundTrip(depth: Int) throws {
        let left = randomCells(count: 333, density: 0.5, seed: 1)
        let right = randomCells(count: 250, density: 0.5, seed: 2)
        let blocks = try Self.split(left + right, sizes: [333, 250], depth: depth)
        var words = [UInt64](repeating: 0, count: blocks[0].haloWords)
        let cells = { (0..<depth).map { (j: Int) -> UInt8 in UInt8(truncatingIfNeeded: words[j / 64] >> (j % 64) & 1) } }
        blocks[0].copyLastCells(to: &words)
        #expect(cells() == Array(left.suffix(depth)))
        // Bits past the last halo cell are clear.
        let spare = depth % 64 == 0 ? 0 : words[depth / 64] >> (depth % 64)
        #expect(spare == 0)
        blocks[0].copyFirstCells(to: &words)
        #expect(cells() == Array(left.prefix(depth)))
        // After a left halo of the other block's last cells, the right block's
        // first cell moves as it would on the joined road.
        blocks[0].copyLastCells(to: &words)
        blocks[1].installLeftHalo(from: words)
        blocks[0].copyFirstCells(to: &words)
        blocks[1].installRightHalo(from: words)
        var moves: [Int64] = [0]
        blocks[1].advance(iterations: 1, moves: &moves)
        let joined = naiveIterations(right + left, 1).road
        #expect(blocks[1].unpacked() == Array(joined.prefix(250)))
    }
}
