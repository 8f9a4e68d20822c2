import TrafficModel

// The options every traffic program takes (SPEC section 3) and the run they
// configure.

extension Option {
    public static let cells = integer("--cells", 1...Int.max,
                                      help: "road length, N >= 1 (default \(TrafficConfig.defaultCells))")
    public static let iterations = integer("--iterations", 1...Int.max,
                                           help: "iterations, N >= 1 (default 1.024e9 / cells, at least 1)")
    public static let density = fraction("--density",
                                        help: "target density of cars, 0 <= X <= 1 (default 0.52)")
    public static let seed = integer("--seed", 0...Uni.maxSeed,
                                     help: "generator seed, 0 <= N <= 900000000 (default \(TrafficConfig.defaultSeed))")
    public static let report = integer("--report", 1...Int.max,
                                       help: "print the average velocity every N iterations",
                                       "(default iterations / 10, at least 1)")
    public static let trace = flag("--trace", help: "print the machine record instead of the human output")
    public static let help = flag("--help", alias: "-h", help: "print this help")

    /// The options of every program but `--help`, which comes last.
    static let common = [cells, iterations, density, seed, report, trace]
}

/// A run's configuration, defaults applied.
public struct TrafficConfig: Sendable, Equatable {
    public var cells: Int
    public var iterations: Int
    public var density: Float
    public var seed: Int
    public var report: Int
    public var trace: Bool

    public static let defaultCells = 10_240_000
    public static let defaultDensity: Float = 0.52
    public static let defaultSeed = 5743
    /// The default iterations are this many cell updates' worth, at least one.
    static let defaultUpdates = 1_024_000_000

    /// Applies the spec's defaults to whatever is not given.
    public init(cells: Int = defaultCells, iterations: Int? = nil, density: Float = defaultDensity,
                seed: Int = defaultSeed, report: Int? = nil, trace: Bool = false) {
        self.cells = cells
        self.iterations = iterations ?? max(1, Self.defaultUpdates / cells)
        self.density = density
        self.seed = seed
        self.report = report ?? max(1, self.iterations / 10)
        self.trace = trace
    }

    /// The run `options` ask for on `processes` processes, which need at
    /// least as many cells.
    public init(_ options: ParsedOptions, processes: Int = 1) throws(CommandLineError) {
        self.init(cells: options.integer(.cells) ?? Self.defaultCells, iterations: options.integer(.iterations),
                  density: options.fraction(.density) ?? Self.defaultDensity,
                  seed: options.integer(.seed) ?? Self.defaultSeed, report: options.integer(.report),
                  trace: options.contains(.trace))
        guard cells >= processes else {
            throw .fewerCellsThanProcesses(value: options.text(.cells) ?? String(cells), processes: processes)
        }
    }
}
