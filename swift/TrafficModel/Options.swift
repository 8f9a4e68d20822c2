import ArgumentParser

// The command line of SPEC section 3 with the one-line errors of README.md.
// Values are taken as strings and converted here, so that every bad value gets
// the project's message (naming the option, the value and what is allowed)
// rather than argument-parser's multi-line one.

/// The options every traffic binary takes. Other programs add theirs by
/// embedding this group with `@OptionGroup var common: TrafficOptions` and
/// conforming to `TrafficCommand`.
public struct TrafficOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Road length, N >= 1 (default 10240000).")
    public var cells: String?
    @Option(parsing: .unconditional, help: "Iterations, N >= 1 (default floor(1.024e9 / cells), at least 1).")
    public var iterations: String?
    @Option(parsing: .unconditional, help: "Target density of cars, 0 <= X <= 1 (default 0.52).")
    public var density: String?
    @Option(parsing: .unconditional, help: "Seed of the random road, 0 <= N <= 900000000 (default 5743).")
    public var seed: String?
    @Option(parsing: .unconditional, help: "Print the average velocity every N iterations (default iterations / 10, at least 1).")
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
        self.iterations = iterations ?? max(1, Int(1.024e9 / Double(cells)))
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

    /// Prints what this exit says, as README.md writes it.
    public func emit(program: String) {
        if status == 0 {
            print(message)
        } else {
            var standardError = StandardError()
            print("\(program): \(message)", to: &standardError)
        }
    }
}

extension TrafficOptions {
    static let allowedCells = "N >= 1"
    static let allowedIterations = "N >= 1"
    static let allowedDensity = "0 <= X <= 1"
    static let allowedSeed = "0 <= N <= 900000000"
    static let allowedReport = "N >= 1"

    /// The configuration these options give for a run on `processes` processes,
    /// or the first bad value.
    public func config(processes: Int = 1) throws(CommandLineExit) -> TrafficConfig {
        let cells = try Self.integer(self.cells, "--cells", min: 1, allowed: Self.allowedCells)
        if let cells, cells < processes {
            throw .usage("--cells '\(cells)' is less than the number of processes, \(processes) (allowed: N >= \(processes))")
        }
        return TrafficConfig(
            cells: cells ?? TrafficConfig.defaultCells,
            iterations: try Self.integer(iterations, "--iterations", min: 1, allowed: Self.allowedIterations),
            density: try Self.density(density) ?? TrafficConfig.defaultDensity,
            seed: try Self.integer(seed, "--seed", min: 0, max: Uni.maxSeed, allowed: Self.allowedSeed)
                ?? TrafficConfig.defaultSeed,
            report: try Self.integer(report, "--report", min: 1, allowed: Self.allowedReport),
            trace: trace)
    }

    private static func integer(_ text: String?, _ option: String, min: Int, max: Int = .max,
                                allowed: String) throws(CommandLineExit) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            let digits = text.drop { $0 == "+" || $0 == "-" }
            let isNumeral = text.count - digits.count <= 1 && !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            throw .usage("\(option) '\(text)' \(isNumeral ? "is out of range" : "is not an integer") (allowed: \(allowed))")
        }
        guard (min...max).contains(value) else {
            throw .usage("\(option) '\(text)' is out of range (allowed: \(allowed))")
        }
        return value
    }

    private static func density(_ text: String?) throws(CommandLineExit) -> Float? {
        guard let text else { return nil }
        guard let value = Float(text), !value.isNaN else {
            throw .usage("--density '\(text)' is not a number (allowed: \(allowedDensity))")
        }
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
    let command: Command
    do {
        command = try Command.parse(arguments)
    } catch {
        return .failure(exit(for: error, in: Command.self, arguments: arguments))
    }
    if let first = command.common.unrecognized.first {
        return .failure(.usage(first.hasPrefix("-") && first.count > 1
            ? "unknown option '\(first.prefix { $0 != "=" })'"
            : "unexpected argument '\(first)'"))
    }
    do {
        return .success((command, try command.common.config(processes: processes)))
    } catch {
        return .failure(error)
    }
}

/// Help, a missing value, or argument-parser's own one-line message (for
/// example a `ValidationError` thrown by a program's `validate()`).
private func exit<Command: ParsableArguments>(for error: Error, in _: Command.Type,
                                              arguments: [String]) -> CommandLineExit {
    if Command.exitCode(for: error) == .success {
        return CommandLineExit(status: 0, message: Command.fullMessage(for: error))
    }
    let message = Command.message(for: error)
    let missing = "Missing value for '"
    if message.hasPrefix(missing) {
        let option = message.dropFirst(missing.count).prefix { $0 != " " && $0 != "'" }
        let allowed = TrafficOptions.allowed[String(option)].map { " (allowed: \($0))" } ?? ""
        return .usage("\(option) needs a value\(allowed)")
    }
    return .usage(String(message.prefix { $0 != "\n" }))
}

extension TrafficOptions {
    static let allowed = [
        "--cells": allowedCells, "--iterations": allowedIterations, "--density": allowedDensity,
        "--seed": allowedSeed, "--report": allowedReport,
    ]
}
