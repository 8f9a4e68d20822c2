import Foundation
import Harness
import Testing

/// One run to compare: an implementation, its workers and a road.
struct Case: Sendable, CustomTestStringConvertible {
    let implementation: Implementation
    let workers: Int
    let configuration: Configuration
    /// Whether c-ser's record is a reference too, beside the exact one.
    var bySimulation = true

    /// e.g. "fortran-mpi P=3 cells=1001 density=0.3 seed=0 it=50".
    var testDescription: String {
        [implementation.name, implementation.workerLabel(workers), configuration.description]
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// A road and the worker counts to try it with.
struct Row {
    let configuration: Configuration
    let threads: [Int]
    let processes: [Int]
    /// Which implementations run it.
    var scope = Scope.all
    /// Whether c-ser's record is a reference too (too slow for the longest runs).
    var bySimulation = true

    enum Scope {
        case all
        /// The codes that are fast enough for runs of 10^10 cell updates.
        case bitPackedAndMPI

        func includes(_ implementation: Implementation) -> Bool {
            self == .all || implementation.model.contains("bit-packed") || implementation.launch == .mpi
        }
    }

    init(_ cells: Int, _ density: String, seed: Int, it: Int,
         threads: [Int] = [1, 2, 3], processes: [Int] = [1, 2, 3, 4]) {
        configuration = Configuration(cells: cells, density: density, seed: seed, iterations: it)
        self.threads = threads
        self.processes = processes.filter { $0 <= cells && ($0 <= 2 || it <= Self.longestCrowdedRun) }
    }

    /// A run longer than the simulating reference can afford: checked against
    /// the exact solution only.
    static func long(_ cells: Int, _ density: String, seed: Int, it: Int, scope: Scope) -> Row {
        var row = Row(cells, density, seed: seed, it: it, threads: [2], processes: [2])
        row.scope = scope
        row.bySimulation = false
        return row
    }

    /// More processes than this machine's 2 cores crawl under MPICH (about
    /// 10 ms an iteration: its waiting ranks spin), so long runs use 1 or 2.
    static let longestCrowdedRun = 300

    func workers(for implementation: Implementation) -> [Int] {
        switch implementation.launch {
        case .serial: [1]
        case .threads: threads
        case .mpi: processes
        }
    }
}

enum Matrix {
    /// Roads from 1 cell to millions: sizes around 64-bit words (bit-packed
    /// kernels), sizes not divisible by 2, 3 or 4, one cell per process,
    /// densities 0 and 1, seeds 0 and 900000000, up to thousands of iterations.
    static let rows: [Row] = [
        Row(1, "1", seed: 5743, it: 5),
        Row(1, "0.52", seed: 5743, it: 3),
        Row(2, "1", seed: 0, it: 4),
        Row(3, "0.5", seed: 900_000_000, it: 7),
        Row(4, "0.52", seed: 5743, it: 10),
        Row(5, "0.9", seed: 1, it: 20),
        Row(7, "0.3", seed: 0, it: 50),
        Row(13, "0.52", seed: 12345, it: 100),
        Row(63, "0.52", seed: 5743, it: 70),
        Row(64, "0.5", seed: 1, it: 100),
        Row(65, "0.6", seed: 2, it: 130),
        Row(97, "0.52", seed: 5743, it: 200),
        Row(127, "0.4", seed: 3, it: 64),
        Row(129, "0.7", seed: 900_000_000, it: 257),
        Row(1000, "0", seed: 5743, it: 10),
        Row(1001, "0.3", seed: 0, it: 50),
        Row(4096, "1", seed: 42, it: 10),
        Row(12_345, "0.5", seed: 2024, it: 3000),
        Row(65_537, "0.52", seed: 5743, it: 1000),
        Row(100_003, "0.75", seed: 900_000_000, it: 300),
        Row(1_048_577, "0.25", seed: 31_415_926, it: 60, threads: [2, 3], processes: [2, 3]),
        Row(2_999_999, "0.1", seed: 777, it: 20, threads: [3], processes: [4]),
        // The course's default road: the golden record.
        Row(10_240_000, "0.52", seed: 5743, it: 100, threads: [2], processes: [2]),
        // Long runs, past where the jams settle (C iterations), that only the
        // exact solution can check cheaply: 10^10 cell updates for the fast
        // codes, 10^4 iterations for every code (python-ser on the shortest).
        .long(100_003, "0.52", seed: 5743, it: 100_000, scope: .bitPackedAndMPI),
        .long(10_007, "0.6", seed: 1, it: 10_000, scope: .all),
        .long(299, "0.45", seed: 900_000_000, it: 10_000, scope: .all),
    ]

    /// Every selected implementation on every row, within its limit.
    static func cases(rows: [Row], context: Context) -> [Case] {
        rows.flatMap { row in
            context.implementations
                .filter { row.scope.includes($0) }
                .filter { $0.allows(cells: row.configuration.cells, iterations: row.configuration.iterations) }
                .flatMap { implementation in
                    row.workers(for: implementation).map {
                        Case(implementation: implementation, workers: $0, configuration: row.configuration,
                             bySimulation: row.bySimulation)
                    }
                }
        }
    }

    /// 4.4e9 cells at density 0.99: a checksum near 9.6e18, past 2^63, and
    /// 550 MB a packed road (the int-per-cell codes would need 35 GB).
    static let wide = Configuration(cells: 4_400_000_001, density: "0.99", seed: 5743, iterations: 3)

    static func isBitPacked(_ implementation: Implementation) -> Bool {
        implementation.model.contains("bit-packed")
    }

    /// The selected bit-packed implementations but the registry's first (the
    /// reference for this road) on the wide road, MPI ones on 2 processes.
    static func wideCases() throws -> [Case] {
        let context = try Context.shared.get()
        let reference = try context.repository.registry().first(where: isBitPacked)
        return context.implementations.filter { isBitPacked($0) && $0.name != reference?.name }.map {
            Case(implementation: $0, workers: $0.launch == .mpi ? 2 : 1, configuration: wide)
        }
    }

    static func fixedCases() throws -> [Case] {
        cases(rows: rows, context: try Context.shared.get())
    }

    /// Further roads drawn from TRAFFIC_TEST_SEED (or the clock) on each run,
    /// each implementation with one random worker count.
    static func randomCases() throws -> [Case] {
        var generator = SplitMix64(seed: randomSeed)
        let rows = (0..<8).map { _ in randomRow(&generator) }
        return cases(rows: rows, context: try Context.shared.get())
    }

    static let randomSeed: UInt64 = {
        let environment = ProcessInfo.processInfo.environment["TRAFFIC_TEST_SEED"]
        let seed = environment.flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970 * 1000)
        print("CrossValidation: random configurations from TRAFFIC_TEST_SEED=\(seed)")
        return seed
    }()

    private static func randomRow(_ generator: inout SplitMix64) -> Row {
        // Log-uniform lengths: small roads are where the edge cases are.
        let cells = Int(exp(Double.random(in: 0...log(3e6), using: &generator)))
        let iterations = Int.random(in: 1...min(3000, max(1, 20_000_000 / cells)), using: &generator)
        let densities = ["0", "1", String(format: "%.3f", Double.random(in: 0...1, using: &generator))]
        let density = Int.random(in: 0..<10, using: &generator) == 0
            ? densities.randomElement(using: &generator)! : densities[2]
        let seed = [0, 900_000_000, Int.random(in: 0...900_000_000, using: &generator)]
            .randomElement(using: &generator)!
        let processes = min(cells, iterations <= Row.longestCrowdedRun ? 4 : 2)
        return Row(cells, density, seed: seed, it: iterations,
                   threads: [Int.random(in: 1...3, using: &generator)],
                   processes: [Int.random(in: 1...processes, using: &generator)])
    }
}
