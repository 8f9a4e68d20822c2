import Foundation
import Harness

/// What every test here shares: the checkout, the selected implementations
/// and the two references, read once from the environment the Makefile sets.
struct Context: Sendable {
    let repository: Repository
    /// The implementations under test (TRAFFIC_ONLY applied).
    let implementations: [Implementation]
    /// c-ser: every record is compared with its record (but the longest ones).
    let reference: Implementation
    /// swift-exact: every record is compared with the exact solution too.
    let exact: Implementation

    static let shared: Result<Context, HarnessError> = Result {
        let repository = try Repository.fromEnvironment()
        return Context(repository: repository, implementations: try repository.selected(),
                       reference: try repository.reference(), exact: try repository.exactReference())
    }.mapError { $0 as? HarnessError ?? HarnessError("\($0)") }

    /// Fails with the reason if an implementation's files are missing even
    /// after `make all`.
    func requireBuilt(_ implementation: Implementation) async throws {
        let missing = await Builder.shared.missing(implementations + [reference, exact], repository: repository)
        if let reason = missing[implementation.name] { throw HarnessError(reason) }
    }
}

/// Limits how many children run at once: Swift Testing starts every case
/// together, and an MPI run with P processes counts as P. Most runs are short
/// and spend much of their time starting up (mpirun), so the default is four
/// per core (measured on 2 cores: `make test` 287 s, against 437 s with two
/// per core and more with one).
actor Throttle {
    static let shared = Throttle(capacity: Int(ProcessInfo.processInfo.environment["TRAFFIC_JOBS"] ?? "")
                                    ?? 4 * ProcessInfo.processInfo.activeProcessorCount)

    private let capacity: Int
    private var free: Int
    private var waiting: [(weight: Int, resume: CheckedContinuation<Void, Never>)] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        free = self.capacity
    }

    /// Runs `body` once `weight` slots are free (first come, first served).
    nonisolated func run<T: Sendable>(weight: Int, _ body: @Sendable () async throws -> T) async throws -> T {
        let slots = await acquire(weight)
        do {
            let value = try await body()
            await release(slots)
            return value
        } catch {
            await release(slots)
            throw error
        }
    }

    private func acquire(_ weight: Int) async -> Int {
        let slots = min(max(1, weight), capacity)
        if waiting.isEmpty && free >= slots {
            free -= slots
        } else {
            await withCheckedContinuation { waiting.append((slots, $0)) }
        }
        return slots
    }

    private func release(_ slots: Int) {
        free += slots
        while let next = waiting.first, next.weight <= free {
            free -= next.weight
            waiting.removeFirst()
            next.resume.resume()
        }
    }
}

/// A reference's record for each configuration, computed once.
actor ReferenceRecords {
    static let shared = ReferenceRecords()

    private var records: [String: [Configuration: Task<TraceRecord, Error>]] = [:]

    func record(of reference: Implementation, for configuration: Configuration,
                context: Context) async throws -> TraceRecord {
        if let record = records[reference.name]?[configuration] { return try await record.value }
        let record = Task {
            try await context.requireBuilt(reference)
            return try await trace(reference, configuration, workers: 1, context: context)
        }
        records[reference.name, default: [:]][configuration] = record
        return try await record.value
    }
}

/// Counts the timed-out runs of each implementation: after a few, its other
/// cases fail at once instead of each waiting out its timeout.
actor Hangs {
    static let shared = Hangs()
    static let limit = 3

    private var counts: [String: Int] = [:]

    func check(_ implementation: Implementation) throws {
        if counts[implementation.name, default: 0] >= Self.limit {
            throw HarnessError("not run: \(Self.limit) runs of \(implementation.name) have timed out already")
        }
    }

    func record(_ output: RunOutput, of implementation: Implementation) {
        if output.timedOut { counts[implementation.name, default: 0] += 1 }
    }
}

/// One throttled run, unless the implementation keeps hanging.
func run(_ implementation: Implementation, workers: Int, arguments: [String], timeout: Duration,
         wrapper: [String] = [], environment: [String: String] = [:], context: Context) async throws -> RunOutput {
    try await Throttle.shared.run(weight: workers) {
        try await Hangs.shared.check(implementation)
        let output = try await implementation.run(workers: workers, arguments: arguments,
                                                  repository: context.repository, timeout: timeout,
                                                  wrapper: wrapper, environment: environment)
        await Hangs.shared.record(output, of: implementation)
        return output
    }
}

/// One throttled --trace run and its record.
func trace(_ implementation: Implementation, _ configuration: Configuration, workers: Int,
           context: Context) async throws -> TraceRecord {
    try TraceRecord(of: await run(implementation, workers: workers, arguments: configuration.arguments + ["--trace"],
                                  timeout: configuration.timeout, context: context))
}
