import MPI
import TrafficModel

// The ring of ranks, each holding block `rank` of the decomposition of SPEC
// section 6 (BlockDecomposition).

/// Halo swaps with both neighbours on the ring of ranks.
struct Ring {
    let communicator: Communicator
    let decomposition: BlockDecomposition

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
