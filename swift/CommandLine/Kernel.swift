// The update kernels of the parallel Swift programs (swift-mpi,
// swift-threads) and the option that picks one.

/// How a parallel program updates its blocks.
public enum Kernel: String, CaseIterable, Sendable {
    /// The course's: Int32 cells, one halo cell passed to each neighbour every iteration.
    case course
    /// Bit-packed, with deep halos passed once per several iterations.
    case fast

    /// The kernel `options` ask for: fast unless told otherwise.
    public init(_ options: ParsedOptions) {
        // The parser accepts only the raw values.
        self = options.choice(.kernel).flatMap(Kernel.init(rawValue:)) ?? .fast
    }
}

extension Option {
    /// `--kernel K`, a parallel program's own option.
    public static let kernel = choice("--kernel", "K", noun: "kernel", choices: Kernel.allCases.map(\.rawValue),
                                      help: "update kernel: course (Int32 cells, one-cell halos) or fast")
}
