import Foundation
import Harness

// `traffic-compare --collect`: what one Slurm output file of a job script
// (jobs/common.sh) says. Such a file holds, in order, the job's header on
// stderr ("traffic job ID (NAME): N node(s), T task(s) x C CPU(s): COMMAND"),
// the program's output (human or --trace) and any error lines, then
// "traffic job ID ended: exit status S". A file without both frame lines, or
// with a failed status, a cancellation or no timing, is skipped with a reason.

/// Why a file is not counted.
struct Skip: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A finished job's run, as its output file tells it.
struct JobRun {
    let file: String
    let job: String
    let implementation: Implementation
    let workers: Int
    /// The contract's options the job gave (--cells, …), for a reference run.
    let arguments: [String]
    let cells: Int
    let iterations: Int
    let seconds: Double
    /// The --trace record, or nil for human output.
    let record: TraceRecord?
    /// Human output: the lines two runs of one road share (no timing, no
    /// workers), and the last report's iteration and velocity.
    let reportLines: [String]
    let lastReport: (iteration: Int, velocity: Double)?

    /// Reads `file`, whose program is one of `registry`'s implementations.
    init(file: String, registry: [Implementation]) throws(Skip) {
        guard let data = FileManager.default.contents(atPath: file) else { throw Skip("cannot read it") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        let header = try JobHeader(lines)
        self.file = file
        job = header.job
        implementation = try header.implementation(in: registry)
        try JobRun.checkEnding(lines, header: header, program: implementation.programName)
        arguments = header.contractArguments
        let output = lines.filter { !JobRun.isFrame($0) }
        if output.contains(where: { $0.hasPrefix("cars ") }) {
            let record: TraceRecord
            do {
                record = try TraceRecord(parsing: output.filter { !$0.isEmpty }.joined(separator: "\n"))
            } catch {
                throw Skip("incomplete: \(error)")
            }
            guard let cells = header.integer("--cells") else { throw Skip("no --cells in the job's command") }
            (self.record, reportLines, lastReport) = (record, [], nil)
            (self.cells, iterations, seconds) = (cells, record.moves.count, record.seconds)
            workers = try header.workers(launch: implementation.launch)
        } else {
            let human = try HumanOutput(output)
            (record, reportLines, lastReport) = (nil, human.sharedLines, human.lastReport)
            (cells, iterations, seconds, workers) = (human.cells, human.iterations, human.seconds, human.workers)
        }
    }

    /// Lines that are not the program's stdout: the frame, and Slurm's own.
    static func isFrame(_ line: String) -> Bool {
        line.hasPrefix("traffic job ") || line.hasPrefix("srun: ") || line.hasPrefix("slurmstepd")
    }

    /// Throws unless the job ended and its program exited 0.
    private static func checkEnding(_ lines: [String], header: JobHeader, program: String) throws(Skip) {
        if let cancelled = lines.first(where: { $0.contains("CANCELLED") }) {
            throw Skip("cancelled: \(cancelled.trimmingCharacters(in: .whitespaces))")
        }
        let prefix = "traffic job \(header.job) ended: exit status "
        guard let end = lines.first(where: { $0.hasPrefix(prefix) }) else {
            throw Skip("incomplete: no end line (the job is still running, or was killed)")
        }
        let status = end.dropFirst(prefix.count)
        guard status == "0" else {
            // The program's own line, else srun's: their order in the file is a race.
            let error = lines.first { $0.hasPrefix("\(program): ") } ?? lines.first { $0.hasPrefix("srun: error") }
            throw Skip("failed: exit status \(status)" + (error.map { ": \($0)" } ?? ""))
        }
    }
}

/// The header line of jobs/common.sh.
struct JobHeader {
    let job: String
    let nodes: Int?
    let tasks: Int?
    let cpusPerTask: Int?
    /// The binary's path as run, then its arguments.
    let command: [String]

    init(_ lines: [String]) throws(Skip) {
        let headers = lines.compactMap(JobHeader.parse)
        guard let header = headers.first else {
            throw Skip("not a traffic job's output: no 'traffic job ID (NAME): …' line (jobs/common.sh)")
        }
        guard headers.count == 1 else { throw Skip("\(headers.count) job headers: several outputs in one file") }
        self = header
    }

    private init(job: String, nodes: Int?, tasks: Int?, cpusPerTask: Int?, command: [String]) {
        (self.job, self.nodes, self.tasks, self.cpusPerTask, self.command) = (job, nodes, tasks, cpusPerTask, command)
    }

