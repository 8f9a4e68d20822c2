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

    /// Sends `send` to rank `destination` while receiving `receive.count`
    /// elements from rank `source`, both under `tag`. Use different tags for
    /// different exchanges that may be in flight between the same two ranks.
    public func sendReceive<T: BitwiseCopyable>(
        _ send: UnsafeBufferPointer<T>, to destination: Int,
        into receive: UnsafeMutableBufferPointer<T>, from source: Int, tag: Int
    ) {
        MPI_Sendrecv(
            send.baseAddress, Self.byteCount(send.count, of: T.self), cmpi_byte(),
            Int32(destination), Int32(tag),
            receive.baseAddress, Self.byteCount(receive.count, of: T.self), cmpi_byte(),
            Int32(source), Int32(tag), handle, cmpi_status_ignore())
    }

    /// The element-wise sum of `values` over all ranks, returned on every rank.
    public func allReduceSum(_ values: [Int64]) -> [Int64] {
        var result = [Int64](repeating: 0, count: values.count)
        MPI_Allreduce(values, &result, Int32(values.count), cmpi_int64(), cmpi_sum(), handle)
        return result
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
    private static func byteCount<T>(_ count: Int, of _: T.Type) -> Int32 {
        Int32(count * MemoryLayout<T>.stride)
    }
}
