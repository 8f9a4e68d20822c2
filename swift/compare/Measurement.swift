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

    init(_ implementation: Implementation, workers: Int) {
        self.implementation = implementation
        self.workers = workers
    }

    var label: String {
        [implementation.name, implementation.workerLabel(workers)].filter { !$0.isEmpty }.joined(separator: " ")
    }

    var agrees: Bool { problem == nil }

    /// Cell updates per microsecond of each timed run.
    func mcops(cells: Int) -> [Double] {
        seconds.map { Double(cells) * Double(timedIterations) / $0 / 1e6 }
    }
}

/// Runs the check and timed phases on the course's default road.
struct Comparison {
    let repository: Repository
    let reference: Implementation
    let cells: Int
    let density: String
    let seed: Int
    let checkIterations: Int
    let minSeconds: Double

    private var references: [Int: TraceRecord] = [:]

    init(repository: Repository, reference: Implementation, cells: Int, density: String, seed: Int,
         checkIterations: Int, minSeconds: Double) {
        self.repository = repository
        self.reference = reference
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

    /// The reference's record for `iterations`, run once.
    mutating func referenceRecord(iterations: Int) async throws -> TraceRecord {
        if let record = references[iterations] { return record }
        let road = configuration(iterations: iterations)
        let record = try await reference.trace(road, workers: 1, repository: repository, timeout: road.timeout)
        references[iterations] = record
        return record
    }

    /// Runs `entry` with --trace and compares its record with the reference's.
    mutating func check(_ entry: inout Entry) async {
        entry.checkIterations = checkIterations(for: entry.implementation)
        do {
            let expected = try await referenceRecord(iterations: entry.checkIterations)
            let road = configuration(iterations: entry.checkIterations)
            let record = try await entry.implementation.trace(road, workers: entry.workers,
                                                              repository: repository, timeout: road.timeout)
            entry.check = record
            entry.problem = TraceRecord.firstDifference(expected: expected, actual: record)
        } catch {
            entry.problem = "\(error)"
        }
    }

    /// Iterations for a timed loop of at least `minSeconds`, judged from the
    /// check run with some headroom (a short check run times poorly); the
    /// check run's own when it lasted long enough (a slow baseline).
    func timedIterations(for entry: Entry) -> Int {
        guard let check = entry.check else { return 0 }
        if check.seconds >= minSeconds { return entry.checkIterations }
        let perIteration = max(check.seconds, 1e-6) / Double(entry.checkIterations)
        return max(1, Int((1.5 * minSeconds / perIteration).rounded(.up)))
    }

    /// One timed run: the seconds of its loop, as its record gives them.
    func time(_ entry: Entry) async throws -> Double {
        // Scaled to last about 1.5 x minSeconds: ten times that is a hang.
        let record = try await entry.implementation.trace(configuration(iterations: entry.timedIterations),
                                                          workers: entry.workers, repository: repository,
                                                          timeout: .seconds(30 + 15 * minSeconds))
        guard record.cars == entry.check?.cars else {
            throw HarnessError("timed run has \(record.cars) cars, its check run \(entry.check?.cars ?? 0)")
        }
        return record.seconds
    }
}
