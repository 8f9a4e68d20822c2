// The output of SPEC section 5: the human report or the --trace record.
// Numbers go through C's printf formats ("%f", "%.2f").

/// Prints a run's output: `begin` once the road is built, `record` for every
/// iteration in order (an MPI program may feed a batch at a time), `end`,
/// then `finish`.
public struct Reporter {
    private let config: TrafficConfig
    /// "1 process(es)": how many processes or threads, and which.
    private let workers: String
    private var output: BufferedOutput
    private var cars = 0

    /// A line the human header adds after the workers: how the run computes,
    /// when it does not simulate.
    private let note: String?

    /// A report on `output`. `workers` is the number of processes or threads,
    /// `unit` how the header names them: "process(es)" or "thread(s)".
    public init(config: TrafficConfig, workers: Int, unit: String = "process(es)", note: String? = nil,
                output: BufferedOutput) {
        self.config = config
        self.workers = "\(workers) \(unit)"
        self.note = note
        self.output = output
    }

    /// The cars on the initial road; the human header comes with them, so
    /// that nothing is printed before the road is built.
    public mutating func begin(cars: Int) {
        self.cars = cars
        if config.trace {
            output.write("cars \(cars)\n")
        } else {
            output.write("Length of road is \(config.cells)\n")
            output.write("Number of iterations is \(config.iterations)\n")
            output.write("Target density of cars is \(cFormat("%f", Double(config.density)))\n")
            output.write("Running on \(workers)\n")
            if let note { output.write("\(note)\n") }
            output.write("Actual density of cars is \(cFormat("%f", Double(cars) / Double(config.cells)))\n\n")
        }
    }

    /// The moves of iteration `iteration` (1-based).
    public mutating func record(iteration: Int, moves: Int) {
        if config.trace {
            output.write("moves ")
            output.write(iteration)
            output.write(" ")
            output.write(moves)
            output.write("\n")
        } else if iteration % config.report == 0 {
            let velocity = cars == 0 ? 0 : Double(moves) / Double(cars)
            output.write("At iteration \(iteration) average velocity is \(cFormat("%f", velocity))\n")
        }
    }

    /// The checksum after the last iteration and the time of the iteration loop.
    public mutating func end(checksum: UInt128, seconds: Double) {
        let mcops = cFormat("%.2f", Double(config.cells) * Double(config.iterations) / seconds / 1e6)
        if config.trace {
            output.write("checksum \(checksum)\nseconds \(cFormat("%f", seconds))\nmcops \(mcops)\n")
        } else {
            output.write("\nTime taken was \(cFormat("%f", seconds)) seconds\nUpdate rate was \(mcops) MCOPs\n")
        }
    }

    /// Writes out the rest of the output; throws if any of it was lost.
    public mutating func finish() throws(ProgramFailure) {
        output.finish()
        try output.check()
    }
}
