// One kernel interface for every simulator: a block of the road (the whole
// road, one process's part, or all of a node's threads' parts) that advances
// a batch of iterations at a time and reports what the driver prints.

/// A block of road, built and filled, ready to iterate. Counts are of the
/// cells this block owns; a driver sums them over the processes, if several.
public protocol RoadBlock: AnyObject {
    /// The most iterations `advance` takes at once.
    var batch: Int { get }
    func cars() -> Int
    /// Sum of the 1-based road positions of the block's cars, exact.
    func checksum() -> UInt128
    /// Runs `iterations` (1...batch) iterations, halo exchanges included, and
    /// writes the block's moves in each to `moves[0 ..< iterations]`.
    func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>)
}

/// SPEC section 6: with P blocks, q = N / P and r = N mod P, block k owns
/// q + 1 cells when k < r, else q, in order.
public struct BlockDecomposition: Sendable {
    public let cells: Int
    public let blocks: Int
    public let index: Int

    public init(cells: Int, blocks: Int, index: Int) {
        precondition(blocks >= 1 && index >= 0 && index < blocks)
        (self.cells, self.blocks, self.index) = (cells, blocks, index)
    }

    private var quotient: Int { cells / blocks }
    private var remainder: Int { cells % blocks }

    /// The fewest cells any block owns.
    public var smallestBlock: Int { quotient }
    /// This block's cells.
    public var count: Int { quotient + (index < remainder ? 1 : 0) }
    /// The road position (0-based) of this block's first cell.
    public var start: Int { index * quotient + min(index, remainder) }
    /// The blocks holding the cells behind and ahead: the road is circular.
    public var left: Int { (index + blocks - 1) % blocks }
    public var right: Int { (index + 1) % blocks }
}

/// The whole road as one course road (swift-ser): Int32 cells, the halos
/// refilled from the road's own ends before every iteration.
public final class WholeCourseRoad: RoadBlock {
    private let old: CourseRoad
    private let new: CourseRoad

    /// Only bounds the buffer of moves.
    public let batch = 1024

    /// The random road's first `cells` cells; nil without the memory (SPEC 4.2).
    public init?(cells: Int, road: RandomRoad) {
        guard Memory.fits(CourseRoad.pairBytes(cells: cells)),
              let old = CourseRoad(cells: cells), let new = CourseRoad(cells: cells) else { return nil }
        (self.old, self.new) = (old, new)
        road.fill(old.interior, start: 0)
    }

    public func cars() -> Int { old.cars() }

    public func checksum() -> UInt128 { old.checksum(offset: 0) }

    public func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        for step in 0..<iterations {
            old.wrapHalos()
            moves[step] = Int64(new.update(from: old))
            old.copy(from: new)
        }
    }
}

/// The whole road as one bit-packed block (swift-vec): its halos refilled
/// from its own ends once per batch.
public final class WholePackedRoad: RoadBlock {
    private let block: PackedBlock

    /// Iterations per halo refill, and so per transpose of each chunk into
    /// strips and back. The halos cost the strips no work beyond two halo
    /// strips per chunk, so deep is cheap: 2,048 measured 5% faster than 512
    /// and 1% faster than 1,024, and 4,096 no faster.
    public static let depth = 2048

    public var batch: Int { block.depth }

    public init?(cells: Int, road: RandomRoad) {
        guard Memory.fits(PackedBlock.bytes(cells: cells, depth: Self.depth)),
              let block = PackedBlock(cells: cells, depth: Self.depth) else { return nil }
        self.block = block
        block.fill(from: road, start: 0)
    }

    public func cars() -> Int { block.cars() }

    public func checksum() -> UInt128 { block.checksum(offset: 0) }

    public func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        block.fillPeriodicHalos()
        block.advance(iterations: iterations, moves: moves)
    }
}
