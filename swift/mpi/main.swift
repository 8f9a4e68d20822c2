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

/// swift-mpi's command line: the common options, `--kernel` and the picture's.
let commandLine = ProgramCommandLine(own: [.kernel] + Option.pictureOptions)

/// The whole run on one rank. The command line is read on every rank alike,
/// so that all of them agree on whether to run; only the root prints.
func runRank(world: Communicator, output: inout BufferedOutput) throws(ProgramFailure) {
    guard case let (config, options)? = try commandLine.configuration(programArguments, processes: world.size) else {
        if world.rank == root { try commandLine.printUsage(to: &output) }
        return
    }
    let decomposition = BlockDecomposition(cells: config.cells, blocks: world.size, index: world.rank)
    let ring = Ring(communicator: world, decomposition: decomposition)
    let kernel: any RankBlock.Type = switch Kernel(options) {
    case .course: CourseBlock.self
    case .fast: FastBlock.self
    }
    // SPEC 4.2: the blocks of all the ranks on this node against its memory.
    let need = world.nodeSum(Int64(Memory.capped(kernel.bytes(ring))))
    let allocated = Memory.fits(Int(need)) ? kernel.init(ring: ring) : nil
    let picture = try Picture(options, config: config)
    let block = try startTogether(allocated, output: output, picture: picture, config: config, world: world)
    block.fill(from: RandomRoad(seed: config.seed, density: config.density))

    var reporter = world.rank == root ? Reporter(config: config, workers: world.size, output: output) : nil
    simulate(block, config, team: Ranks(world: world), reporter: &reporter)
    if world.rank == root { try picture?.save() }
    try reporter?.finish()
}

/// The block, once every rank knows that all can start, so that none waits
/// for another: the root can write its picture, if any, and stdout, and each
/// rank has the memory for its block.
func startTogether(_ block: (any RankBlock)?, output: BufferedOutput, picture: Picture?, config: TrafficConfig,
                   world: Communicator) throws(ProgramFailure) -> any RankBlock {
    let rootFailure = world.rank == root ? output.failure ?? 0 : 0
    let pictureFailure = world.rank == root ? picture?.writeProblem() ?? 0 : 0
    let failures = world.allReduceSum([block == nil ? 1 : 0, Int64(rootFailure), Int64(pictureFailure)])
    if let picture, failures[2] != 0 {
        throw .badInput(.unwritable(.picture, value: picture.path, errno: Int32(failures[2])))
    }
    if failures[1] != 0 { throw .cannotWrite(errno: Int32(failures[1])) }
    guard let block, failures[0] == 0 else { throw .noMemory(cells: config.cells) }
    return block
}

/// The ranks of `world` as the driver's team: sums reduced to the root,
/// MPI's barrier and clock.
struct Ranks: Team {
    let world: Communicator

    func sum(_ moves: UnsafeMutablePointer<Int64>, count: Int) {
        let total = world.reduceSum(Array(UnsafeBufferPointer(start: moves, count: count)), root: root)
        if world.rank == root { moves.update(from: total, count: count) }
    }

    /// Exact in 64 bits.
    func sum(_ value: Int) -> Int {
        Int(world.reduceSum([Int64(value)], root: root)[0])
    }

    /// Exact: MPI has no 128-bit integers, so each rank sends its value's four
    /// 32-bit limbs in 64-bit words, whose sums are exact for fewer than 2^31 ranks.
    func sum(_ value: UInt128) -> UInt128 {
        let limbs = (0..<4).map { Int64(truncatingIfNeeded: value >> (32 * $0) & 0xFFFF_FFFF) }
        let sums = world.reduceSum(limbs, root: root)
        return sums.indices.reduce(0) { $0 + UInt128(sums[$1]) << (32 * $1) }
    }

    func synchronize() { world.barrier() }

    func clock() -> Double { MPI.wallTime() }
}

// Made before MPI_Init opens its files, so that a closed stdout is seen as
// closed and its number kept from them (see BufferedOutput).
var output = BufferedOutput()
MPI.initialize()
let world = Communicator.world
var status: Int32 = 0
do {
    try runRank(world: world, output: &output)
} catch {
    if world.rank == root { error.report() }
    status = error.status
}
MPI.finalize()
exit(status)
