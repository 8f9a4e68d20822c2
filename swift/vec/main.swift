// swift-vec: the serial traffic model on the bit-packed kernel. The whole road
// is one PackedBlock; every `depth` iterations its halos are refilled from its
// own ends, then the kernel runs up to `depth` iterations in L1-sized chunks.
import TrafficCommandLine
import TrafficModel

/// Iterations per halo refill. Deeper halos cost little (two words per chunk
/// of 2 K) and 64 to 256 measured the same; 128 stays in the middle.
let depth = 128

func simulate(_ config: TrafficConfig, _ reporter: inout Reporter) throws(ProgramFailure) {
    guard let road = PackedBlock(cells: config.cells, depth: depth) else {
        throw .noMemory(cells: config.cells)
    }
    road.fill(from: RandomRoad(seed: config.seed, density: config.density), start: 0)
    reporter.begin(cars: road.cars())

    var moves = [Int64](repeating: 0, count: depth)
    let start = wallClock()
    var done = 0
    while done < config.iterations {
        let batch = min(depth, config.iterations - done)
        road.fillPeriodicHalos()
        road.advance(iterations: batch, moves: &moves)
        for step in 0..<batch {
            reporter.record(iteration: done + step + 1, moves: Int(moves[step]))
        }
        done += batch
    }
    let seconds = wallClock() - start

    reporter.end(checksum: road.checksum(offset: 0), seconds: seconds)
}

runSerialProgram(simulate)
