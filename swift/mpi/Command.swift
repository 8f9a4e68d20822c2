import ArgumentParser
import TrafficModel

/// The update kernels of swift-mpi.
enum Kernel: String {
    /// The course's: Int32 cells, one halo cell swapped with each neighbour every iteration.
    case course
    /// Bit-packed, with deep halos swapped once per several iterations.
    case fast
}

/// swift-mpi's command line: the common options and `--kernel`.
struct MPICommand: TrafficCommand {
    @OptionGroup var common: TrafficOptions
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Update kernel: course (Int32 cells, one-cell halos every iteration) "
                               + "or fast (bit-packed, deep halos) (default fast).", valueName: "K"))
    var kernel: String?

    static let kernelAllowed = "course, fast"
    static var allowed: [String: String] { TrafficOptions.allowed.merging(["--kernel": kernelAllowed]) { $1 } }

    /// The kernel asked for, or the project's one-line error.
    func selectedKernel() throws(CommandLineExit) -> Kernel {
        guard let kernel else { return .fast }
        guard let selected = Kernel(rawValue: kernel) else {
            throw .usage("--kernel '\(kernel)' is not a kernel (allowed: \(Self.kernelAllowed))")
        }
        return selected
    }
}
