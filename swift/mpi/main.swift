// swift-mpi: the traffic model on MPI processes (SPEC section 6). Each rank
// builds its own block of the road with the generator's jump-ahead, so nobody
// holds the whole road; blocks swap halos with their ring neighbours, and the
// moves of each batch of iterations are summed on rank 0, which prints.
import MPI
import TrafficModel
#if canImport(Glibc)
import Glibc
#endif

/// The rank that prints.
let root = 0

/// The configuration and kernel, parsed on every rank alike so that all of
/// them agree on whether to run.
func configure(processes: Int) -> Result<(TrafficConfig, Kernel), CommandLineExit> {
    let arguments = Array(CommandLine.arguments.dropFirst())
    switch parseCommandLine(MPICommand.self, arguments: arguments, processes: processes) {
    case .failure(let stop):
        return .failure(stop)
    case .success((let command, let config)):
        do {
            return .success((config, try command.selectedKernel()))
        } catch {
            return .failure(error)
        }
    }
}

/// Builds this rank's block and runs it; the exit status.
func run(_ config: TrafficConfig, kernel: Kernel, world: Communicator) -> Int32 {
    let decomposition = Decomposition(cells: config.cells, processes: world.size, rank: world.rank)
    let ring = Ring(communicator: world, decomposition: decomposition)
    let road = RandomRoad(seed: config.seed, density: config.density)
    let block: (any RankBlock)? = switch kernel {
    case .course: CourseBlock(road: road, ring: ring)
    case .fast: FastBlock(road: road, ring: ring)
    }
    // Every rank learns whether any rank failed, so that none waits for it.
    let failures = world.allReduceSum([block == nil ? 1 : 0])[0]
    guard let block, failures == 0 else {
        if block == nil {
            var standardError = StandardError()
            print("\(programName()): cannot allocate memory for \(decomposition.count) cells", to: &standardError)
        }
        return 1
    }
    simulate(block, config, world: world)
    return 0
}

/// The timed iterations, in batches whose moves are reduced to the root as one
/// vector; the root reports them in order.
func simulate(_ block: some RankBlock, _ config: TrafficConfig, world: Communicator) {
    var reporter = world.rank == root ? Reporter(config: config, workers: world.size) : nil
    // Optional chaining would skip the argument, so every rank sums first.
    let cars = sum(block.cars(), world: world)
    reporter?.begin(cars: cars)
    var moves = [Int64](repeating: 0, count: block.batch)

    world.barrier()
    let start = MPI.wallTime()
    var done = 0
    while done < config.iterations {
        let count = min(block.batch, config.iterations - done)
        block.advance(iterations: count, moves: &moves)
        let total = world.reduceSum(Array(moves[0..<count]), root: root)
        for step in 0..<count {
            reporter?.record(iteration: done + step + 1, moves: Int(total[step]))
        }
        done += count
    }
    world.barrier()
    let seconds = MPI.wallTime() - start

    let checksum = sum(block.checksum(), world: world)
    reporter?.end(checksum: checksum, seconds: seconds)
}

/// The sum over all ranks, exact in 64 bits; meaningful on the root only.
func sum(_ value: Int, world: Communicator) -> Int {
    Int(world.reduceSum([Int64(value)], root: root)[0])
}

MPI.initialize()
let world = Communicator.world
let status: Int32
switch configure(processes: world.size) {
case .success((let config, let kernel)):
    status = run(config, kernel: kernel, world: world)
case .failure(let stop):
    if world.rank == root { stop.emit() }
    status = stop.status
}
MPI.finalize()
exit(status)
