#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TrafficModel

// One driver for every simulator, serial, threaded or MPI: it times and
// reports a run the same way over any RoadBlock, with the sums across
// processes left to a Team.

/// The processes that run one simulation together, each with its own block:
/// how their counts are summed and how the run is timed. Sums are meaningful
/// where the reporter is (MPI: the root).
public protocol Team {
    /// Sums `moves[0 ..< count]` across the team, in place.
    func sum(_ moves: UnsafeMutablePointer<Int64>, count: Int)
    func sum(_ value: Int) -> Int
    func sum(_ value: UInt128) -> UInt128
    /// Returns when every member has reached it.
    func synchronize()
    /// Wall-clock seconds.
    func clock() -> Double
}

/// A team of one process (its threads, if any, summed by its block).
public struct Solo: Team {
    public init() {}
    public func sum(_ moves: UnsafeMutablePointer<Int64>, count: Int) {}
    public func sum(_ value: Int) -> Int { value }
    public func sum(_ value: UInt128) -> UInt128 { value }
    public func synchronize() {}
    public func clock() -> Double { wallClock() }
}

/// The run: the cars, then the timed iterations in batches whose moves the
/// team sums and the reporter (nil on members that do not print) reports in
/// order, then the checksum. The timer starts and stops with the whole team
/// in step, and times every iteration with its sums and reports.
public func simulate(_ block: some RoadBlock, _ config: TrafficConfig, team: some Team,
                     reporter: inout Reporter?) {
    // Optional chaining would skip the argument, so every member sums first.
    let cars = team.sum(block.cars())
    reporter?.begin(cars: cars)
    let moves = UnsafeMutablePointer<Int64>.allocate(capacity: block.batch)
    defer { moves.deallocate() }
    moves.initialize(repeating: 0, count: block.batch)

    team.synchronize()
    let start = team.clock()
    var done = 0
    while done < config.iterations {
        let count = min(block.batch, config.iterations - done)
        block.advance(iterations: count, moves: moves)
        team.sum(moves, count: count)
        for step in 0..<count {
            reporter?.record(iteration: done + step + 1, moves: Int(moves[step]))
        }
        done += count
    }
    team.synchronize()
    let seconds = team.clock() - start

    let checksum = team.sum(block.checksum())
    reporter?.end(checksum: checksum, seconds: seconds)
}

/// The whole of a one-process simulator (see `runSerialProgram`): `build`
/// allocates and fills the road (nil: no memory), then it is simulated.
public func runProgram(_ commandLine: ProgramCommandLine = ProgramCommandLine(), unit: String = "process(es)",
                       workers: (ParsedOptions) throws(ProgramFailure) -> Int = { _ in 1 },
                       build: (TrafficConfig, ParsedOptions, _ workers: Int) -> (any RoadBlock)?) -> Never {
    runSerialProgram(commandLine, unit: unit, workers: workers) { config, options, count, reporter throws(ProgramFailure) in
        guard let block = build(config, options, count) else { throw .noMemory(cells: config.cells) }
        var printing: Reporter? = reporter
        simulate(block, config, team: Solo(), reporter: &printing)
        reporter = printing!
    }
}
