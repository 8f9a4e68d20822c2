import Foundation
import Testing
import TrafficModel

func parse(_ arguments: [String], processes: Int = 1) -> Result<TrafficConfig, CommandLineExit> {
    parseCommandLine(TrafficOptions.self, arguments: arguments, processes: processes).map(\.1)
}

/// Every bad input of SPEC section 4 and the line README.md gives for it.
let badInputs: [([String], String)] = [
    (["--foo"], "unknown option '--foo'"),
    (["--foo=3"], "unknown option '--foo=3'"),
    (["-x"], "unknown option '-x'"),
    (["--trace=yes"], "unknown option '--trace=yes'"),
    (["--help=3"], "unknown option '--help=3'"),
    (["foo"], "unexpected argument 'foo'"),
    (["--cells", "5", "bar"], "unexpected argument 'bar'"),
    (["--cells"], "--cells needs a value (allowed: N >= 1)"),
    (["--trace", "--density"], "--density needs a value (allowed: 0 <= X <= 1)"),
    (["--cells", "abc"], "--cells 'abc' is not an integer (allowed: N >= 1)"),
    (["--cells=1.5"], "--cells '1.5' is not an integer (allowed: N >= 1)"),
    (["--cells", " 5"], "--cells ' 5' is not an integer (allowed: N >= 1)"),
    (["--cells", "99999999999999999999"], "--cells '99999999999999999999' is not an integer (allowed: N >= 1)"),
    (["--cells", "0"], "--cells '0' is out of range (allowed: N >= 1)"),
    (["--iterations", "-3"], "--iterations '-3' is out of range (allowed: N >= 1)"),
    (["--iterations="], "--iterations '' is not an integer (allowed: N >= 1)"),
    (["--report", "0"], "--report '0' is out of range (allowed: N >= 1)"),
    (["--seed", "-1"], "--seed '-1' is out of range (allowed: 0 <= N <= 900000000)"),
    (["--seed", "900000001"], "--seed '900000001' is out of range (allowed: 0 <= N <= 900000000)"),
    (["--density", "x"], "--density 'x' is not a number (allowed: 0 <= X <= 1)"),
    (["--density", "nan"], "--density 'nan' is out of range (allowed: 0 <= X <= 1)"),
    (["--density", "inf"], "--density 'inf' is out of range (allowed: 0 <= X <= 1)"),
    (["--density", "1.5"], "--density '1.5' is out of range (allowed: 0 <= X <= 1)"),
    (["--density", "-0.1"], "--density '-0.1' is out of range (allowed: 0 <= X <= 1)"),
]

@Suite("command line")
struct OptionsTests {
    @Test func defaults() throws {
        let config = try parse([]).get()
        #expect(config == TrafficConfig(cells: 10_240_000, iterations: 100, density: 0.52,
                                        seed: 5743, report: 10, trace: false))
    }

    @Test func everyOptionBothForms() throws {
        let spaced = try parse(["--cells", "1000", "--iterations", "+7", "--density", "0.25",
                                "--seed", "0", "--report", "3", "--trace"]).get()
        let joined = try parse(["--cells=1000", "--iterations=7", "--density=0.25",
                                "--seed=0", "--report=3", "--trace"]).get()
        #expect(spaced == TrafficConfig(cells: 1000, iterations: 7, density: 0.25, seed: 0, report: 3, trace: true))
        #expect(joined == spaced)
    }

    @Test("derived defaults: iterations = floor(1.024e9 / cells) >= 1, report = iterations / 10 >= 1",
          arguments: [(1, 1_024_000_000, 102_400_000), (3, 341_333_333, 34_133_333),
                      (1_024_000_000, 1, 1), (5_000_000_000, 1, 1), (100_000_000, 10, 1)])
    func derivedDefaults(cells: Int, iterations: Int, report: Int) throws {
        let config = try parse(["--cells", String(cells)]).get()
        #expect(config.iterations == iterations)
        #expect(config.report == report)
    }

    @Test func lastRepeatedValueWins() throws {
        #expect(try parse(["--seed", "1", "--seed=2"]).get().seed == 2)
    }

    @Test func densityIsReadAsTheNearestFloat() throws {
        #expect(try parse(["--density", "0.1"]).get().density == Float(0.1))
        #expect(try parse(["--density", "1e-1"]).get().density == Float(0.1))
        #expect(try parse(["--density", "1"]).get().density == 1)
    }

    @Test("help, long and short", arguments: [["--help"], ["-h"], ["--cells", "5", "-h"]])
    func help(arguments: [String]) {
        guard case .failure(let stop) = parse(arguments) else {
            Issue.record("help did not stop the run")
            return
        }
        #expect(stop.status == 0)
        #expect(stop.message.contains("--cells"))
    }

    @Test("bad input gives README's line and status 2", arguments: badInputs)
    func badInput(arguments: [String], message: String) {
        #expect(parse(arguments) == .failure(.usage(message)))
    }

    @Test func fewerCellsThanProcesses() throws {
        #expect(parse(["--cells", "3"], processes: 4) == .failure(.usage(
            "--cells '3' is less than the number of processes, 4 (allowed: N >= 4)")))
        #expect(try parse(["--cells", "4"], processes: 4).get().cells == 4)
    }

    @Test func cFormatIsPrintf() {
        #expect(cFormat("%f", 0.52) == "0.520000")
        #expect(cFormat("%f", Double(Float(0.52))) == "0.520000")
        #expect(cFormat("%.2f", 829.525) == "829.52")
        #expect(cFormat("%f", 1e20) == "100000000000000000000.000000")
    }
}

