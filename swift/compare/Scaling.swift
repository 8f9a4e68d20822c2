import ArgumentParser
import Foundation
import Harness

// `traffic-compare --scaling` (`make scaling`): how cost grows with the road
// and the workers. Each implementation, at each worker count, runs roads of
// 10^3, 10^4, ... cells until it cannot hold the road (SPEC 4.2's refusal) or
// the next road would take longer than the cap. Every record is compared
// with a reference's, as `make bench` does.

/// The sweep's options, in traffic-compare's command line.
struct ScalingOptions: ParsableArguments {
    @Flag(help: "Sweep road sizes and workers instead: results/scaling.csv and scaling.svg.")
    var scaling = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Largest road of the sweep.", valueName: "N"))
    var largest = 10_000_000_000

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Longest run (set-up included) the sweep predicts and starts.", valueName: "S"))
    var cap = 60.0

    func validate() throws {
        if let problem = firstProblem(integers: [("--largest", largest, 1000...1_000_000_000_000)], density: "0") {
            throw ValidationError(problem)
        }
        guard (1...3600).contains(cap) else {
            throw ValidationError("--cap '\(cap)' is out of range (allowed: 1 <= S <= 3600)")
        }
    }

    /// 10^3, 10^4, ... up to `largest`, and `largest` itself.
    var sizes: [Int] {
        let powers = sequence(first: 1000) { $0 <= largest / 10 ? $0 * 10 : nil }
        return Array(Set(powers).union([largest])).sorted()
    }
}

/// One measured road of one entry.
struct ScalingPoint {
    let entry: Entry
    let cells: Int
    let iterations: Int
    /// The program's process, launch to exit (an MPI run's includes mpirun's start).
    let wall: Double
    /// The iteration loop, as the record reports it.
    let loop: Double
    /// The implementation whose record this one's was compared with.
    let reference: String

    /// Everything but the loop: start-up, allocation, drawing the road, output.
    var setUp: Double { max(0, wall - loop) }
    var mcops: Double { mcopsOf(cells: cells, iterations: iterations, seconds: loop) }
}

/// Why an entry's sweep ended where it did.
struct ScalingEnd {
    let entry: Entry
    let note: String
    /// True when the end is a fault (a record that differs, a crash).
    let failed: Bool
}

/// The sweep: runs, checks and collects every point.
struct ScalingSweep {
    let repository: Repository
    let options: ScalingOptions
    /// The comparison of a road of that many cells: density, seed, shortest
    /// loop, and (its check iterations) the iterations of every run at the
    /// roads the exact solver cannot hold, where the reference, a simulator,
    /// costs as much as the run it checks.
    let comparisonOf: (Int) throws -> Comparison

    private(set) var points: [ScalingPoint] = []
    private(set) var ends: [ScalingEnd] = []
    /// One comparison per road size: each caches its references' records.
    private var comparisons: [Int: Comparison] = [:]
    /// Whether the exact solver holds a road of that size.
    private var exactHolds: [Int: Bool] = [:]

    init(repository: Repository, options: ScalingOptions, comparisonOf: @escaping (Int) throws -> Comparison) {
        (self.repository, self.options, self.comparisonOf) = (repository, options, comparisonOf)
    }

    mutating func run(_ entries: [Entry]) async throws {
        for entry in entries {
            try await sweep(entry)
        }
    }

    /// One entry up the sizes, until it cannot hold the road, the cap stops
    /// it or a run fails.
    private mutating func sweep(_ entry: Entry) async throws {
        var previous: ScalingPoint?
        for cells in options.sizes {
            var comparison = try comparisons[cells] ?? comparisonOf(cells)
            let fixed = try await !holdsExactly(comparison) || entry.implementation.model == "exact"
            var iterations = fixed ? comparison.checkIterations
                : plannedIterations(cells, after: previous, minSeconds: comparison.minSeconds)
            if let previous, case let predicted = predictedWall(cells, iterations, after: previous),
               predicted > options.cap {
                end(entry, "stopped before \(cells) cells: "
                        + String(format: "about %.0f s predicted, over the %.0f s cap", predicted, options.cap))
                return
            }
            do {
                var point = try await measure(entry, cells, iterations, &comparison)
                // A loop still too short is scaled again, as `make bench` does.
                while !fixed, case let more = roundedUp(comparison.timedIterations(after: point.loop, iterations: iterations)),
                      more > iterations {
                    iterations = more
                    point = try await measure(entry, cells, iterations, &comparison)
                }
                points.append(point)
                progress("scaling \(entry.label) \(cells) cells, \(iterations) it.: "
                         + String(format: "%.3f s wall, %.3f s set-up, %.2f MCOPs", point.wall, point.setUp, point.mcops)
                         + ", agrees with \(point.reference)")
                previous = point
            } catch let refusal as Refusal {
                end(entry, "cannot hold \(cells) cells: \(refusal.line)")
                return
            } catch {
                end(entry, "\(cells) cells: \(error)", failed: true)
                return
            }
            comparisons[cells] = comparison
        }
        end(entry, "reached the largest road")
    }

    private mutating func end(_ entry: Entry, _ note: String, failed: Bool = false) {
        progress("scaling \(entry.label): \(failed ? "FAILED: " : "")\(note)")
        ends.append(ScalingEnd(entry: entry, note: note, failed: failed))
    }

