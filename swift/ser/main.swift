// swift-ser: the course's serial traffic model in Swift. The road has a halo
// cell at each end; per iteration: refill the halos from the periodic road,
// update into a new road counting the moves, copy it back (WholeCourseRoad).
import TrafficCommandLine
import TrafficModel

runProgram(ProgramCommandLine(own: Option.pictureOptions)) { config, _, _ in
    WholeCourseRoad(cells: config.cells, road: RandomRoad(seed: config.seed, density: config.density))
}
