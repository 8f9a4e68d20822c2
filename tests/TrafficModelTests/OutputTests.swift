#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TrafficCommandLine

// Output (SPEC 4.3 and 5): the buffered writer keeps the first failed write,
// and the reporter's lines.

/// What `body` writes to a pipe (less than the pipe holds) through the
/// writer it is given, which it finishes.
func captured(_ body: (BufferedOutput) throws -> Void) throws -> String {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    defer { close(ends[0]) }
    try body(BufferedOutput(descriptor: ends[1]))
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while case let count = read(ends[0], &chunk, chunk.count), count > 0 { bytes += chunk[..<count] }
    return String(decoding: bytes, as: UTF8.self)
}

@Suite("output")
struct OutputTests {
    @Test func writesTextAndIntegers() throws {
        let text = try captured { output in
            var output = output
            output.write("moves ")
            output.write(0)
            output.write(" ")
            output.write(Int.min)
            output.write(" ")
            output.write(Int.max)
            output.finish()
            #expect(output.failure == nil)
        }
        #expect(text == "moves 0 -9223372036854775808 9223372036854775807")
    }

    /// Less than a pipe holds, but more than the buffer: flushed on the way.
    @Test func flushesWhenTheBufferFills() throws {
        let line = String(repeating: "x", count: 999) + "\n"
        let text = try captured { output in
            var output = output
            for _ in 0..<60 { output.write(line) }
            output.finish()
            #expect(output.failure == nil)
        }
        #expect(text == String(repeating: line, count: 60))
    }

    @Test("a failed write is kept, later output dropped, up to the final close")
    func keepsTheFirstFailure() throws {
        let full = open("/dev/full", O_WRONLY)
        try #require(full >= 0)
        var output = BufferedOutput(descriptor: full)
        #expect(output.failure == nil)
        output.write("cars 1\n")
        #expect(output.failure == nil)  // still in the buffer
        output.flush()
        #expect(output.failure == ENOSPC)
        output.write(String(repeating: "moves 1 1\n", count: 10_000))
        output.finish()
        #expect(output.failure == ENOSPC)
        #expect(throws: ProgramFailure.cannotWrite(errno: ENOSPC)) { try output.check() }
    }

    @Test func failuresSayTheContractsLines() {
        #expect(ProgramFailure.cannotWrite(errno: ENOSPC).message == "cannot write output: No space left on device")
        #expect(ProgramFailure.cannotWrite(errno: EBADF).message == "cannot write output: Bad file descriptor")
        #expect(ProgramFailure.noMemory(cells: .max).message == "cannot allocate memory for 9223372036854775807 cells")
        #expect(ProgramFailure.badInput(.unknownOption("--x")).message == "unknown option '--x'")
        #expect(ProgramFailure.badInput(.unexpectedArgument("x")).status == 2)
        #expect(ProgramFailure.noMemory(cells: 1).status == 1)
        #expect(ProgramFailure.cannotWrite(errno: EPIPE).status == 1)
    }

    @Test func traceRecord() throws {
        let text = try captured { output in
            var reporter = Reporter(config: TrafficConfig(cells: 4, iterations: 2, trace: true), workers: 1,
                                    output: output)
            reporter.begin(cars: 3)
            reporter.record(iteration: 1, moves: 2)
            reporter.record(iteration: 2, moves: 1)
            reporter.end(checksum: UInt128(Int.max) * 4, seconds: 0.5)
            try reporter.finish()
        }
        #expect(text == "cars 3\nmoves 1 2\nmoves 2 1\nchecksum 36893488147419103228\nseconds 0.500000\nmcops 0.00\n")
    }

    @Test func humanReport() throws {
        let text = try captured { output in
            var reporter = Reporter(config: TrafficConfig(cells: 10, iterations: 4, density: 0.5, report: 2),
                                    workers: 3, output: output)
            reporter.begin(cars: 4)
            for iteration in 1...4 { reporter.record(iteration: iteration, moves: iteration) }
            reporter.end(checksum: 20, seconds: 0.25)
            try reporter.finish()
        }
        #expect(text == """
            Length of road is 10
            Number of iterations is 4
            Target density of cars is 0.500000
            Running on 3 process(es)
            Actual density of cars is 0.400000

            At iteration 2 average velocity is 0.500000
            At iteration 4 average velocity is 1.000000

            Time taken was 0.250000 seconds
            Update rate was 0.00 MCOPs

            """)
    }
}
