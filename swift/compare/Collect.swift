import ArgumentParser
import Foundation
import Harness

// `traffic-compare --collect FILE...`: the runs of Slurm jobs (their output
// files, read by JobRun) as the table, CSV and chart of `make run`, each run
// checked against the exact solution's output for its road, computed here,
// plus a chart of speed-up against workers (SpeedUpChart).

extension TrafficCompare {
    func runCollect() async throws {
        let repository = try Repository.fromEnvironment()
        let registry = try repository.registry()
        guard registry.contains(where: { $0.name == baseline }) else {
            throw ValidationError("--baseline '\(baseline)' is not an implementation of implementations.tsv")
        }
        var runs: [JobRun] = [], skipped: [(file: String, reason: String)] = []
        for file in collect {
            do throws(Skip) {
                runs.append(try JobRun(file: file, registry: registry))
            } catch {
                skipped.append((file, error.description))
            }
        }
        var references = ExactOutputs(repository: repository, exact: try repository.exactReference())
        var entries: [Entry] = []
        for run in runs.sorted(by: { order($0, $1, registry: registry) }) {
            let problem = verify ? await references.problem(with: run) : nil
            entries.append(Entry(run, problem: problem))
            progress("\(run.file): job \(run.job), \(entries.last!.label), \(run.cells) cells x \(run.iterations) it., "
                     + String(format: "%.3f s", run.seconds)
                     + (verify ? (problem.map { ": DIFFERS: \($0)" } ?? ": agrees with \(Repository.exactName)") : ""))
        }

        let report = Report(entries: entries, cells: 0, bench: false, baseline: baseline)
        if !entries.isEmpty { printChecked(report.table()) }
        for skip in skipped { printChecked("skipped \(skip.file): \(skip.reason)") }
        let folder = repository.url(results)
        let title = "Traffic, \(entries.count) Slurm job(s) of \(collect.count) output file(s) (\(repository.system))"
        try report.write(to: folder, title: title)
        let scaling = SpeedUpChart(title: title, rows: report.rows)
        if scaling.hasLines {
            try scaling.svg().write(to: folder.appendingPathComponent("speedup.svg"), atomically: true, encoding: .utf8)
        }
        printChecked(collectVerdict(report, skipped: skipped.count))
        progress("wrote \(folder.appendingPathComponent("results.csv").path), mcops.svg"
                 + (scaling.hasLines ? " and speedup.svg" : ""))
        if !report.allAgree || entries.isEmpty { throw ExitCode.failure }
    }

    private func collectVerdict(_ report: Report, skipped: Int) -> String {
        let counted = "\(report.rows.count) job(s) counted, \(skipped) skipped"
        guard verify else { return "\(counted); not checked (--no-verify)." }
        if report.allAgree {
            return "\(counted); every counted job's output agrees with \(Repository.exactName)'s for its road."
        }
        return "\(counted); NOT ALL AGREE:\n"
            + report.rows.filter { !$0.entry.agrees }.map { "  \($0.entry.label): \($0.entry.problem ?? "")" }
            .joined(separator: "\n")
    }
}

/// Registry order, then fewer workers, then the road.
private func order(_ a: JobRun, _ b: JobRun, registry: [Implementation]) -> Bool {
    let rank = { (run: JobRun) in registry.firstIndex(of: run.implementation) ?? registry.count }
    return (rank(a), a.workers, a.cells, a.file) < (rank(b), b.workers, b.cells, b.file)
}

extension Entry {
    /// A job's run as a line of the comparison: timed once, its velocity the
    /// last one it printed.
    init(_ run: JobRun, problem: String?) {
        self.init(run.implementation, workers: run.workers)
        check = run.record
        checkIterations = run.lastReport?.iteration ?? run.iterations
        velocity = run.lastReport?.velocity
        timedIterations = run.iterations
        seconds = [run.seconds]
        cells = run.cells
        self.problem = problem
    }
}

/// The exact solution's output for each road and output form, run here once.
struct ExactOutputs {
    let repository: Repository
    let exact: Implementation
    private var outputs: [[String]: Result<String, HarnessError>] = [:]

    init(repository: Repository, exact: Implementation) {
        (self.repository, self.exact) = (repository, exact)
    }

    /// How `run`'s output departs from the exact solution's, or nil.
    mutating func problem(with run: JobRun) async -> String? {
        let expected: String
        switch await output(run.arguments) {
        case .success(let text): expected = text
        case .failure(let error): return "no reference: \(error)"
        }
        if let record = run.record {
            guard let reference = try? TraceRecord(parsing: expected) else { return "no reference record" }
            return TraceRecord.firstDifference(expected: reference, actual: record).map { "\($0)" }
        }
        let reference = HumanOutput.shared(expected.split(separator: "\n").map(String.init))
        let line = { (lines: [String], index: Int) in index < lines.count ? lines[index] : "(nothing)" }
        guard let index = (0..<max(reference.count, run.reportLines.count))
            .first(where: { line(reference, $0) != line(run.reportLines, $0) })
        else { return nil }
        return "output line \(index + 1) (timing aside): expected '\(line(reference, index))', "
            + "got '\(line(run.reportLines, index))'"
    }

    private mutating func output(_ arguments: [String]) async -> Result<String, HarnessError> {
        if let known = outputs[arguments] { return known }
        let result: Result<String, HarnessError>
        do {
            let output = try await exact.run(workers: 1, arguments: arguments, repository: repository,
                                             timeout: .seconds(3600))
            result = output.succeeded ? .success(output.stdout) : .failure(HarnessError(output.failureSummary))
        } catch {
            result = .failure(error as? HarnessError ?? HarnessError("\(error)"))
        }
        outputs[arguments] = result
        return result
    }
}
