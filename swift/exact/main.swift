// swift-exact: rule 184 solved, not simulated (ExactSolution). The road is
// drawn as every other program draws it; the timed part is everything after:
// the solution's set-up, the moves of every reported iteration and the
// checksum, in O(cars + iterations) whatever the road's length.
#if canImport(Glibc)
import Glibc
#endif
import TrafficCommandLine
import TrafficModel

/// The solver's working memory per car: its own arrays (g, the run-length
/// stack and the checksum's window buffer) come to about four Ints a car.
let bytesPerCar = 4 * MemoryLayout<Int>.stride

func solve(_ config: TrafficConfig, _: ParsedOptions, _: Int, _ reporter: inout Reporter) throws(ProgramFailure) {
    // SPEC 4.2: the road's bytes, then with the solver's once the cars are known.
    guard config.cells <= ExactSolution.maximumCells, Memory.fits(config.cells),
          let road = UnsafeMutableBufferPointer<UInt8>.allocateIfPossible(count: config.cells) else {
        throw .noMemory(cells: config.cells)
    }
    defer { free(road.baseAddress) }
    let cars = RandomRoad(seed: config.seed, density: config.density).fill(road, start: 0)
    // Swift's arrays trap when memory runs out (and Linux grants more than it
    // has): refuse a solution larger than the machine's memory before it starts.
    guard Memory.fits(Memory.total([config.cells, Memory.bytes(cars, of: bytesPerCar)])) else {
        throw .noMemory(cells: config.cells)
    }
    reporter.begin(cars: cars)

    let start = wallClock()
    let solution = ExactSolution(road: UnsafeBufferPointer(road))
    if config.trace {
        for t in 1...config.iterations { reporter.record(iteration: t, moves: solution.moves(at: t)) }
    } else {
        // Only the reported iterations: any number of them costs the same.
        for t in stride(from: config.report, through: config.iterations, by: config.report) {
            reporter.record(iteration: t, moves: solution.moves(at: t))
        }
    }
    let checksum = solution.checksum(after: config.iterations)
    let seconds = wallClock() - start

    reporter.end(checksum: checksum, seconds: seconds)
}

extension UnsafeMutableBufferPointer<UInt8> {
    /// `count` bytes from malloc, or nil when they cannot be had.
    static func allocateIfPossible(count: Int) -> Self? {
        guard let raw = malloc(Swift.max(1, count)) else { return nil }
        return Self(start: raw.bindMemory(to: UInt8.self, capacity: count), count: count)
    }
}

runSerialProgram(note: "Solved exactly, not simulated", solve)
