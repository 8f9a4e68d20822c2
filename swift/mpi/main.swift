// swift-mpi: the traffic model on MPI processes (SPEC section 6). Each rank
// builds its own block of the road with the generator's jump-ahead, so nobody
// holds the whole road; blocks swap halos with their ring neighbours, and the
// moves of each batch of iterations are summed on rank 0, which prints.
import MPI
import TrafficCommandLine
import TrafficModel
#if canImport(Glibc)
import Glibc
#endif

/// The rank that prints.
let root = 0

/// swift-mpi's command line: the common options and `--kernel`.
let commandLine = ProgramCommandLine(own: [.kernel])

/// The whole run on one rank. The command line is read on every rank alike,
/// so that all of them agree on whether to run; only the root prints.
func runProgram(world: Communicator, output: inout BufferedOutput) throws(ProgramFailure) {
    guard case let (config, options)? = try commandLine.configuration(programArguments, processes: world.size) else {
        if world.rank == root { try commandLine.printUsage(to: &output) }
        return
    }
    let decomposition = Decomposition(cells: config.cells, processes: world.size, rank: world.rank)
    let ring = Ring(communicator: world, decomposition: decomposition)
    let allocated: (any RankBlock)? = switch Kernel(options) {
    case .course: CourseBlock(ring: ring)
    case .fast: FastBlock(ring: ring)
    }
    let block = try startTogether(allocated, output: output, config: config, world: world)
    block.fill(from: RandomRoad(seed: config.seed, density: config.density))

    var reporter = world.rank == root ? Reporter(config: config, workers: world.size, output: output) : nil
    simulate(block, config, world: world, reporter: &reporter)
    try reporter?.finish()
}

/// The block, once every rank knows that all can start, so that none waits
/// for another: each has the memory for its block and the root can write.
func startTogether(_ block: (any RankBlock)?, output: BufferedOutput, config: TrafficConfig,
                   world: Communicator) throws(ProgramFailure) -> any RankBlock {
    let rootFailure = world.rank == root ? output.failure ?? 0 : 0
    let failures = world.allReduceSum([block == nil ? 1 : 0, Int64(rootFailure)])
    if failures[1] != 0 { throw .cannotWrite(errno: Int32(failures[1])) }
    guard let block, failures[0] == 0 else { throw .noMemory(cells: config.cells) }
    return block
}

/// The timed iterations, in batches whose moves are reduced to the root as one
/// vector; the root reports them in order.
func simulate(_ block: some RankBlock, _ config: TrafficConfig, world: Communicator, reporter: inout Reporter?) {
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

/// The exact sum over all ranks of 128-bit values; meaningful on the root
/// only. MPI has no 128-bit integers, so each rank sends its value's four
/// 32-bit limbs in 64-bit words, whose sums are exact for fewer than 2^31 ranks.
func sum(_ value: UInt128, world: Communicator) -> UInt128 {
    let limbs = (0..<4).map { Int64(truncatingIfNeeded: value >> (32 * $0) & 0xFFFF_FFFF) }
    let sums = world.reduceSum(limbs, root: root)
    return sums.indices.reduce(0) { $0 + UInt128(sums[$1]) << (32 * $1) }
}

// Made before MPI_Init opens its files, so that a closed stdout is seen as
// closed and its number kept from them (see BufferedOutput).
var output = BufferedOutput()
MPI.initialize()
let world = Communicator.world
var status: Int32 = 0
do {
    try runProgram(world: world, output: &output)
} catch {
    if world.rank == root { error.report() }
    status = error.status
}
MPI.finalize()
exit(status)
