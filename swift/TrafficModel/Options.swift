import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The command line of SPEC section 3 with the one-line errors of README.md.
// Values are taken as strings and converted here, so that every bad value gets
// the project's message (naming the option, the value and what is allowed)
// rather than argument-parser's multi-line one.

/// The options every traffic binary takes. Other programs add theirs by
/// embedding this group with `@OptionGroup var common: TrafficOptions` and
/// conforming to `TrafficCommand`.
public struct TrafficOptions: ParsableArguments {
    // `.unconditional`: the next argument is the value even when it starts
    // with "-", as in C, so that "--seed -1" is out of range, not missing.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Road length, N >= 1 (default 10240000).", valueName: "N"))
    public var cells: String?
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Iterations, N >= 1 (default floor(1.024e9 / cells), at least 1).", valueName: "N"))
    public var iterations: String?
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Target density of cars, 0 <= X <= 1 (default 0.52).", valueName: "X"))
    public var density: String?
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Seed of the random road, 0 <= N <= 900000000 (default 5743).", valueName: "N"))
    public var seed: String?
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Print the average velocity every N iterations (default iterations / 10, at least 1).",
                               valueName: "N"))
    public var report: String?
    @Flag(help: "Print the machine record (cars, moves, checksum, seconds, mcops) instead of the human output.")
    public var trace = false
    /// Whatever the parser did not recognise: reported as the project's own error.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    public var unrecognized: [String] = []

    public init() {}
}

/// A program's options: the common group, perhaps with options of its own.
public protocol TrafficCommand: ParsableArguments {
    var common: TrafficOptions { get }
    /// What each value option allows, for "--x needs a value (allowed: ...)";
    /// a program with options of its own adds them to `TrafficOptions.allowed`.
    static var allowed: [String: String] { get }
}

extension TrafficCommand {
    public static var allowed: [String: String] { TrafficOptions.allowed }
}

extension TrafficOptions: TrafficCommand {
    public var common: TrafficOptions { self }
}

/// A resolved run configuration (SPEC section 3, defaults applied).
public struct TrafficConfig: Sendable, Equatable {
    public var cells: Int
    public var iterations: Int
    public var density: Float
    public var seed: Int
    public var report: Int
    public var trace: Bool

    public static let defaultCells = 10_240_000
    public static let defaultDensity: Float = 0.52
    public static let defaultSeed = 5743

    /// Applies the spec's defaults to whatever was not given.
    public init(cells: Int = defaultCells, iterations: Int? = nil, density: Float = defaultDensity,
                seed: Int = defaultSeed, report: Int? = nil, trace: Bool = false) {
        self.cells = cells
        self.iterations = iterations ?? max(1, 1_024_000_000 / cells)
        self.density = density
        self.seed = seed
        self.report = report ?? max(1, self.iterations / 10)
        self.trace = trace
    }
}

/// Why a program stops before running: help asked for (status 0, text on
/// stdout) or bad input (status 2, one line on stderr).
public struct CommandLineExit: Error, Equatable {
    public let status: Int32
    /// The help text, or the error message without the program name.
    public let message: String

    public static func usage(_ message: String) -> CommandLineExit { .init(status: 2, message: message) }

    /// Prints what this exit says, as README.md writes it, for `program`
    /// (by default the name the program was run by, as the C programs do).
    public func emit(program: String = programName()) {
        if status == 0 {
            print(message)
        } else {
            var standardError = StandardError()
            print("\(program): \(message)", to: &standardError)
        }
    }
}

/// The base name of the running program's path.
public func programName() -> String {
    String(CommandLine.arguments.first?.split(separator: "/").last ?? "traffic")
}

extension TrafficOptions {
    /// What each value option allows, as the error lines say it.
    public static let allowed = [
        "--cells": "N >= 1", "--iterations": "N >= 1", "--density": "0 <= X <= 1",
        "--seed": "0 <= N <= 900000000", "--report": "N >= 1",
    ]

    /// The configuration these options give for a run on `processes` processes,
    /// or the first bad value.
    public func config(processes: Int = 1) throws(CommandLineExit) -> TrafficConfig {
        let cells = try Self.integer(self.cells, "--cells", min: 1)
        if let cells, cells < processes {
            throw .usage("--cells '\(cells)' is less than the number of processes, \(processes) (allowed: N >= \(processes))")
        }
        return TrafficConfig(
            cells: cells ?? TrafficConfig.defaultCells,
            iterations: try Self.integer(iterations, "--iterations", min: 1),
            density: try Self.density(density) ?? TrafficConfig.defaultDensity,
            seed: try Self.integer(seed, "--seed", min: 0, max: Uni.maxSeed)
                ?? TrafficConfig.defaultSeed,
            report: try Self.integer(report, "--report", min: 1),
            trace: trace)
    }

