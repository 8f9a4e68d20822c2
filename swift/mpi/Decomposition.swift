import MPI

/// SPEC section 6: with P processes, q = N / P and r = N mod P, rank k owns
/// q + 1 cells when k < r, else q, in rank order.
struct Decomposition {
    let cells: Int
    let processes: Int
    let rank: Int

    private var quotient: Int { cells / processes }
    private var remainder: Int { cells % processes }

    /// The fewest cells any rank owns.
    var smallestBlock: Int { quotient }
    /// This rank's cells.
    var count: Int { quotient + (rank < remainder ? 1 : 0) }
    /// The road position (0-based) of this rank's first cell.
    var start: Int { rank * quotient + min(rank, remainder) }
    /// The ranks holding the cells behind and ahead: the road is circular.
    var left: Int { (rank + processes - 1) % processes }
    var right: Int { (rank + 1) % processes }
}

/// Halo swaps with both neighbours on the ring of ranks.
struct Ring {
    let communicator: Communicator
    let decomposition: Decomposition

    /// With two ranks both neighbours are the same rank, and with one rank it
    /// is its own neighbour: each direction has its own tag so that the two
    /// messages cannot be taken for each other.
    private static let rightwardTag = 1
    private static let leftwardTag = 2

    /// Sends this block's `last` cells to the right neighbour, which takes
    /// them as the halo `behind` its first cell, and its `first` cells to the
    /// left neighbour, which takes them as the halo `ahead` of its last cell.
    func swapHalos<T: BitwiseCopyable>(
        last: UnsafeBufferPointer<T>, behind: UnsafeMutableBufferPointer<T>,
        first: UnsafeBufferPointer<T>, ahead: UnsafeMutableBufferPointer<T>
    ) {
        communicator.sendReceive(
            Transfer(send: last, to: decomposition.right, receive: behind, from: decomposition.left,
                     tag: Self.rightwardTag),
            Transfer(send: first, to: decomposition.left, receive: ahead, from: decomposition.right,
                     tag: Self.leftwardTag))
    }
}
