#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The output of SPEC section 5 in README.md's exact forms: the human report or
// the --trace record. Numbers go through C's own printf formats ("%f", "%.2f")
// so every language prints the same digits.

/// Prints a run's output: `begin` with the cars, `record` for every iteration
/// in order (an MPI program may feed a batch at a time), then `end`.
public struct Reporter {
    public let config: TrafficConfig
    private var out = BufferedOutput()
    private var cars = 0

    /// Starts the human header (nothing for a trace). `workers` is the number
    /// of processes or threads, `unit` how the header names them:
    /// "process(es)" or "thread(s)".
    public init(config: TrafficConfig, workers: Int, unit: String = "process(es)") {
        self.config = config
        if !config.trace {
            out.write("Length of road is \(config.cells)\n")
            out.write("Number of iterations is \(config.iterations)\n")
            out.write("Target density of cars is \(cFormat("%f", Double(config.density)))\n")
            out.write("Running on \(workers) \(unit)\n")
        }
    }

    /// The number of cars on the initial road.
    public mutating func begin(cars: Int) {
        self.cars = cars
        if config.trace {
            out.write("cars \(cars)\n")
        } else {
            out.write("Actual density of cars is \(cFormat("%f", Double(cars) / Double(config.cells)))\n\n")
        }
    }

    /// The moves of iteration `iteration` (1-based).
    public mutating func record(iteration: Int, moves: Int) {
        if config.trace {
            out.write("moves ")
            out.write(iteration)
            out.write(" ")
            out.write(moves)
            out.write("\n")
        } else if iteration % config.report == 0 {
            let velocity = cars == 0 ? 0 : Double(moves) / Double(cars)
            out.write("At iteration \(iteration) average velocity is \(cFormat("%f", velocity))\n")
        }
    }

    /// The checksum after the last iteration and the time of the iteration loop.
    public mutating func end(checksum: Int, seconds: Double) {
        let mcops = cFormat("%.2f", Double(config.cells) * Double(config.iterations) / seconds / 1e6)
        if config.trace {
            out.write("checksum \(checksum)\nseconds \(cFormat("%f", seconds))\nmcops \(mcops)\n")
        } else {
            out.write("\nTime taken was \(cFormat("%f", seconds)) seconds\nUpdate rate was \(mcops) MCOPs\n")
        }
        out.flush()
    }
}

/// C's printf formatting of one Double.
public func cFormat(_ format: String, _ value: Double) -> String {
    withVaList([value]) { args in
        var buffer = [CChar](repeating: 0, count: 512)
        let length = Int(vsnprintf(&buffer, buffer.count, format, args))
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Stdout through one large buffer: a trace can have a line per iteration.
struct BufferedOutput {
    private var bytes: [UInt8] = []
    private static let capacity = 1 << 16

    init() { bytes.reserveCapacity(Self.capacity) }

    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= Self.capacity { flush() }
    }

    /// Decimal digits without going through String.
    mutating func write(_ value: Int) {
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

    mutating func flush() {
        writeAll(bytes, to: STDOUT_FILENO)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Says on stderr that a road of `cells` cells did not fit in memory (the
/// caller then exits with status 1).
public func reportNoMemory(cells: Int) {
    var standardError = StandardError()
    print("\(programName()): cannot allocate memory for \(cells) cells", to: &standardError)
}

/// Standard error as a `TextOutputStream`, for `print(..., to:)`.
public struct StandardError: TextOutputStream {
    public init() {}
    public mutating func write(_ string: String) { writeAll(Array(string.utf8), to: STDERR_FILENO) }
}

/// Writes every byte to a file descriptor (write(2) may take part at a time).
func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { buffer in
        var done = 0
        while done < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            done += written
        }
    }
}

/// Monotonic wall-clock time in seconds, for timing the iteration loop.
public func wallClock() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
