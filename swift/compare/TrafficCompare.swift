import ArgumentParser
import Foundation
import Harness

@main
struct TrafficCompare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic-compare",
        abstract: "Run every implementation in implementations.tsv on the course's road, check that all agree with c-ser, and time them.",
        discussion: """
            Reads TRAFFIC_ROOT (default: found from the working directory), TRAFFIC_BIN, \
            TRAFFIC_MPIEXEC, TRAFFIC_SYSTEM and TRAFFIC_ONLY as `make run` sets them. \
            Writes <results>/results.csv and <results>/mcops.svg; with --scaling, \
            <results>/scaling.csv and <results>/scaling.svg.
            """)

    @Flag(help: "Repeat each timed run, interleaved across implementations; report medians.")
    var bench = false

    // `.unconditional`: "--iterations -1" is a bad value, not a missing one.
    @Option(parsing: .unconditional, help: ArgumentHelp("Timed runs of each implementation with --bench.", valueName: "N"))
    var repeats = 5

    @Option(parsing: .unconditional, help: ArgumentHelp("Road length.", valueName: "N"))
    var cells = 10_240_000

    @Option(parsing: .unconditional, help: ArgumentHelp("Target density of cars.", valueName: "X"))
    var density = "0.52"

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the road.", valueName: "N"))
    var seed = 5743

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Iterations of the check run (fewer for a slow baseline, within its limit).", valueName: "N"))
    var iterations = 100

    @Option(parsing: .unconditional, help: ArgumentHelp("Shortest timed loop, in seconds.", valueName: "S"))
    var minSeconds = 1.0

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Most threads or processes (default: the number of cores).", valueName: "N"))
    var maxWorkers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Folder for results.csv and mcops.svg, relative to the repository.", valueName: "DIR"))
    var results = "results"

    @OptionGroup(title: "Scaling (make scaling)")
    var sweep: ScalingOptions

    @Option(help: ArgumentHelp("The implementation of the first speed-up column and of the chart.", valueName: "NAME"))
    var baseline = Report.defaultBaseline

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Run nothing: report the runs in these Slurm outputs of jobs/*.job (slurm-*.out), "
                               + "and their speed-up against workers in speedup.svg.", valueName: "FILE"))
    var collect: [String] = []

    @Flag(inversion: .prefixedNo, help: "With --collect, check every job's output against swift-exact's, run here.")
    var verify = true

    /// Every value checked before anything runs, by the traffic programs'
    /// own rules and in their words.
    func validate() throws {
        let problem = firstProblem(integers: [
            ("--cells", cells, 1...1_000_000_000_000), ("--iterations", iterations, 1...Int.max),
            ("--seed", seed, 0...900_000_000), ("--repeats", repeats, 1...1000), ("--max-workers", maxWorkers, 1...1024),
        ], density: density)
        if let problem { throw ValidationError(problem) }
        guard (0...3600).contains(minSeconds) else {
            throw ValidationError("--min-seconds '\(minSeconds)' is out of range (allowed: 0 <= S <= 3600)")
        }
    }

    /// Help on stdout (status 0), or any error as one line on stderr (status 2).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                printChecked(fullMessage(for: error))
            } else if !(error is ExitCode) {
                progress("traffic-compare: " + (message(for: error).split(separator: "\n").first.map(String.init) ?? ""))
            }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    func run() async throws {
        if !collect.isEmpty { return try await runCollect() }
        let repository = try Repository.fromEnvironment()
        if sweep.scaling { return try await runScaling(repository) }
        var comparison = try Comparison(repository: repository, cells: cells, density: density, seed: seed,
                                        checkIterations: iterations, minSeconds: minSeconds)
        var entries = try repository.selected().flatMap { implementation in
            workerCounts(for: implementation).map { Entry(implementation, workers: $0) }
        }
        await checkAll(&entries, comparison: &comparison)
        await timeAll(&entries, comparison: &comparison)

        let report = Report(entries: entries, cells: cells, bench: bench, baseline: baseline)
        printChecked(report.table())
        let folder = repository.url(results)
        try report.write(to: folder, title: chartTitle(repository))
        printChecked(report.verdict)
        progress("wrote \(folder.appendingPathComponent("results.csv").path) and mcops.svg")
        if !report.allAgree { throw ExitCode.failure }
    }

    /// 1, 2, 4, … up to the core count, and the core count itself.
    func workerCounts(for implementation: Implementation) -> [Int] {
        guard implementation.launch != .serial else { return [1] }
        let powers = sequence(first: 1) { $0 * 2 }.prefix { $0 <= maxWorkers }
        return Array(Set(powers).union([maxWorkers])).sorted()
    }

    private func checkAll(_ entries: inout [Entry], comparison: inout Comparison) async {
        for index in entries.indices {
            await comparison.check(&entries[index])
            let entry = entries[index]
            let verdict = entry.problem.map { "DIFFERS: \($0)" } ?? "agrees"
            let rate = entry.check.map { String(format: ", %.3f s", $0.seconds) } ?? ""
            progress("[\(index + 1)/\(entries.count)] check \(entry.label), \(entry.checkIterations) it.\(rate): \(verdict)")
        }
    }

    /// Timed runs, interleaved: each round runs every implementation once, so
    /// that a change in the machine's load touches all of them alike.
    private func timeAll(_ entries: inout [Entry], comparison: inout Comparison) async {
        for index in entries.indices {
            guard let check = entries[index].check else { continue }
            entries[index].timedIterations = comparison.timedIterations(after: check.seconds,
                                                                        iterations: entries[index].checkIterations)
        }
        let rounds = bench ? repeats : 1
        for round in 1...rounds {
            for index in entries.indices where entries[index].check != nil && entries[index].agrees {
                await timeOnce(&entries[index], comparison: &comparison, round: round, rounds: rounds)
            }
        }
    }

    private func timeOnce(_ entry: inout Entry, comparison: inout Comparison, round: Int, rounds: Int) async {
        // A check run long enough (a slow baseline) is not run again.
        let reuse = !bench && entry.check!.seconds >= minSeconds
        do {
            var seconds = try await reuse ? entry.check!.seconds : comparison.time(entry)
            // A loop still too short (a cost that is mostly set-up) is scaled again.
            while round == 1 && !reuse,
                  case let more = comparison.timedIterations(after: seconds, iterations: entry.timedIterations),
                  more > entry.timedIterations {
                progress("[round \(round)/\(rounds)] time \(entry.label), \(entry.timedIterations) it.: "
                         + String(format: "%.3f s, too short: %d it. next", seconds, more))
                entry.timedIterations = more
                seconds = try await comparison.time(entry)
            }
            entry.seconds.append(seconds)
            let rate = mcopsOf(cells: cells, iterations: entry.timedIterations, seconds: seconds)
            progress("[round \(round)/\(rounds)] time \(entry.label), \(entry.timedIterations) it.: "
                     + String(format: "%.3f s, %.2f MCOPs", seconds, rate)
                     + (reuse ? " (the check run)" : ", record agrees with \(Repository.exactName)"))
        } catch {
            entry.problem = entry.problem ?? "timed run: \(error)"
            progress("[round \(round)/\(rounds)] time \(entry.label): FAILED: \(error)")
        }
    }

    private func chartTitle(_ repository: Repository) -> String {
        "Traffic, \(cells) cells, density \(density), seed \(seed) (\(repository.system), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores\(bench ? ", median of \(repeats)" : ""))"
    }
}

/// Progress goes to stderr, the table to stdout.
func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes `text` and a newline to stdout, or exits with status 1 and one
/// line: the table is the result, and losing it is no success.
func printChecked(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let written = bytes[done...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else {
            progress("traffic-compare: cannot write output: \(String(cString: strerror(errno)))")
            Foundation.exit(1)
        }
        done += written
    }
}
