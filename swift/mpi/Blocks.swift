import TrafficModel

/// One rank's block of the road under one kernel, allocated empty and then
/// filled (so that no rank draws before all have their memory); counts are
/// of its own cells, and `batch` iterations' moves are summed across ranks in
/// one reduction.
protocol RankBlock: RoadBlock {
    /// The bytes the block of `ring`'s rank will take (SPEC 4.2).
    static func bytes(_ ring: Ring) -> Int
    /// An empty block for `ring`'s rank; nil without the memory.
    init?(ring: Ring)
    /// Sets the cells to the block's part of the random road.
    func fill(from road: RandomRoad)
}

/// The course's kernel: Int32 cells with one halo cell per side, swapped with
/// both neighbours before every iteration.
final class CourseBlock: RankBlock {
    private let old: CourseRoad
    private let new: CourseRoad
    private let ring: Ring

    /// Iterations between reductions: the halo swaps already keep the ranks in
    /// step, so this only bounds the buffer of counts.
    let batch = 1024

    static func bytes(_ ring: Ring) -> Int { CourseRoad.pairBytes(cells: ring.decomposition.count) }

    init?(ring: Ring) {
        let cells = ring.decomposition.count
        guard let old = CourseRoad(cells: cells), let new = CourseRoad(cells: cells) else { return nil }
        (self.old, self.new, self.ring) = (old, new, ring)
    }

    func fill(from road: RandomRoad) { road.fill(old.interior, start: ring.decomposition.start) }

    func cars() -> Int { old.cars() }

    func checksum() -> UInt128 { old.checksum(offset: ring.decomposition.start) }

    func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        for step in 0..<iterations {
            swapHalos()
            moves[step] = Int64(new.update(from: old))
            old.copy(from: new)
        }
    }

    private func swapHalos() {
        let cells = old.buffer, last = old.cells
        ring.swapHalos(last: UnsafeBufferPointer(rebasing: cells[last...last]),
                       behind: UnsafeMutableBufferPointer(rebasing: cells[0...0]),
                       first: UnsafeBufferPointer(rebasing: cells[1...1]),
                       ahead: UnsafeMutableBufferPointer(rebasing: cells[(last + 1)...(last + 1)]))
    }
}

/// The bit-packed kernel: halos of `depth` cells swapped once per `depth`
/// iterations.
final class FastBlock: RankBlock {
    private let block: PackedBlock
    private let ring: Ring
    /// The four halo messages, `haloWords` words each, in one allocation.
    private let messages: UnsafeMutableBufferPointer<UInt64>

    /// Halo depth, a multiple of 64 (whole words), as swift-vec's; smaller
    /// only when a block is smaller, since a halo comes from one neighbour.
    /// Exchanges and reductions then cost little against the `depth`
    /// iterations between them.
    static let maxDepth = WholePackedRoad.depth

    private static func depth(_ ring: Ring) -> Int { min(maxDepth, ring.decomposition.smallestBlock) }

    /// The packed block; its four halo messages are a few hundred bytes.
    static func bytes(_ ring: Ring) -> Int {
        PackedBlock.bytes(cells: ring.decomposition.count, depth: depth(ring))
    }

    init?(ring: Ring) {
        guard let block = PackedBlock(cells: ring.decomposition.count, depth: Self.depth(ring)) else { return nil }
        (self.block, self.ring) = (block, ring)
        messages = .allocate(capacity: 4 * block.haloWords)
        messages.initialize(repeating: 0)
    }

    deinit { messages.deallocate() }

    var batch: Int { block.depth }

    func fill(from road: RandomRoad) { block.fill(from: road, start: ring.decomposition.start) }

    func cars() -> Int { block.cars() }

    func checksum() -> UInt128 { block.checksum(offset: ring.decomposition.start) }

    func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        swapHalos()
        block.advance(iterations: iterations, moves: moves)
    }

    private func message(_ k: Int) -> UnsafeMutableBufferPointer<UInt64> {
        let words = block.haloWords
        return UnsafeMutableBufferPointer(rebasing: messages[(k * words)..<((k + 1) * words)])
    }

    private func swapHalos() {
        let (toRight, fromLeft, toLeft, fromRight) = (message(0), message(1), message(2), message(3))
        block.copyLastCells(to: toRight.baseAddress!)
        block.copyFirstCells(to: toLeft.baseAddress!)
        ring.swapHalos(last: UnsafeBufferPointer(toRight), behind: fromLeft,
                       first: UnsafeBufferPointer(toLeft), ahead: fromRight)
        block.installLeftHalo(from: fromLeft.baseAddress!)
        block.installRightHalo(from: fromRight.baseAddress!)
    }
}
