import Testing
import TrafficCommandLine

// The command line of SPEC section 3: every rule of the grammar (3.1), the
// usage (3.2) and the messages of bad input (4.1).

/// A program with the common options only, and one with an option of its own.
let serial = ProgramCommandLine(program: "c-ser")
let kernel = Option.choice("--kernel", "K", noun: "kernel", choices: ["course", "fast"],
                           help: "update kernel: course (Int32 cells, one-cell halos) or fast")
let withKernel = ProgramCommandLine(program: "swift-mpi", own: [kernel])

/// What a command line comes to.
enum Outcome: Equatable, Sendable {
    case help
    case run(TrafficConfig)
    /// Bad input, with its message.
    case fault(String)

    static func run(cells: Int = TrafficConfig.defaultCells, iterations: Int? = nil,
                    density: Float = TrafficConfig.defaultDensity, seed: Int = TrafficConfig.defaultSeed,
                    trace: Bool = false) -> Outcome {
        .run(TrafficConfig(cells: cells, iterations: iterations, density: density, seed: seed, trace: trace))
    }

    static func notInteger(_ option: String, _ value: String, allowed: String = "N >= 1") -> Outcome {
        .fault("\(option) '\(value)' is not an integer (allowed: \(allowed))")
    }

    static func outOfRange(_ option: String, _ value: String, allowed: String = "N >= 1") -> Outcome {
        .fault("\(option) '\(value)' is out of range (allowed: \(allowed))")
    }

    static func notNumber(_ value: String) -> Outcome {
        .fault("--density '\(value)' is not a number (allowed: 0 <= X <= 1)")
    }

    static func densityOutOfRange(_ value: String) -> Outcome {
        outOfRange("--density", value, allowed: "0 <= X <= 1")
    }
}

func outcome(_ arguments: [String], processes: Int = 1, of commandLine: ProgramCommandLine = serial) -> Outcome {
    do {
        guard case .run(let options) = try commandLine.parse(arguments) else { return .help }
        return .run(try TrafficConfig(options, processes: processes))
    } catch {
        return .fault(error.description)
    }
}

let seedAllowed = "0 <= N <= 900000000"

@Suite("command line grammar (SPEC 3.1)")
struct GrammarTests {
    @Test("left to right, stopping at the first error or at --help", arguments: [
        (["--cells", "abc", "--help"], Outcome.notInteger("--cells", "abc")),
        (["--help", "--cells", "abc"], .help),
        (["-h", "--bogus"], .help),
        (["--cells", "5", "-h"], .help),
        (["--seed", "-1", "--cells", "abc"], .outOfRange("--seed", "-1", allowed: seedAllowed)),
        (["--cells", "5", "foo", "--bar"], .fault("unexpected argument 'foo'")),
        (["--bar", "foo"], .fault("unknown option '--bar'")),
    ])
    func leftToRight(arguments: [String], expected: Outcome) {
        #expect(outcome(arguments) == expected)
    }

    @Test("--name VALUE takes the next argument whatever it is; --name=VALUE may be empty", arguments: [
        (["--cells", "7"], Outcome.run(cells: 7)),
        (["--cells=7"], .run(cells: 7)),
        (["--seed", "-1"], .outOfRange("--seed", "-1", allowed: seedAllowed)),
        (["--cells", "--trace"], .notInteger("--cells", "--trace")),
        (["--cells", "-h"], .notInteger("--cells", "-h")),
        (["--density", ""], .notNumber("")),
        (["--cells="], .notInteger("--cells", "")),
        (["--density="], .notNumber("")),
        (["--cells=5=6"], .notInteger("--cells", "5=6")),
        (["--cells"], .fault("--cells needs a value (allowed: N >= 1)")),
        (["--trace", "--density"], .fault("--density needs a value (allowed: 0 <= X <= 1)")),
        (["--seed"], .fault("--seed needs a value (allowed: 0 <= N <= 900000000)")),
    ])
    func values(arguments: [String], expected: Outcome) {
        #expect(outcome(arguments) == expected)
    }

    @Test("flags take no value; no abbreviations, no other single-dash forms", arguments: [
        "--trace=yes", "--trace=", "--help=x", "-h=x", "--cell", "--cellsx", "--Cells", "-c", "-x", "-hh", "--",
        "---cells", "--foo=3",
    ])
    func unknownOptions(argument: String) {
        #expect(outcome([argument]) == .fault("unknown option '\(argument)'"))
    }

    @Test("anything else is an unexpected argument", arguments: ["foo", "-", "", "=5", "5", " --cells"])
    func unexpectedArguments(argument: String) {
        #expect(outcome([argument]) == .fault("unexpected argument '\(argument)'"))
    }

