#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// How a traffic program starts and stops (SPEC section 4): every failure is
// one line on stderr and an exit status.

/// Why a program stops before it has done its work.
public enum ProgramFailure: Error, Equatable {
    /// 4.1: exit status 2.
    case badInput(CommandLineError)
    /// 4.2: no memory for a road of `cells` cells, whatever part of it failed.
    case noMemory(cells: Int)
    /// 4.3: stdout failed with `errno`.
    case cannotWrite(errno: Int32)
    /// 4.3: the picture (--picture) could not be encoded or written.
    case lostPicture(path: String, reason: String)

    public var status: Int32 {
        if case .badInput = self { 2 } else { 1 }
    }

    /// The line on stderr, without the program's name.
    public var message: String {
        switch self {
        case .badInput(let fault): fault.description
        case .noMemory(let cells): "cannot allocate memory for \(cells) cells"
        case .cannotWrite(let code): "cannot write output: \(String(cString: strerror(code)))"
        case .lostPicture(let path, let reason): "cannot write picture '\(path)': \(reason)"
        }
    }

    /// Prints the line on stderr for `program`.
    public func report(program: String = programName()) {
        printError("\(program): \(message)")
    }
}

extension BufferedOutput {
    /// Throws the first write that failed.
    public func check() throws(ProgramFailure) {
        if let failure { throw .cannotWrite(errno: failure) }
    }
}

extension ProgramCommandLine {
    /// The run `arguments` ask for on `processes` processes with the options
    /// given, or nil for `--help`.
    public func configuration(_ arguments: [String], processes: Int = 1)
        throws(ProgramFailure) -> (TrafficConfig, ParsedOptions)? {
        do throws(CommandLineError) {
            guard case .run(let options) = try parse(arguments) else { return nil }
            return (try TrafficConfig(options, processes: processes), options)
        } catch {
            throw .badInput(error)
        }
    }

    /// Prints the usage on `output` and finishes it.
    public func printUsage(to output: inout BufferedOutput) throws(ProgramFailure) {
        output.write(usage)
        output.finish()
        try output.check()
    }
}

/// The base name of the running program's path.
public func programName() -> String {
    String(CommandLine.arguments.first?.split(separator: "/").last ?? "traffic")
}

/// The arguments after the program's path.
public var programArguments: [String] { Array(CommandLine.arguments.dropFirst()) }

/// The whole of a one-process program: reads `commandLine`, asks `workers`
/// how many threads the options give (the header's count, named by `unit`;
/// `note`, if any, is a further header line), then has `run` build and run
/// the road and report on the reporter; exits with status 0, or reports the
/// failure and exits with its status.
public func runSerialProgram(
    _ commandLine: ProgramCommandLine = ProgramCommandLine(), unit: String = "process(es)", note: String? = nil,
    workers: (ParsedOptions) throws(ProgramFailure) -> Int = { _ in 1 },
    _ run: (TrafficConfig, ParsedOptions, _ workers: Int, inout Reporter) throws(ProgramFailure) -> Void
) -> Never {
    var output = BufferedOutput()
    do throws(ProgramFailure) {
        guard case let (config, options)? = try commandLine.configuration(programArguments) else {
            try commandLine.printUsage(to: &output)
            exit(0)
        }
        let count = try workers(options)
        let picture = try Picture(options, config: config)
        try picture?.checkWritable()
        try output.check()  // stdout closed: fail before any work
        var reporter = Reporter(config: config, workers: count, unit: unit, note: note, output: output)
        try run(config, options, count, &reporter)
        try picture?.save()
        try reporter.finish()
        exit(0)
    } catch {
        error.report()
        exit(error.status)
    }
}

/// Monotonic wall-clock time in seconds, for timing the iteration loop.
public func wallClock() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
