import Foundation
import Testing
import TrafficCommandLine

// swift-ser and swift-vec as programs: what a user sees on stdout, stderr and
// in the exit status (SPEC sections 3 to 5).

/// A built program: beside this test bundle, else in the Makefile's bin/.
func program(_ name: String) -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["TRAFFIC_BIN"] ?? "bin", relativeTo: repository)
            .appendingPathComponent(name),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}

/// Where a run's stdout goes.
enum Stdout: Sendable {
    case captured
    case full
    case closed
}

struct Run {
    let status: Int32
    let out: String
    let err: String
}

/// Runs `name` with `arguments` and stdout as asked.
func run(_ name: String, _ arguments: [String], stdout: Stdout = .captured) throws -> Run {
    let process = Process()
    switch stdout {
    case .captured, .full:
        process.executableURL = program(name)
        process.arguments = arguments
    case .closed:
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" >&-", program(name).path] + arguments
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = stdout == .full ? FileHandle(forWritingAtPath: "/dev/full") : out
    process.standardError = err
    try process.run()
    try? out.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
               err: String(decoding: errData, as: UTF8.self))
}

let programs = ["swift-ser", "swift-vec"]

@Suite("the serial programs")
struct ProgramTests {
    @Test("bad input: one stderr line, nothing on stdout, status 2", arguments: programs, [
        (["--foo"], "unknown option '--foo'"),
        (["--cells", "abc", "--help"], "--cells 'abc' is not an integer (allowed: N >= 1)"),
        (["--density", "0x1p-1"], "--density '0x1p-1' is not a number (allowed: 0 <= X <= 1)"),
        (["--seed", "-1"], "--seed '-1' is out of range (allowed: 0 <= N <= 900000000)"),
        (["--trace", "--report"], "--report needs a value (allowed: N >= 1)"),
        ([""], "unexpected argument ''"),
    ])
    func badInput(name: String, input: ([String], String)) throws {
        let result = try run(name, input.0)
        #expect(result.status == 2)
        #expect(result.out.isEmpty)
        #expect(result.err == "\(name): \(input.1)\n")
    }

    @Test(arguments: programs)
    func helpOnStdout(name: String) throws {
        let result = try run(name, ["--help", "--cells", "abc"])
        #expect(result.status == 0)
        #expect(result.out == ProgramCommandLine(program: name, own: Option.pictureOptions).usage)
        #expect(result.err.isEmpty)
    }

    @Test("no memory: one line naming N, nothing on stdout, status 1",
          arguments: programs, ["9223372036854775807", "1000000000000000"])
    func roadTooLargeForMemory(name: String, cells: String) throws {
        let result = try run(name, ["--cells", cells])
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err == "\(name): cannot allocate memory for \(cells) cells\n")
    }

    @Test("output that cannot be written: one line, status 1", arguments: programs, [
        (Stdout.full, ["--cells", "100", "--iterations", "5", "--trace"], "No space left on device"),
        (.full, ["--cells", "100", "--iterations", "5"], "No space left on device"),
        (.full, ["--help"], "No space left on device"),
        (.closed, ["--cells", "100", "--iterations", "5", "--trace"], "Bad file descriptor"),
        (.closed, ["-h"], "Bad file descriptor"),
    ])
    func lostOutput(name: String, failure: (Stdout, [String], String)) throws {
        let result = try run(name, failure.1, stdout: failure.0)
        #expect(result.status == 1)
        #expect(result.err == "\(name): cannot write output: \(failure.2)\n")
    }

    @Test(arguments: programs)
    func traceRecord(name: String) throws {
        let result = try run(name, ["--cells", "4", "--density", "1", "--iterations", "2", "--trace"])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n")
        #expect(Array(lines.prefix(4)) == ["cars 4", "moves 1 0", "moves 2 0", "checksum 10"])
        #expect(lines.count == 6)
        #expect(lines.last?.hasPrefix("mcops ") == true)
    }

    @Test(arguments: programs)
    func humanOutput(name: String) throws {
        let result = try run(name, ["--cells", "10", "--iterations", "4", "--report", "2", "--density", "0.5"])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(lines.prefix(6)) == ["Length of road is 10", "Number of iterations is 4",
                                           "Target density of cars is 0.500000", "Running on 1 process(es)",
                                           "Actual density of cars is 0.800000", ""])
        #expect(lines[6].hasPrefix("At iteration 2 average velocity is "))
        #expect(lines[7].hasPrefix("At iteration 4 average velocity is "))
        #expect(lines[8].isEmpty)
        #expect(lines[9].hasPrefix("Time taken was ") && lines[9].hasSuffix(" seconds"))
        #expect(lines[10].hasPrefix("Update rate was ") && lines[10].hasSuffix(" MCOPs"))
    }
}
