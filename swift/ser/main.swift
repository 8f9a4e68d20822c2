// swift-ser: the course's serial traffic model in Swift. Build the road with a
// halo cell at each end, then per iteration: update into a new road counting
// the moves, copy it back, refill the halos from the periodic road, report.
import TrafficCommandLine
import TrafficModel

func simulate(_ config: TrafficConfig, _ reporter: inout Reporter) throws(ProgramFailure) {
    guard let old = CourseRoad(cells: config.cells), let new = CourseRoad(cells: config.cells) else {
        throw .noMemory(cells: config.cells)
    }
    let cars = RandomRoad(seed: config.seed, density: config.density).fill(old.interior, start: 0)
    old.wrapHalos()
    reporter.begin(cars: cars)

    let start = wallClock()
    for iteration in 1...config.iterations {
        let moves = new.update(from: old)
        old.copy(from: new)
        old.wrapHalos()
        reporter.record(iteration: iteration, moves: moves)
    }
    let seconds = wallClock() - start

    reporter.end(checksum: old.checksum(offset: 0), seconds: seconds)
}

runSerialProgram(simulate)