/// The built swift-ser: beside this test bundle, else in the Makefile's bin/.
let swiftSer: URL = {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("swift-ser"),
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["TRAFFIC_BIN"] ?? "bin", relativeTo: repository)
            .appendingPathComponent("swift-ser"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}()

/// Runs swift-ser: exit status, stdout, stderr.
func runSwiftSer(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = swiftSer
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

@Suite("swift-ser as a program")
struct ProgramTests {
    @Test("bad input: one stderr line, nothing on stdout, status 2", arguments: badInputs)
    func badInput(arguments: [String], message: String) throws {
        let run = try runSwiftSer(arguments)
        #expect(run.status == 2)
        #expect(run.out.isEmpty)
        #expect(run.err == "swift-ser: \(message)\n")
    }

    @Test func helpOnStdout() throws {
        let run = try runSwiftSer(["-h"])
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("USAGE: swift-ser [--cells <N>]"))
        #expect(run.out.contains("--density <X>"))
        #expect(run.err.isEmpty)
    }

    @Test func roadTooLargeForMemory() throws {
        let run = try runSwiftSer(["--cells", "4000000000000000000"])
        #expect(run.status == 1)
        #expect(run.out.isEmpty)
        #expect(run.err == "swift-ser: cannot allocate memory for 4000000000000000000 cells\n")
    }

    @Test func traceRecord() throws {
        let run = try runSwiftSer(["--cells", "4", "--density", "1", "--iterations", "2", "--trace"])
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n")
        #expect(Array(lines.prefix(4)) == ["cars 4", "moves 1 0", "moves 2 0", "checksum 10"])
        #expect(lines.count == 6)
        #expect(lines.last?.hasPrefix("mcops ") == true)
    }

    @Test func humanOutput() throws {
        let run = try runSwiftSer(["--cells", "10", "--iterations", "4", "--report", "2", "--density", "0.5"])
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(lines.prefix(4)) == ["Length of road is 10", "Number of iterations is 4",
                                           "Target density of cars is 0.500000", "Running on 1 process(es)"])
        #expect(lines[4].hasPrefix("Actual density of cars is "))
        #expect(lines[5].isEmpty)
        #expect(lines[6].hasPrefix("At iteration 2 average velocity is "))
        #expect(lines[7].hasPrefix("At iteration 4 average velocity is "))
        #expect(lines[8].isEmpty)
        #expect(lines[9].hasPrefix("Time taken was ") && lines[9].hasSuffix(" seconds"))
        #expect(lines[10].hasPrefix("Update rate was ") && lines[10].hasSuffix(" MCOPs"))
    }
}
