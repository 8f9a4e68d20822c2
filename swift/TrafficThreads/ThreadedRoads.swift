import Dispatch
import TrafficModel

// The road on the threads of one node (swift-threads): each worker owns one
// contiguous block (the decomposition of SPEC section 6), builds it with the
// generator's jump-ahead and iterates it; halos pass between neighbours in
// memory, and the moves of each batch are summed exactly across workers.
// Every parallel step is one DispatchQueue.concurrentPerform: its return is
// the only synchronisation, so a worker never waits for another inside one.

/// Per-worker storage that workers write and read at distinct indices.
final class WorkerSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: value, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }
}

/// Runs `body(k)` for k in 0..<workers on the threads of Dispatch's pool.
@inline(__always)
func perform(_ workers: Int, _ body: @Sendable (Int) -> Void) {
    if workers == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: body) }
}

/// The moves of every worker in each iteration of a batch, one row per
/// worker, summed in memory (exactly, in 64 bits) after the batch.
final class MoveRows: @unchecked Sendable {
    let workers: Int
    let batch: Int
    let rows: WorkerSlots<Int64>

    init(workers: Int, batch: Int) {
        (self.workers, self.batch) = (workers, batch)
        rows = WorkerSlots(count: workers * batch, repeating: 0)
    }

    func row(_ worker: Int) -> UnsafeMutablePointer<Int64> { rows.base + worker * batch }

    func sum(iterations: Int, into moves: UnsafeMutablePointer<Int64>) {
        moves.update(repeating: 0, count: iterations)
        for k in 0..<workers {
            let row = row(k)
            for step in 0..<iterations { moves[step] &+= row[step] }
        }
    }
}

/// The blocks of `workers` workers on a road of `cells` cells (SPEC section 6).
func parts(_ cells: Int, _ workers: Int) -> [BlockDecomposition] {
    (0..<workers).map { BlockDecomposition(cells: cells, blocks: workers, index: $0) }
}

/// The bit-packed kernel on `threads` workers: halos of `depth` cells passed
/// once per `depth` iterations.
public final class ThreadedPackedRoad: RoadBlock, @unchecked Sendable {
    /// Workers that own cells: the threads, or the cells if fewer (the rest idle).
    public let workers: Int
    private let blocks: WorkerSlots<PackedBlock?>
    private let starts: [Int]
    private let haloWords: Int
    /// Each worker's first and last `depth` cells, twice: a batch reads the
    /// copies of one parity and writes the other's, so no worker overwrites
    /// what a neighbour may still be reading.
    private let messages: WorkerSlots<UInt64>
    private var parity = 0
    private let rows: MoveRows

    /// Halo depth, a multiple of 64, as swift-vec's; smaller only when a
    /// block is smaller, since a halo comes from one neighbour.
    public static let maxDepth = WholePackedRoad.depth

    public var batch: Int { rows.batch }

    /// The random road on `threads` workers, each allocating (first touch)
    /// and filling its own block; nil if any block lacks the memory.
    public init?(cells: Int, threads: Int, road: RandomRoad) {
        let workers = min(threads, cells)
        let depth = min(Self.maxDepth, cells / workers)
        let haloWords = (depth + 63) / 64
        guard Memory.fits(Memory.total(parts(cells, workers).map { PackedBlock.bytes(cells: $0.count, depth: depth) }))
        else { return nil }
        let blocks = WorkerSlots<PackedBlock?>(count: workers, repeating: nil)
        let messages = WorkerSlots<UInt64>(count: 2 * 2 * workers * haloWords, repeating: 0)
        perform(workers) { k in
            let part = BlockDecomposition(cells: cells, blocks: workers, index: k)
            guard let block = PackedBlock(cells: part.count, depth: depth) else { return }
            block.fill(from: road, start: part.start)
            block.copyFirstCells(to: messages.base + (2 * k) * haloWords)
            block.copyLastCells(to: messages.base + (2 * k + 1) * haloWords)
            blocks[k] = block
        }
        for k in 0..<workers where blocks[k] == nil { return nil }
        self.workers = workers
        self.blocks = blocks
        self.messages = messages
        self.haloWords = haloWords
        starts = parts(cells, workers).map(\.start)
        rows = MoveRows(workers: workers, batch: depth)
    }

