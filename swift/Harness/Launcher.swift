import Foundation

/// One road: what every implementation is given for one comparison.
public struct Configuration: Sendable, Hashable, CustomStringConvertible {
    public let cells: Int
    /// As written on the command line, so that every binary parses the same text.
    public let density: String
    public let seed: Int
    public let iterations: Int

    public init(cells: Int, density: String, seed: Int, iterations: Int) {
        self.cells = cells
        self.density = density
        self.seed = seed
        self.iterations = iterations
    }

    /// The course's default road.
    public static func courseDefault(iterations: Int = 100) -> Configuration {
        Configuration(cells: 10_240_000, density: "0.52", seed: 5743, iterations: iterations)
    }

    public var arguments: [String] {
        ["--cells", "\(cells)", "--density", density, "--seed", "\(seed)", "--iterations", "\(iterations)"]
    }

    /// Cell updates, saturating: a road too long to run is still described.
    public var updates: Int {
        let (product, overflow) = cells.multipliedReportingOverflow(by: iterations)
        return overflow ? .max : product
    }

    public var description: String {
        "cells=\(cells) density=\(density) seed=\(seed) it=\(iterations)"
    }
}

extension Implementation {
    /// How its workers are written in names and tables: "P=3", "T=2", or "".
    public func workerLabel(_ workers: Int) -> String {
        switch launch {
        case .serial: ""
        case .threads: "T=\(workers)"
        case .mpi: "P=\(workers)"
        }
    }

    /// The full command line and the extra environment for `workers`.
    /// `wrapper` goes right before the program (inside the MPI launcher, so
    /// that every rank runs it): a shell that redirects its stdout, say.
    public func invocation(workers: Int, arguments: [String], repository: Repository,
                           wrapper: [String] = []) -> (arguments: [String], environment: [String: String]) {
        // Set even for non-MPI runs: harmless, and a wrapper script may use MPI.
        var environment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]
        switch launch {
        case .serial:
            return (wrapper + command + arguments, environment)
        case .threads:
            environment["OMP_NUM_THREADS"] = "\(workers)"
            return (wrapper + command + arguments, environment)
        case .mpi:
            return (repository.mpiexec + ["-n", "\(workers)"] + wrapper + command + arguments, environment)
        }
    }

    /// Runs it once from the repository root; `environment` overrides the
    /// launch's own (OMP_NUM_THREADS, say).
    public func run(workers: Int, arguments: [String], repository: Repository, timeout: Duration,
                    wrapper: [String] = [], environment: [String: String] = [:]) async throws -> RunOutput {
        let launch = invocation(workers: workers, arguments: arguments, repository: repository, wrapper: wrapper)
        return try await runCommand(launch.arguments, environment: launch.environment.merging(environment) { $1 },
                                    directory: repository.root, timeout: timeout)
    }

    /// Runs `configuration` with --trace and reads the record.
    public func trace(_ configuration: Configuration, workers: Int, repository: Repository,
                      timeout: Duration) async throws -> TraceRecord {
        try TraceRecord(of: await run(workers: workers, arguments: configuration.arguments + ["--trace"],
                                      repository: repository, timeout: timeout))
    }
}

extension Configuration {
    /// Long enough for a slow baseline on a loaded machine (a few million cell
    /// updates a second) and for crowded MPI runs (20 ms an iteration), short
    /// enough that a hang does not stall everything.
    public var timeout: Duration { .seconds(30 + updates / 5_000_000 + iterations / 50) }
}

extension TraceRecord {
    /// The record a run printed; throws with the command, its ending and
    /// stderr if the run failed or the record is malformed.
    public init(of output: RunOutput) throws {
        guard output.succeeded else { throw HarnessError(output.failureSummary) }
        do {
            try self.init(parsing: output.stdout)
        } catch {
            throw HarnessError("`\(output.command)`: \(error)")
        }
    }
}