    @Test("a repeated option takes its last value, every value checked", arguments: [
        (["--cells", "abc", "--cells", "5"], Outcome.notInteger("--cells", "abc")),
        (["--cells", "5", "--cells", "abc"], .notInteger("--cells", "abc")),
        (["--seed", "1", "--seed=2"], .run(seed: 2)),
        (["--cells", "7", "--cells", "33"], .run(cells: 33)),
        (["--trace", "--trace"], .run(trace: true)),
    ])
    func repeated(arguments: [String], expected: Outcome) {
        #expect(outcome(arguments) == expected)
    }

    @Test("integers: an optional sign and ASCII digits", arguments: [
        ("+7", Outcome.run(cells: 7)),
        ("007", .run(cells: 7)),
        ("9223372036854775807", .run(cells: .max)),
        (" 5", .notInteger("--cells", " 5")),
        ("5 ", .notInteger("--cells", "5 ")),
        ("1_000", .notInteger("--cells", "1_000")),
        ("0x10", .notInteger("--cells", "0x10")),
        ("1e3", .notInteger("--cells", "1e3")),
        ("1.5", .notInteger("--cells", "1.5")),
        ("+", .notInteger("--cells", "+")),
        ("-", .notInteger("--cells", "-")),
        ("+-5", .notInteger("--cells", "+-5")),
        ("\u{663}", .notInteger("--cells", "\u{663}")),  // ARABIC-INDIC DIGIT THREE
        ("\u{FF15}", .notInteger("--cells", "\u{FF15}")),  // FULLWIDTH DIGIT FIVE
        ("0", .outOfRange("--cells", "0")),
        ("-5", .outOfRange("--cells", "-5")),
        ("9223372036854775808", .outOfRange("--cells", "9223372036854775808")),
        ("99999999999999999999", .outOfRange("--cells", "99999999999999999999")),
        ("-9223372036854775809", .outOfRange("--cells", "-9223372036854775809")),
    ])
    func integers(text: String, expected: Outcome) {
        #expect(outcome(["--cells", text]) == expected)
    }

    @Test("every integer option's range", arguments: [
        (["--seed", "-0"], Outcome.run(seed: 0)),
        (["--seed", "+900000000"], .run(seed: 900_000_000)),
        (["--seed", "900000001"], .outOfRange("--seed", "900000001", allowed: seedAllowed)),
        (["--iterations", "0"], .outOfRange("--iterations", "0")),
        (["--iterations", "-9223372036854775808"], .outOfRange("--iterations", "-9223372036854775808")),
        (["--report", "0"], .outOfRange("--report", "0")),
    ])
    func ranges(arguments: [String], expected: Outcome) {
        #expect(outcome(arguments) == expected)
    }

    @Test("densities: decimal numbers rounded once to single precision", arguments: [
        ("0.5", Outcome.run(density: 0.5)),
        (".5", .run(density: 0.5)),
        ("1.", .run(density: 1)),
        ("5e-1", .run(density: 0.5)),
        ("+0.5", .run(density: 0.5)),
        ("+6.E-1", .run(density: 0.6)),
        ("-0", .run(density: 0)),
        ("0.1", .run(density: 0.1)),
        ("0.52000001", .run(density: 0.52)),
        ("1e-999", .run(density: 0)),
        // 0.5 + 2^-25 + 2^-70: through Double it would round to 0.5 + 2^-25,
        // a tie that rounds to 0.5; rounded once it is 0.5 + 2^-24.
        ("0.5000000298023223876961595329472543003390683225006796419620513916015625",
         .run(density: 0.5 + 0x1p-24)),
    ])
    func densities(text: String, expected: Outcome) {
        #expect(outcome(["--density", text]) == expected)
    }

    @Test("anything else is not a number", arguments: [
        "0x1p-1", "0X.8", "1,5", "1.5d0", " 0.5", "0.5 ", "1_0", "", ".", "e5", ".e5", "1e", "1e+", "+-0.5",
        "0.5.", "x", "0.5f", "infinite", "nanx", "in", "nan(1)", "\u{664}", "0.5\u{0}",
    ])
    func notNumbers(text: String) {
        #expect(outcome(["--density", text]) == .notNumber(text))
    }

    @Test("nan, inf, infinity (any case, optional sign) and numbers past 0...1 are out of range", arguments: [
        "nan", "NaN", "-nan", "+NAN", "inf", "+INF", "-inf", "Infinity", "-infinity", "iNfInItY",
        "1.5", "-0.1", "2", "1.00000006", "1e999", "-1e999",
    ])
    func densitiesOutOfRange(text: String) {
        #expect(outcome(["--density", text]) == .densityOutOfRange(text))
    }

    @Test("a program's own option follows the same grammar", arguments: [
        (["--kernel", "course"], Outcome.run()),
        (["--kernel=fast", "--cells", "9"], .run(cells: 9)),
        (["--kernel", "x"], .fault("--kernel 'x' is not a kernel (allowed: course, fast)")),
        (["--kernel", "Fast"], .fault("--kernel 'Fast' is not a kernel (allowed: course, fast)")),
        (["--kernel="], .fault("--kernel '' is not a kernel (allowed: course, fast)")),
        (["--kernel"], .fault("--kernel needs a value (allowed: course, fast)")),
        (["--kernel", "x", "--help"], .fault("--kernel 'x' is not a kernel (allowed: course, fast)")),
    ])
    func ownOption(arguments: [String], expected: Outcome) {
        #expect(outcome(arguments, of: withKernel) == expected)
        if arguments.contains(where: { $0.hasPrefix("--kernel") }) {
            #expect(outcome(arguments) == .fault("unknown option '\(arguments[0])'"))
        }
    }