    private static func integer(_ text: String?, _ option: String, min: Int,
                                max: Int = .max) throws(CommandLineExit) -> Int? {
        guard let text else { return nil }
        let allowed = allowed[option]!
        // Int(String) takes an optional sign and decimal digits, nothing else;
        // like C's strtoll with ERANGE, a value past 64 bits is no integer.
        guard let value = Int(text) else {
            throw .usage("\(option) '\(text)' is not an integer (allowed: \(allowed))")
        }
        guard (min...max).contains(value) else {
            throw .usage("\(option) '\(text)' is out of range (allowed: \(allowed))")
        }
        return value
    }

    private static func density(_ text: String?) throws(CommandLineExit) -> Float? {
        guard let text else { return nil }
        let allowedDensity = allowed["--density"]!
        guard let value = Float(text) else {
            throw .usage("--density '\(text)' is not a number (allowed: \(allowedDensity))")
        }
        // NaN parses (as in C's strtof) and then fails the range check.
        guard value >= 0 && value <= 1 else {
            throw .usage("--density '\(text)' is out of range (allowed: \(allowedDensity))")
        }
        return value
    }
}

/// Parses `arguments` (without the program name) into `Command` and resolves
/// the common options for `processes` processes. Prints nothing: the caller
/// emits the exit (an MPI program only on rank 0).
public func parseCommandLine<Command: TrafficCommand>(
    _: Command.Type, arguments: [String], processes: Int = 1
) -> Result<(Command, TrafficConfig), CommandLineExit> {
    // argument-parser reads "--cells=" as a missing value; C as an empty one.
    let arguments = arguments.flatMap { argument in
        argument.hasSuffix("=") && Command.allowed[String(argument.dropLast())] != nil
            ? [String(argument.dropLast()), ""] : [argument]
    }
    let command: Command
    do {
        command = try Command.parse(arguments)
    } catch {
        return .failure(exit(for: error, in: Command.self, arguments: arguments))
    }
    if let first = command.common.unrecognized.first {
        return .failure(.usage(first.hasPrefix("-") && first.count > 1
            ? "unknown option '\(first)'"
            : "unexpected argument '\(first)'"))
    }
    do {
        return .success((command, try command.common.config(processes: processes)))
    } catch {
        return .failure(error)
    }
}

/// The whole command line of a one-process program: parses the common
/// options, then exits with `run`'s status, or prints the help or the error
/// line and exits with its status.
public func runSerialProgram(_ run: (TrafficConfig) -> Int32) -> Never {
    switch parseCommandLine(TrafficOptions.self, arguments: Array(CommandLine.arguments.dropFirst())) {
    case .success((_, let config)):
        exit(run(config))
    case .failure(let stop):
        stop.emit()
        exit(stop.status)
    }
}

/// Help, or the project's line for argument-parser's errors: a missing value,
/// a value given to a flag (C reads `--trace=yes` as an unknown option), or
/// its own one-line message (say a `ValidationError` of a program's `validate()`).
private func exit<Command: TrafficCommand>(for error: Error, in _: Command.Type,
                                           arguments: [String]) -> CommandLineExit {
    if Command.exitCode(for: error) == .success {
        // argument-parser takes "--help=x" for help too; C calls it unknown.
        if !arguments.contains(where: { $0 == "--help" || $0 == "-h" }),
           let given = arguments.first(where: { $0.hasPrefix("--help=") }) {
            return .usage("unknown option '\(given)'")
        }
        return CommandLineExit(status: 0, message: helpNamingTheProgram(Command.fullMessage(for: error)))
    }
    let message = Command.message(for: error)
    let quoted = message.split(separator: "'", omittingEmptySubsequences: false)
    let option = quoted.count > 1 ? String(quoted[1].prefix { $0 != " " }) : ""
    if message.hasPrefix("Missing value for") {
        let allowed = Command.allowed[option].map { " (allowed: \($0))" } ?? ""
        return .usage("\(option) needs a value\(allowed)")
    }
    if message.hasPrefix("The option"), let given = arguments.first(where: { $0.hasPrefix(option + "=") }) {
        return .usage("unknown option '\(given)'")
    }
    return .usage(String(message.prefix { $0 != "\n" }))
}

/// argument-parser names the tool after the options type ("USAGE: traffic
/// [--cells ...]"); the usage line should name the program as it was run.
private func helpNamingTheProgram(_ help: String) -> String {
    let usage = "USAGE: "
    guard help.hasPrefix(usage) else { return help }
    let rest = help.dropFirst(usage.count).drop { $0 != " " && $0 != "\n" }
    return usage + programName() + rest
}
