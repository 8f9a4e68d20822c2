// swift-threads: the traffic model on the threads of one node. Each worker
// owns a contiguous block (SPEC section 6), builds it with the generator's
// jump-ahead and iterates it on the bit-packed kernel (or the course's, with
// --kernel course); halos pass in memory, moves are summed per batch.
import TrafficCommandLine
import TrafficModel
import TrafficThreads

runProgram(ProgramCommandLine(own: [.threads, .kernel] + Option.pictureOptions), unit: "thread(s)",
           workers: threadCount) {
    config, options, threads in
    let road = RandomRoad(seed: config.seed, density: config.density)
    return switch Kernel(options) {
    case .fast: ThreadedPackedRoad(cells: config.cells, threads: threads, road: road)
    case .course: ThreadedCourseRoad(cells: config.cells, threads: threads, road: road)
    }
}
