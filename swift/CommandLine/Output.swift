#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Writing to stdout and stderr (SPEC 4.3): every write to stdout is checked,
// and the first failure is kept for the program to report.

/// Output to a file descriptor through one large buffer (a trace can have a
/// line per iteration). A write that fails is remembered, not retried: the
/// output after it is dropped.
public struct BufferedOutput {
    private let descriptor: Int32
    /// The errno of the first write that failed.
    public private(set) var failure: Int32?
    private var bytes: [UInt8] = []
    private static let capacity = 1 << 16

    /// A closed descriptor fails from the start (EBADF), and is taken by
    /// /dev/null opened read-only: no file opened later, by this program or
    /// its libraries, then gets its number and the output meant for it.
    public init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
        bytes.reserveCapacity(Self.capacity)
        if fcntl(descriptor, F_GETFD) == -1 {
            failure = errno
            Self.occupy(descriptor)
        }
    }

    private static func occupy(_ descriptor: Int32) {
        let null = open("/dev/null", O_RDONLY)
        if null >= 0 && null != descriptor {
            dup2(null, descriptor)
            close(null)
        }
    }

    public mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= Self.capacity { flush() }
    }

    /// Decimal digits without going through String.
    public mutating func write(_ value: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var magnitude = value.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
        if bytes.count >= Self.capacity { flush() }
    }

    /// Writes out the buffer, unless an earlier write failed.
    public mutating func flush() {
        if failure == nil { failure = writeAll(bytes, to: descriptor) }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the descriptor: closing can report a failure too
    /// (a file system that writes late).
    public mutating func finish() {
        flush()
        if close(descriptor) != 0 && failure == nil { failure = errno }
    }
}

/// Writes one line to stderr. Nothing is done if that fails: there is no
/// other place to say so.
func printError(_ line: String) {
    _ = writeAll(Array((line + "\n").utf8), to: STDERR_FILENO)
}

/// Writes every byte to a file descriptor (write(2) may take part at a time);
/// the errno of a failure.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
    bytes.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += written
        }
        return nil
    }
}

/// C's printf formatting of one Double: every language prints the same digits.
public func cFormat(_ format: String, _ value: Double) -> String {
    withVaList([value]) { args in
        var buffer = [CChar](repeating: 0, count: 512)
        let length = Int(vsnprintf(&buffer, buffer.count, format, args))
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
