#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TrafficCommandLine

// swift-threads' own option: how many threads (SPEC 4.1: at most 1024).

/// The most threads a threaded program runs.
let mostThreads = 1024

extension Option {
    static let threads = integer("--threads", 1...mostThreads,
                                 help: "threads, 1 <= N <= \(mostThreads) (default OMP_NUM_THREADS,",
                                 "else the cores online)")
}

/// The threads to run: `--threads`, else OMP_NUM_THREADS when it is a
/// positive integer (above 1024 it is bad input; any other value is ignored,
/// as the OpenMP runtimes ignore it), else the cores online.
func threadCount(_ options: ParsedOptions) throws(ProgramFailure) -> Int {
    if let given = options.integer(.threads) { return given }
    if let text = getenv("OMP_NUM_THREADS").map({ String(cString: $0) }), !text.isEmpty {
        let digits = text.hasPrefix("+") ? text.dropFirst() : text[...]
        if !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // Past 64 bits is out of range as well.
            guard let value = Int(digits), value <= mostThreads else {
                throw .badInput(.tooManyThreads(value: text, most: mostThreads))
            }
            if value >= 1 { return value }
        }
    }
    return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
