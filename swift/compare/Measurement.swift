import Foundation
import Harness

/// One line of the comparison: an implementation with a worker count, its
/// check against the reference and its timed runs.
struct Entry {
    let implementation: Implementation
    let workers: Int
    var check: TraceRecord?
    var checkIterations = 0
    /// Why it does not agree with the reference (nil: it agrees).
    var problem: String? = "not run"
    var timedIterations = 0
    /// Seconds of each timed loop.
    var seconds: [Double] = []
    /// The road's length when it is not the comparison's (a collected job's).
    var cells: Int?
    /// The average velocity at `checkIterations` when no record gives it (a
    /// job's human output).
    var velocity: Double?

    init(_ implementation: Implementation, workers: Int) {
        self.implementation = implementation
        self.workers = workers
    }

    var label: String {
        [implementation.name, implementation.workerLabel(workers)].filter { !$0.isEmpty }.joined(separator: " ")
    }

    var agrees: Bool { problem == nil }

    /// Cell updates per microsecond of each timed run, on its own road or
    /// else on one of `cells`.
    func mcops(cells: Int) -> [Double] {
        seconds.map { mcopsOf(cells: self.cells ?? cells, iterations: timedIterations, seconds: $0) }
    }
}

/// Million cell updates per second, as the programs print them (infinite for
/// a loop too short for the clock).
func mcopsOf(cells: Int, iterations: Int, seconds: Double) -> Double {
    Double(cells) * Double(iterations) / seconds / 1e6
}

/// Runs the check and timed phases on the course's default road. Every
/// record, the check runs' and the timed runs', is compared with two
/// references: c-ser's (the check runs) and the exact solution's (all).
struct Comparison {
    let repository: Repository
    let reference: Implementation
    let exact: Implementation
    let cells: Int
    let density: String
    let seed: Int
    let checkIterations: Int
    let minSeconds: Double

    /// The longest timed loop asked of a run whose check suggests more: the
    /// exact solution's cost hardly grows with the iterations.
    static let maxTimedIterations = 1_000_000

    /// Each reference's record for each number of iterations.
    private var records: [String: [Int: TraceRecord]] = [:]

    init(repository: Repository, cells: Int, density: String, seed: Int, checkIterations: Int,
         minSeconds: Double) throws {
        self.repository = repository
        reference = try repository.reference()
        exact = try repository.exactReference()
        self.cells = cells
        self.density = density
        self.seed = seed
        self.checkIterations = checkIterations
        self.minSeconds = minSeconds
    }

    func configuration(iterations: Int) -> Configuration {
        Configuration(cells: cells, density: density, seed: seed, iterations: iterations)
    }

    /// The check run's iterations: the default, or fewer for a slow baseline
    /// (at least one) so that it stays within its limit.
    func checkIterations(for implementation: Implementation) -> Int {
        guard let limit = implementation.limit else { return checkIterations }
        return max(1, min(checkIterations, limit / cells))
    }

    /// `reference`'s record for `iterations`, run once.
    mutating func record(of reference: Implementation, iterations: Int) async throws -> TraceRecord {
        if let record = records[reference.name]?[iterations] { return record }
        let road = configuration(iterations: iterations)
        let record = try await reference.trace(road, workers: 1, repository: repository, timeout: road.timeout)
        records[reference.name, default: [:]][iterations] = record
        return record
    }

    /// What is wrong with `record`, a run of `entry` for `iterations`, by the
    /// first of `references` (never the entry itself) that disagrees; nil if none.
    mutating func problem(with record: TraceRecord, of entry: Entry, iterations: Int,
                          references: [Implementation]) async throws -> String? {
        for reference in references where reference.name != entry.implementation.name {
            let expected = try await self.record(of: reference, iterations: iterations)
            if let difference = TraceRecord.firstDifference(expected: expected, actual: record) {
                return "differs from \(reference.name) (\(iterations) it.): \(difference)"
            }
        }
        return nil
    }

    /// Runs `entry` with --trace and compares its record with both references'.
    mutating func check(_ entry: inout Entry) async {
        entry.checkIterations = checkIterations(for: entry.implementation)
        do {
            let road = configuration(iterations: entry.checkIterations)
            let record = try await entry.implementation.trace(road, workers: entry.workers,
                                                              repository: repository, timeout: road.timeout)
            entry.check = record
            entry.problem = try await problem(with: record, of: entry, iterations: entry.checkIterations,
                                              references: [reference, exact])
        } catch {
            entry.problem = "\(error)"
        }
    }

    /// Iterations for a timed loop of at least `minSeconds`, judged from a run
    /// of `iterations` that took `seconds`, with some headroom (a short run
    /// times poorly), at most `maxTimedIterations`.
    func timedIterations(after seconds: Double, iterations: Int) -> Int {
        if seconds >= minSeconds { return iterations }
        let perIteration = max(seconds, 1e-6) / Double(iterations)
        return min(Self.maxTimedIterations, max(1, Int((1.5 * minSeconds / perIteration).rounded(.up))))
    }

    /// One timed run of `entry.timedIterations`: the seconds of its loop, as its
    /// record gives them, once the whole record agrees with the exact one.
    mutating func time(_ entry: Entry) async throws -> Double {
        // Scaled to last about 1.5 x minSeconds: ten times that is a hang.
        let iterations = entry.timedIterations
        let record = try await entry.implementation.trace(configuration(iterations: iterations),
                                                          workers: entry.workers, repository: repository,
                                                          timeout: .seconds(30 + 15 * minSeconds))
        if let problem = try await problem(with: record, of: entry, iterations: iterations, references: [exact]) {
            throw HarnessError(problem)
        }
        return record.seconds
    }
}
