// A small Swift layer over the C MPI library: only what the traffic codes use.
// Handles are kept by their MPI type names (MPI_Comm, MPI_Datatype, MPI_Op) and
// never compared with anything, so this source builds against Open MPI, whose
// handles are pointers, and against MPICH or Cray MPICH, whose handles are ints.
import CMPI

public enum MPI {
    /// Starts MPI; call once, before any other MPI function.
    public static func initialize() {
        MPI_Init(nil, nil)
    }

    /// Shuts MPI down; every rank calls it before exiting.
    public static func finalize() {
        MPI_Finalize()
    }

    /// Seconds since an arbitrary moment in the past (MPI_Wtime).
    public static func wallTime() -> Double {
        MPI_Wtime()
    }
}

/// A message to send and one to receive, as in MPI_Sendrecv: `send` goes to
/// rank `destination`, `receive` is filled from rank `source`, both under `tag`.
public struct Transfer<Element: BitwiseCopyable> {
    public let send: UnsafeBufferPointer<Element>
    public let destination: Int
    public let receive: UnsafeMutableBufferPointer<Element>
    public let source: Int
    public let tag: Int

    public init(send: UnsafeBufferPointer<Element>, to destination: Int,
                receive: UnsafeMutableBufferPointer<Element>, from source: Int, tag: Int) {
        (self.send, self.destination, self.receive, self.source, self.tag) = (send, destination, receive, source, tag)
    }
}

/// A communicator. The library's default error handler aborts the job on any
/// failure, so the return codes are not inspected here.
public struct Communicator {
    let handle: MPI_Comm

    public static var world: Communicator {
        Communicator(handle: cmpi_comm_world())
    }

    public var rank: Int {
        var value: Int32 = 0
        MPI_Comm_rank(handle, &value)
        return Int(value)
    }

    public var size: Int {
        var value: Int32 = 0
        MPI_Comm_size(handle, &value)
        return Int(value)
    }

    public func barrier() {
        MPI_Barrier(handle)
    }

    /// Carries out two transfers at once, say with both neighbours on a ring:
    /// posts both receives, then both sends, then waits for all four, so that
    /// a rank waits for its neighbours once rather than once per transfer
    /// (which matters most when ranks share cores). Transfers that may run
    /// between the same two ranks need different tags.
    public func sendReceive<Element: BitwiseCopyable>(_ first: Transfer<Element>, _ second: Transfer<Element>) {
        var requests = cmpi_requests()
        withUnsafeMutablePointer(to: &requests) { slots in
            let receive = { (transfer: Transfer<Element>, slot: Int32) in
                _ = MPI_Irecv(transfer.receive.baseAddress, Self.byteCount(transfer.receive), cmpi_byte(),
                              Int32(transfer.source), Int32(transfer.tag), handle, cmpi_request(slots, slot))
            }
            let send = { (transfer: Transfer<Element>, slot: Int32) in
                _ = MPI_Isend(transfer.send.baseAddress, Self.byteCount(transfer.send), cmpi_byte(),
                              Int32(transfer.destination), Int32(transfer.tag), handle, cmpi_request(slots, slot))
            }
            receive(first, 0)
            receive(second, 1)
            send(first, 2)
            send(second, 3)
            MPI_Waitall(4, cmpi_request(slots, 0), cmpi_statuses_ignore())
        }
    }

    /// The element-wise sum of `values` over all ranks, returned on every rank.
    public func allReduceSum(_ values: [Int64]) -> [Int64] {
        var result = [Int64](repeating: 0, count: values.count)
        MPI_Allreduce(values, &result, Int32(values.count), cmpi_int64(), cmpi_sum(), handle)
        return result
    }

    /// The sum of `value` over the ranks that share this rank's memory (its
    /// node: MPI_Comm_split_type with MPI_COMM_TYPE_SHARED), on each of them.
    public func nodeSum(_ value: Int64) -> Int64 {
        let node: MPI_Comm = cmpi_comm_split_shared(handle)
        defer { cmpi_comm_free(node) }
        return Communicator(handle: node).allReduceSum([value])[0]
    }

    /// The element-wise sum of `values` over all ranks; only `root` receives
    /// it, the other ranks get zeros.
    public func reduceSum(_ values: [Int64], root: Int) -> [Int64] {
        var result = [Int64](repeating: 0, count: values.count)
        MPI_Reduce(values, &result, Int32(values.count), cmpi_int64(), cmpi_sum(), Int32(root), handle)
        return result
    }

    /// Ends every process of the job with `code`.
    public func abort(code: Int32) -> Never {
        MPI_Abort(handle, code)
        fatalError("MPI_Abort returned")
    }

    /// MPI counts are C ints; a message larger than that is a programming error.
    private static func byteCount<Buffer: Collection>(_ buffer: Buffer) -> Int32 {
        Int32(buffer.count * MemoryLayout<Buffer.Element>.stride)
    }
}