    /// "traffic job ID (NAME): N node(s), T task(s) x C CPU(s): COMMAND".
    private static func parse(_ line: String) -> JobHeader? {
        guard line.hasPrefix("traffic job "), let colon = line.range(of: "): ") else { return nil }
        let job = line.dropFirst("traffic job ".count).prefix { $0 != " " }
        let rest = line[colon.upperBound...]
        guard let commandStart = rest.range(of: " CPU(s): ") else { return nil }
        let counts = rest[..<commandStart.lowerBound].split(whereSeparator: { $0 == " " || $0 == "," })
        // "N", "node(s)", "T", "task(s)", "x", "C"
        guard counts.count == 6, counts[1] == "node(s)", counts[3] == "task(s)" else { return nil }
        let command = rest[commandStart.upperBound...].split(separator: " ").map(String.init)
        guard !command.isEmpty else { return nil }
        return JobHeader(job: String(job), nodes: Int(counts[0]), tasks: Int(counts[2]), cpusPerTask: Int(counts[5]),
                         command: command)
    }

    /// The registry entry whose command is the job's binary and own options:
    /// the longest such (`swift-mpi --kernel course` over `swift-mpi`).
    func implementation(in registry: [Implementation]) throws(Skip) -> Implementation {
        let binary = command[0].split(separator: "/").last.map(String.init) ?? command[0]
        let arguments = command.dropFirst()
        let matches = registry.filter { implementation in
            let words = implementation.command
            return words.count <= command.count && words[0].split(separator: "/").last.map(String.init) == binary
                && Array(arguments.prefix(words.count - 1)) == Array(words.dropFirst())
        }
        guard let best = matches.max(by: { $0.command.count < $1.command.count }) else {
            throw Skip("'\(command.joined(separator: " "))' is no implementation of implementations.tsv")
        }
        return best
    }

    /// The value of a contract option in the command (`--name V` or `--name=V`).
    func value(_ name: String) -> String? {
        var last: String?
        for (index, word) in command.enumerated() {
            if word == name, index + 1 < command.count { last = command[index + 1] }
            if word.hasPrefix(name + "=") { last = String(word.dropFirst(name.count + 1)) }
        }
        return last
    }

    func integer(_ name: String) -> Int? { value(name).flatMap { Int($0) } }

    /// The options of the contract that fix the road and the output, for a
    /// reference run of the same problem.
    var contractArguments: [String] {
        ["--cells", "--iterations", "--density", "--seed", "--report"].flatMap { name in
            value(name).map { [name, $0] } ?? []
        } + (command.contains("--trace") ? ["--trace"] : [])
    }

    /// Workers from the allocation, as jobs/common.sh starts them.
    func workers(launch: Launch) throws(Skip) -> Int {
        let count: Int? = switch launch {
        case .serial: 1
        case .threads: cpusPerTask
        case .mpi: tasks
        }
        guard let count else { throw Skip("the header gives no count of tasks or CPUs") }
        return count
    }
}

/// The course's human output (SPEC 5).
struct HumanOutput {
    let cells: Int
    let iterations: Int
    let workers: Int
    let seconds: Double
    let sharedLines: [String]
    let lastReport: (iteration: Int, velocity: Double)?

    init(_ lines: [String]) throws(Skip) {
        func number<T: LosslessStringConvertible>(_ prefix: String, _ suffix: String = "") -> T? {
            lines.last { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }
                .flatMap { T(String($0.dropFirst(prefix.count).dropLast(suffix.count))) }
        }
        guard let cells: Int = number("Length of road is "), let iterations: Int = number("Number of iterations is ")
        else { throw Skip("not a traffic program's output: no 'Length of road' and 'Number of iterations' lines") }
        let running = lines.last { $0.hasPrefix("Running on ") }?.split(separator: " ")
        guard let running, running.count == 4, let workers = Int(running[2]) else {
            throw Skip("incomplete: no 'Running on' line")
        }
        guard let seconds: Double = number("Time taken was ", " seconds") else {
            throw Skip("incomplete: no 'Time taken' line (the run did not finish)")
        }
        (self.cells, self.iterations, self.workers, self.seconds) = (cells, iterations, workers, seconds)
        sharedLines = HumanOutput.shared(lines)
        let last = lines.last { $0.hasPrefix("At iteration ") }?.split(separator: " ")
        lastReport = last.flatMap { words in
            guard words.count == 7, let iteration = Int(words[2]), let velocity = Double(words[6]) else { return nil }
            return (iteration, velocity)
        }
    }

    /// What two runs of one road print alike: all but the workers, the
    /// exact solution's note and the timing.
    static func shared(_ lines: [String]) -> [String] {
        lines.filter { line in
            !line.isEmpty && !["Running on ", "Solved exactly", "Time taken was ", "Update rate was "]
                .contains { line.hasPrefix($0) }
        }
    }
}
