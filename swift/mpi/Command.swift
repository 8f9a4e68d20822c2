import TrafficCommandLine

/// The update kernels of swift-mpi.
enum Kernel: String, CaseIterable {
    /// The course's: Int32 cells, one halo cell swapped with each neighbour every iteration.
    case course
    /// Bit-packed, with deep halos swapped once per several iterations.
    case fast

    /// The kernel `options` ask for: fast unless told otherwise.
    init(_ options: ParsedOptions) {
        // The parser accepts only the raw values.
        self = options.choice(.kernel).flatMap(Kernel.init(rawValue:)) ?? .fast
    }
}

extension Option {
    /// swift-mpi's own option.
    static let kernel = choice("--kernel", "K", noun: "kernel", choices: Kernel.allCases.map(\.rawValue),
                               help: "update kernel: course (Int32 cells, one-cell halos) or fast")
}
