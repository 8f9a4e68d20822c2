// swift-vec: the serial traffic model on the bit-packed kernel. The whole road
// is one PackedBlock; every 128 iterations its halos are refilled from its
// own ends, then the kernel runs up to 128 iterations in L1-sized chunks
// (WholePackedRoad).
import TrafficCommandLine
import TrafficModel

runProgram(ProgramCommandLine(own: Option.pictureOptions)) { config, _, _ in
    WholePackedRoad(cells: config.cells, road: RandomRoad(seed: config.seed, density: config.density))
}