    @Test func ownOptionValue() throws {
        guard case .run(let options) = try withKernel.parse(["--kernel", "course", "--kernel=fast"]) else {
            Issue.record("no run")
            return
        }
        #expect(options.choice(kernel) == "fast")
        #expect(options.choice(.cells) == nil)
    }

    @Test("after the options an MPI run checks N >= processes", arguments: [
        (["--cells", "3"], 4, Outcome.fault("--cells '3' is less than the number of processes, 4 (allowed: N >= 4)")),
        (["--cells", "+3"], 4, .fault("--cells '+3' is less than the number of processes, 4 (allowed: N >= 4)")),
        ([], 20_000_000,
         .fault("--cells '10240000' is less than the number of processes, 20000000 (allowed: N >= 20000000)")),
        (["--cells", "4"], 4, .run(cells: 4)),
        (["--cells", "0"], 4, .outOfRange("--cells", "0")),
    ])
    func processes(arguments: [String], processes: Int, expected: Outcome) {
        #expect(outcome(arguments, processes: processes) == expected)
    }

    @Test func faultsAreTyped() {
        #expect(throws: CommandLineError.outOfRange(.seed, value: "-1")) { try serial.parse(["--seed", "-1"]) }
        #expect(throws: CommandLineError.malformed(.cells, value: "x")) { try serial.parse(["--cells=x"]) }
        #expect(throws: CommandLineError.missingValue(.report)) { try serial.parse(["--report"]) }
        #expect(throws: CommandLineError.unknownOption("--trace=1")) { try serial.parse(["--trace=1"]) }
        #expect(throws: CommandLineError.unexpectedArgument("x")) { try serial.parse(["x"]) }
    }
}

@Suite("configuration and usage (SPEC 3, 3.2)")
struct ConfigurationTests {
    @Test func defaults() {
        #expect(outcome([]) == .run(TrafficConfig(cells: 10_240_000, iterations: 100, density: 0.52,
                                                  seed: 5743, report: 10, trace: false)))
    }

    @Test func everyOption() {
        #expect(outcome(["--cells", "1000", "--iterations", "+7", "--density", "0.25", "--seed", "0",
                         "--report=3", "--trace"])
                == .run(TrafficConfig(cells: 1000, iterations: 7, density: 0.25, seed: 0, report: 3, trace: true)))
    }

    @Test("derived defaults: iterations = floor(1.024e9 / cells) >= 1, report = iterations / 10 >= 1",
          arguments: [(1, 1_024_000_000, 102_400_000), (3, 341_333_333, 34_133_333),
                      (1_024_000_000, 1, 1), (5_000_000_000, 1, 1), (100_000_000, 10, 1)])
    func derivedDefaults(cells: Int, iterations: Int, report: Int) {
        let config = TrafficConfig(cells: cells)
        #expect(config.iterations == iterations)
        #expect(config.report == report)
    }

    @Test func usageIsTheContracts() {
        #expect(serial.usage == """
            usage: c-ser [--cells N] [--iterations N] [--density X] [--seed N]
                         [--report N] [--trace] [--help]

            Simulate the traffic cellular automaton (rule 184) on a circular road.

              --cells N       road length, N >= 1 (default 10240000)
              --iterations N  iterations, N >= 1 (default 1.024e9 / cells, at least 1)
              --density X     target density of cars, 0 <= X <= 1 (default 0.52)
              --seed N        generator seed, 0 <= N <= 900000000 (default 5743)
              --report N      print the average velocity every N iterations
                              (default iterations / 10, at least 1)
              --trace         print the machine record instead of the human output
              --help, -h      print this help

            """)
    }

    @Test func ownOptionsInTheUsage() {
        let lines = withKernel.usage.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "usage: swift-mpi [--cells N] [--iterations N] [--density X] [--seed N]")
        #expect(lines[1] == "                 [--report N] [--trace] [--kernel K] [--help]")
        #expect(lines[lines.count - 3] == "  --kernel K      update kernel: course (Int32 cells, one-cell halos) or fast")
        #expect(lines[lines.count - 2] == "  --help, -h      print this help")
    }

    @Test func cFormatIsPrintf() {
        #expect(cFormat("%f", 0.52) == "0.520000")
        #expect(cFormat("%f", Double(Float(0.52))) == "0.520000")
        #expect(cFormat("%.2f", 829.525) == "829.52")
        #expect(cFormat("%f", 1e20) == "100000000000000000000.000000")
    }
}
