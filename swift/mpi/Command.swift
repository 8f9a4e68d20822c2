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
    static let configuration = CommandConfiguration(
        commandName: "swift-mpi",
        abstract: "The traffic model on MPI processes, each building and updating its own block of the road.")

    @OptionGroup var common: TrafficOptions
    @Option(parsing: .unconditional, help: "Update kernel: course or fast (default fast).")
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