    /// Worker `k`'s first (`last` false) or last cells, in the copies of `parity`.
    private func message(_ k: Int, last: Bool, parity: Int) -> UnsafeMutablePointer<UInt64> {
        messages.base + ((parity * workers + k) * 2 + (last ? 1 : 0)) * haloWords
    }

    public func cars() -> Int { (0..<workers).reduce(0) { $0 + blocks[$1]!.cars() } }

    public func checksum() -> UInt128 {
        (0..<workers).reduce(0) { $0 + blocks[$1]!.checksum(offset: starts[$1]) }
    }

    public func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        let (read, write) = (parity, 1 - parity)
        perform(workers) { k in
            let block = blocks[k]!
            let part = BlockDecomposition(cells: 0, blocks: workers, index: k)
            block.installLeftHalo(from: message(part.left, last: true, parity: read))
            block.installRightHalo(from: message(part.right, last: false, parity: read))
            block.advance(iterations: iterations, moves: rows.row(k))
            block.copyFirstCells(to: message(k, last: false, parity: write))
            block.copyLastCells(to: message(k, last: true, parity: write))
        }
        parity = write
        rows.sum(iterations: iterations, into: moves)
    }
}

/// The course's kernel on `threads` workers: Int32 cells, one halo cell each
/// side passed every iteration, the new road copied back into the old.
public final class ThreadedCourseRoad: RoadBlock, @unchecked Sendable {
    public let workers: Int
    private let old: [CourseRoad]
    private let new: [CourseRoad]
    private let starts: [Int]
    /// Each worker's first and last cell, twice, by parity as above.
    private let edges: WorkerSlots<Int32>
    private var parity = 0
    private let rows: MoveRows

    /// Iterations between sums of the moves: only bounds their buffer.
    public static let defaultBatch = 1024

    public var batch: Int { rows.batch }

    public init?(cells: Int, threads: Int, road: RandomRoad) {
        let workers = min(threads, cells)
        guard Memory.fits(Memory.total(parts(cells, workers).map { CourseRoad.pairBytes(cells: $0.count) }))
        else { return nil }
        let roads = WorkerSlots<(CourseRoad, CourseRoad)?>(count: workers, repeating: nil)
        let edges = WorkerSlots<Int32>(count: 2 * 2 * workers, repeating: 0)
        perform(workers) { k in
            let part = BlockDecomposition(cells: cells, blocks: workers, index: k)
            guard let old = CourseRoad(cells: part.count), let new = CourseRoad(cells: part.count) else { return }
            road.fill(old.interior, start: part.start)
            // calloc's pages are untouched until written: this worker's first.
            new.copy(from: old)
            edges[2 * k] = old.buffer[1]
            edges[2 * k + 1] = old.buffer[part.count]
            roads[k] = (old, new)
        }
        var old: [CourseRoad] = [], new: [CourseRoad] = []
        for k in 0..<workers {
            guard let pair = roads[k] else { return nil }
            old.append(pair.0)
            new.append(pair.1)
        }
        self.workers = workers
        (self.old, self.new, self.edges) = (old, new, edges)
        starts = parts(cells, workers).map(\.start)
        rows = MoveRows(workers: workers, batch: Self.defaultBatch)
    }

    public func cars() -> Int { old.reduce(0) { $0 + $1.cars() } }

    public func checksum() -> UInt128 {
        (0..<workers).reduce(0) { $0 + old[$1].checksum(offset: starts[$1]) }
    }

    public func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        for step in 0..<iterations {
            let (read, write) = (parity, 1 - parity)
            perform(workers) { k in
                let (old, new) = (old[k], new[k])
                let part = BlockDecomposition(cells: 0, blocks: workers, index: k)
                let last = old.cells
                old.buffer[0] = edges[(read * workers + part.left) * 2 + 1]
                old.buffer[last + 1] = edges[(read * workers + part.right) * 2]
                rows.row(k)[step] = Int64(new.update(from: old))
                old.copy(from: new)
                edges[(write * workers + k) * 2] = old.buffer[1]
                edges[(write * workers + k) * 2 + 1] = old.buffer[last]
            }
            parity = write
        }
        rows.sum(iterations: iterations, into: moves)
    }
}