    /// Asked of the exact solver itself, once per size: it refuses a road
    /// whose solution does not fit (SPEC 4.2).
    private mutating func holdsExactly(_ comparison: Comparison) async throws -> Bool {
        let cells = comparison.cells
        if let known = exactHolds[cells] { return known }
        let road = comparison.configuration(iterations: 1)
        let output = try await comparison.exact.run(workers: 1, arguments: road.arguments + ["--trace"],
                                                    repository: repository, timeout: road.timeout)
        exactHolds[cells] = output.succeeded
        return output.succeeded
    }

    /// The reference a point is checked against: the exact solver where it
    /// holds the road, else c-vec (or swift-vec, for c-vec itself).
    private func reference(for entry: Entry, cells: Int) throws -> Implementation {
        if exactHolds[cells] == true, entry.implementation.model != "exact" { return try repository.exactReference() }
        let name = entry.implementation.name == "c-vec" ? "swift-vec" : "c-vec"
        guard let simulator = try repository.registry().first(where: { $0.name == name }) else {
            throw HarnessError("the registry has no \(name), the scaling sweep's reference for large roads")
        }
        return simulator
    }

    /// One run of `entry` with --trace, timed from outside, its record
    /// compared with the reference's for the same road and iterations.
    private func measure(_ entry: Entry, _ cells: Int, _ iterations: Int,
                         _ comparison: inout Comparison) async throws -> ScalingPoint {
        let road = comparison.configuration(iterations: iterations)
        let output = try await entry.implementation.run(workers: entry.workers, arguments: road.arguments + ["--trace"],
                                                        repository: repository, timeout: timeout)
        if let refusal = Refusal(output) { throw refusal }
        let record = try TraceRecord(of: output)
        let reference = try reference(for: entry, cells: cells)
        if let problem = try await comparison.problem(with: record, of: entry, iterations: iterations,
                                                      references: [reference]) {
            throw HarnessError(problem)
        }
        return ScalingPoint(entry: entry, cells: cells, iterations: iterations, wall: output.seconds, loop: record.seconds,
                            reference: reference.name)
    }

    /// The cap, with room for a loaded machine; a run past it is a hang.
    private var timeout: Duration { .seconds(Int(3 * options.cap) + 30) }

    /// Enough iterations for a loop of `minSeconds` at the previous road's
    /// rate (or 10^7 updates to begin with), rounded to 1, 2 or 5 x 10^k so
    /// that runs share the references' records.
    private func plannedIterations(_ cells: Int, after previous: ScalingPoint?, minSeconds: Double) -> Int {
        let updates = previous.map { minSeconds * $0.mcops * 1e6 } ?? 1e7
        return roundedUp(Int(min(Double(Comparison.maxTimedIterations), max(1, updates / Double(cells)))))
    }

    /// The previous road's set-up and loop, grown in proportion.
    private func predictedWall(_ cells: Int, _ iterations: Int, after previous: ScalingPoint) -> Double {
        let growth = Double(cells) / Double(previous.cells)
        return previous.setUp * growth + Double(cells) * Double(iterations) / (previous.mcops * 1e6)
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50, ... at least `count`.
func roundedUp(_ count: Int) -> Int {
    var decade = 1
    while true {
        for step in [1, 2, 5] where step * decade >= count { return step * decade }
        decade *= 10
    }
}

/// A run that refused the road for want of memory (SPEC 4.2): the end of an
/// entry's sweep, not a failure.
struct Refusal: Error {
    let line: String

    init?(_ output: RunOutput) {
        let lines = output.stderr.split(separator: "\n")
        guard !output.timedOut, !output.signalled, output.status == 1,
              let line = lines.first(where: { $0.contains(": cannot allocate memory for ") }) else { return nil }
        self.line = String(line)
    }
}

extension TrafficCompare {
    /// The sweep over every selected implementation and worker count: its
    /// table on stdout, its CSV and chart in the results folder.
    func runScaling(_ repository: Repository) async throws {
        let entries = try repository.selected().flatMap { implementation in
            workerCounts(for: implementation).map { Entry(implementation, workers: $0) }
        }
        var scaling = ScalingSweep(repository: repository, options: sweep) { [density, seed, iterations, minSeconds] cells in
            try Comparison(repository: repository, cells: cells, density: density, seed: seed,
                           checkIterations: iterations, minSeconds: minSeconds)
        }
        let started = ContinuousClock.now
        try await scaling.run(entries)
        let report = ScalingReport(points: scaling.points, ends: scaling.ends, sizes: sweep.sizes,
                                   title: "Traffic: cost against road size and workers, density \(density), seed \(seed) "
                                       + "(\(repository.system), \(ProcessInfo.processInfo.activeProcessorCount) cores, "
                                       + String(format: "cap %.0f s a run)", sweep.cap))
        printChecked(report.table())
        let folder = repository.url(results)
        try report.write(to: folder)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        printChecked("\(scaling.points.count) runs in \(Int(seconds)) s: "
                     + (report.allAgree ? "every record agreed with its reference's." : "NOT ALL RUNS AGREED OR RAN."))
        progress("wrote \(folder.appendingPathComponent("scaling.csv").path) and scaling.svg")
        if !report.allAgree { throw ExitCode.failure }
    }
}
