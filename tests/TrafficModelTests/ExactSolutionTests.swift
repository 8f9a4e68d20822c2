import Testing
import TrafficModel
import TrafficCommandLine
import Harness

// ExactSolution against simulation: a ring simulated cell by cell here, the
// project's kernels (CourseRoad, PackedBlock), closed forms for simple roads,
// and, for counts of iterations no simulation reaches, the road's own
// periodicity found by simulation.

/// Helpers of this file only, kept in a namespace of their own.
private enum Ring {
    /// One rule-184 iteration straight from SPEC section 1: the new road and
    /// the number of cars that moved.
    static func step(_ road: [UInt8]) -> (road: [UInt8], moves: Int) {
        let n = road.count
        var next = [UInt8](repeating: 0, count: n)
        var moves = 0
        for i in 0..<n where road[i] == 1 {
            let ahead = (i + 1) % n
            if road[ahead] == 0 {
                next[ahead] = 1
                moves += 1
            } else {
                next[i] = 1
            }
        }
        return (next, moves)
    }

    /// Sum of the 1-based positions of the cars.
    static func checksum(_ road: [UInt8]) -> Int {
        road.indices.reduce(0) { $0 + (road[$1] == 1 ? $1 + 1 : 0) }
    }

    /// Every road after t = 0 ... iterations iterations, and the moves of
    /// iterations 1 ... iterations (index 0 unused).
    static func run(_ road: [UInt8], iterations: Int) -> (roads: [[UInt8]], moves: [Int]) {
        var roads = [road], moves = [0]
        for _ in 0..<iterations {
            let (next, moved) = step(roads.last!)
            roads.append(next)
            moves.append(moved)
        }
        return (roads, moves)
    }

    /// Cells (1 for a car) of a road of `cells` cells with cars at `positions`.
    static func road(cells: Int, cars positions: [Int]) -> [UInt8] {
        var road = [UInt8](repeating: 0, count: cells)
        for p in positions { road[p] = 1 }
        return road
    }

    /// The first `cells` cells of the random road.
    static func random(cells: Int, density: Float, seed: Int) -> [UInt8] {
        var road: [UInt8] = []
        RandomRoad(seed: seed, density: density).forEachCell(start: 0, count: cells) { road.append($0) }
        return road
    }

    /// `road` with every car moved `shift` cells ahead (any sign), round the ring.
    static func rotated(_ road: [UInt8], by shift: Int) -> [UInt8] {
        let n = road.count
        var out = [UInt8](repeating: 0, count: n)
        for i in 0..<n { out[((i + shift) % n + n) % n] = road[i] }
        return out
    }

    /// Checks moves(t) for t = 1 ... iterations and the checksum after
    /// T = 0 ... iterations against the cell-by-cell simulation.
    static func expectAgreement(_ road: [UInt8], iterations: Int, _ comment: Comment? = nil,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let exact = ExactSolution(road: road)
        let run = run(road, iterations: iterations)
        #expect(exact.cars == road.reduce(0) { $0 + Int($1) }, comment, sourceLocation: sourceLocation)
        var movesAgree = true, checksumsAgree = true
        for t in 0...iterations {
            if t > 0 && exact.moves(at: t) != run.moves[t] { movesAgree = false }
            if exact.checksum(after: t) != UInt128(checksum(run.roads[t])) { checksumsAgree = false }
        }
        #expect(movesAgree, "moves of \(road): \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        #expect(checksumsAgree, "checksums of \(road): \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
    }
}

/// How a road evolves for ever, found by simulation: after `start` iterations
/// it repeats up to rotation, road(start + period) = road(start) moved
/// `rotation` cells ahead, and so road(start + j*period + i) is road(start + i)
/// moved j*rotation cells ahead.
private struct Cycle {
    let roads: [[UInt8]]
    let moves: [Int]
    let start: Int, period: Int, rotation: Int

    /// Simulates until some road is a rotation of an earlier one.
    init(_ road: [UInt8]) {
        var roads = [road], moves = [0]
        let n = road.count
        while true {
            let (next, moved) = Ring.step(roads.last!)
            for s in stride(from: roads.count - 1, through: 0, by: -1) {
                if let r = (0..<n).first(where: { Ring.rotated(roads[s], by: $0) == next }) {
                    self.roads = roads
                    self.moves = moves + [moved]
                    (start, period, rotation) = (s, roads.count - s, r)
                    return
                }
            }
            roads.append(next)
            moves.append(moved)
        }
    }

    /// The moves of iteration t >= 1.
    func moves(at t: Int) -> Int {
        t <= start ? moves[t] : moves[start + (t - 1 - start) % period + 1]
    }

    /// The checksum after t iterations.
    func checksum(after t: Int) -> UInt128 {
        if t < start { return UInt128(Ring.checksum(roads[t])) }
        let (j, i) = (t - start).quotientAndRemainder(dividingBy: period)
        let n = roads[0].count
        let shift = (j % n) * rotation % n
        return UInt128(Ring.checksum(Ring.rotated(roads[start + i], by: shift)))
    }
}

@Suite("Exact solution of rule 184")
struct ExactSolutionTests {
    @Test("the default road: velocities 0.789610 at 10 and 0.898993 at 100 (SPEC section 2)")
    func defaultRoad() {
        let config = TrafficConfig()
        let exact = ExactSolution(road: RandomRoad(seed: config.seed, density: config.density), cells: config.cells)
        #expect(exact.cars == 5_324_578)
        #expect(cFormat("%f", Double(exact.moves(at: 10)) / Double(exact.cars)) == "0.789610")
        #expect(cFormat("%f", Double(exact.moves(at: 100)) / Double(exact.cars)) == "0.898993")
        #expect(exact.settledMoves == config.cells - exact.cars)
    }

    /// Ways to misuse the type, each of which stops the program.
    enum Misuse: String, CaseIterable, Codable, Sendable {
        case noCells, tooManyCells, decreasingPositions, positionOutsideRoad, cellOtherThanZeroOrOne
        case iterationZeroMoves, negativeIterations

        func commit() {
            switch self {
            case .noCells: _ = ExactSolution(cells: 0, carPositions: [])
            case .tooManyCells: _ = ExactSolution(cells: ExactSolution.maximumCells + 1, carPositions: [])
            case .decreasingPositions: _ = ExactSolution(cells: 10, carPositions: [3, 2])
            case .positionOutsideRoad: _ = ExactSolution(cells: 10, carPositions: [3, 10])
            case .cellOtherThanZeroOrOne: _ = ExactSolution(road: [0, 1, 2] as [UInt8])
            case .iterationZeroMoves: _ = ExactSolution(road: [1, 0] as [UInt8]).moves(at: 0)
            case .negativeIterations: _ = ExactSolution(road: [1, 0] as [UInt8]).checksum(after: -1)
            }
        }
    }

    @Test("misuse stops the program", arguments: Misuse.allCases)
    func misuse(_ misuse: Misuse) async {
        await #expect(processExitsWith: .failure) { [misuse] in misuse.commit() }
    }

    @Test("every road of up to 12 cells, every iteration up to 3N+2, against simulation",
          arguments: 1...12)
    func everySmallRoad(cells: Int) {
        for bits in 0..<(1 << cells) {
            let road = (0..<cells).map { UInt8(truncatingIfNeeded: bits >> $0) & 1 }
            Ring.expectAgreement(road, iterations: 3 * cells + 2)
        }
    }

    @Test("random roads of 13 to 64 cells at every density, up to 3N+5 iterations",
          arguments: [13, 16, 17, 24, 31, 32, 33, 40, 47, 48, 63, 64])
    func randomSmallRoads(cells: Int) {
        var generator = SplitMix64(seed: UInt64(cells))
        for index in 0..<150 {
            // Densities from 0 to 1, the ends and 1/2 included.
            let density = [0, 1, 0.5][safe: index] ?? Double.random(in: 0...1, using: &generator)
            let road = (0..<cells).map { _ in UInt8(Double.random(in: 0..<1, using: &generator) < density ? 1 : 0) }
            Ring.expectAgreement(road, iterations: 3 * cells + 5, "density \(density)")
        }
    }

    @Test("roads with exactly half the cells full, T below and beyond C",
          arguments: [2, 4, 10, 30, 64])
    func halfDensity(cells: Int) {
        let half = cells / 2
        let alternating = (0..<cells).map { UInt8(1 - $0 % 2) }
        let jam = Ring.road(cells: cells, cars: Array(0..<half))
        let jamAtTheEnd = Ring.road(cells: cells, cars: Array(half..<cells))
        var generator = SplitMix64(seed: 99)
        let shuffled = Ring.road(cells: cells, cars: Array(Array(0..<cells).shuffled(using: &generator)[..<half]).sorted())
        for road in [alternating, jam, jamAtTheEnd, shuffled] {
            Ring.expectAgreement(road, iterations: 3 * cells)
            let exact = ExactSolution(road: road)
            #expect(exact.settledMoves == half)
            #expect(exact.moves(at: half) == half && exact.moves(at: Int.max) == half)
        }
        // Every car free from the start: each one moves T cells.
        let exact = ExactSolution(road: alternating)
        for t in [1, half, cells, 1_000_003, Int.max] {
            let expected = stride(from: 0, to: cells, by: 2).reduce(UInt128(0)) { $0 + UInt128(($1 + t % cells) % cells + 1) }
            #expect(exact.checksum(after: t) == expected)
        }
    }

    @Test("no cars: nothing moves and the checksum is 0", arguments: [1, 2, 7, 1000, 10_000_000_019])
    func noCars(cells: Int) {
        let exact = ExactSolution(cells: cells, carPositions: [])
        #expect(exact.cars == 0 && exact.settledMoves == 0)
        for t in [1, 2, 5, cells, Int.max] {
            #expect(exact.moves(at: t) == 0)
            #expect(exact.checksum(after: t) == 0)
        }
        #expect(exact.checksum(after: 0) == 0)
    }

    @Test("a full road never moves: checksum N(N+1)/2", arguments: [1, 2, 3, 64, 1001])
    func fullRoad(cells: Int) {
        let exact = ExactSolution(road: [UInt8](repeating: 1, count: cells))
        #expect(exact.cars == cells && exact.settledMoves == 0)
        for t in [1, 2, cells - 1, cells, cells + 1, 1 << 40, Int.max] where t >= 1 {
            #expect(exact.moves(at: t) == 0)
            #expect(exact.checksum(after: t) == UInt128(cells * (cells + 1) / 2))
        }
    }

    @Test("one-cell roads", arguments: [0, 1] as [UInt8])
    func oneCell(car: UInt8) {
        let exact = ExactSolution(road: [car])
        for t in [0, 1, 2, 3, Int.max] {
            if t >= 1 { #expect(exact.moves(at: t) == 0) }
            #expect(exact.checksum(after: t) == UInt128(car))
        }
    }

    @Test("one empty cell: the hole moves back one cell per iteration",
          arguments: [(2, 0), (2, 1), (5, 0), (5, 4), (64, 17), (1000, 999)])
    func oneEmptyCell(cells: Int, hole: Int) {
        let road = Ring.road(cells: cells, cars: (0..<cells).filter { $0 != hole })
        Ring.expectAgreement(road, iterations: min(3 * cells, 200))
        let exact = ExactSolution(road: road)
        #expect(exact.settledMoves == 1)
        let all = UInt128(cells * (cells + 1) / 2)
        for t in [1, cells - 1, cells, cells + 1, 123_456_789, Int.max - 1, Int.max] where t >= 1 {
            #expect(exact.moves(at: t) == 1)
            let holeAfter = ((hole - t % cells) % cells + cells) % cells
            #expect(exact.checksum(after: t) == all - UInt128(holeAfter + 1), "after \(t)")
        }
    }

    @Test("a single car moves every iteration, on roads up to 10^10 cells",
          arguments: [(1, 0), (2, 1), (10, 3), (10_000_000_019, 10_000_000_018), (ExactSolution.maximumCells, 5)])
    func singleCar(cells: Int, position: Int) {
        let exact = ExactSolution(cells: cells, carPositions: [position])
        for t in [1, 2, 1000, cells - 1, cells, Int.max] where t >= 1 {
            #expect(exact.moves(at: t) == (cells == 1 ? 0 : 1))
            let expected = Int((Int128(position) + Int128(t)) % Int128(cells)) + 1
            #expect(exact.checksum(after: t) == UInt128(expected), "after \(t)")
        }
    }

    @Test("a jam of 64 cars on a road of 10^10 or 2^59 cells: checksums past 64 bits",
          arguments: [10_000_000_019, ExactSolution.maximumCells])
    func jamOnAHugeRoad(cells: Int) {
        let jam = 64
        let exact = ExactSolution(cells: cells, carPositions: (cells - jam)..<cells)
        // Car j from the front (at N-1-j) waits j iterations, then runs free
        // for ever: x_j(T) = N-1-j + max(0, T-j).
        func expected(_ t: Int) -> UInt128 {
            (0..<jam).reduce(UInt128(0)) { sum, j in
                let x = Int128(cells - 1 - j) + Int128(max(0, t - j))
                return sum + UInt128(x % Int128(cells) + 1)
            }
        }
        for t in [1, 10, 63, 64, 65, 1_000_000, cells - 1, cells, Int.max / 3, Int.max] {
            #expect(exact.checksum(after: t) == expected(t), "after \(t)")
            #expect(exact.moves(at: t) == min(t, jam))
        }
        if cells == ExactSolution.maximumCells { #expect(exact.checksum(after: 0) > UInt128(UInt64.max)) }
    }

    @Test("moves are constant from settledFrom <= C on: N - C above density 1/2, C otherwise",
          arguments: [5, 16, 33, 64, 257])
    func settledRegime(cells: Int) {
        var generator = SplitMix64(seed: UInt64(1000 + cells))
        for _ in 0..<40 {
            let density = Double.random(in: 0...1, using: &generator)
            let road = (0..<cells).map { _ in UInt8(Double.random(in: 0..<1, using: &generator) < density ? 1 : 0) }
            let exact = ExactSolution(road: road)
            let c = exact.cars
            let settled = 2 * c > cells ? cells - c : c
            #expect(exact.settledMoves == settled)
            #expect(exact.settledFrom >= 1 && exact.settledFrom <= max(c, 1))
            for t in [exact.settledFrom, c, c + 1, 2 * c + 3, cells, 1 << 33, Int.max] where t >= exact.settledFrom {
                #expect(exact.moves(at: t) == settled, "cars \(c) t \(t)")
            }
            // The simulation agrees: constant from settledFrom to C + N, and
            // different just before.
            let run = Ring.run(road, iterations: c + cells)
            #expect(run.moves[exact.settledFrom...].allSatisfy { $0 == settled })
            if exact.settledFrom > 1 { #expect(run.moves[exact.settledFrom - 1] != settled) }
        }
    }

    @Test("moves and checksum at T up to Int.max match the road's periodicity found by simulation",
          arguments: [3, 8, 13, 20, 27, 32])
    func periodicity(cells: Int) {
        var generator = SplitMix64(seed: UInt64(7 * cells))
        for index in 0..<30 {
            let density = [0.5, 0.25, 0.75][safe: index] ?? Double.random(in: 0...1, using: &generator)
            let road = (0..<cells).map { _ in UInt8(Double.random(in: 0..<1, using: &generator) < density ? 1 : 0) }
            let exact = ExactSolution(road: road)
            let cycle = Cycle(road)
            let large = [Int.max, Int.max - 1, Int.max - 7, (1 << 62) + 3, 1_000_000_000_000_000_007, 4_611_686_018_427_387_904]
            for t in Array(1...(cycle.start + 2 * cycle.period + 2)) + large {
                #expect(exact.moves(at: t) == cycle.moves(at: t), "road \(road) t \(t)")
                #expect(exact.checksum(after: t) == cycle.checksum(after: t), "road \(road) T \(t)")
            }
        }
    }

    @Test("T up to Int.max on roads of thousands of cells: once settled, a road only rotates",
          arguments: [(1500, Float(0.3), 3), (2000, 0.5, 8), (2500, 0.52, 5743), (1800, 0.7, 21), (1200, 0.97, 4)])
    func settledRoadsRotate(cells: Int, density: Float, seed: Int) {
        var old = CourseRoad(cells: cells)!, new = CourseRoad(cells: cells)!
        RandomRoad(seed: seed, density: density).fill(old.interior, start: 0)
        let exact = ExactSolution(road: old.interior)
        // Simulate C iterations, then one more, and find how the road moved.
        let settledAt = old.cars()
        for _ in 0..<settledAt {
            old.wrapHalos()
            _ = new.update(from: old)
            swap(&old, &new)
        }
        let settled = old.interior.map { UInt8($0) }
        old.wrapHalos()
        let movesAfter = new.update(from: old)
        let next = new.interior.map { UInt8($0) }
        let direction = next == Ring.rotated(settled, by: 1) ? 1 : next == Ring.rotated(settled, by: -1) ? -1 : 0
        #expect(direction != 0, "the road does not rotate after C iterations")
        for t in [settledAt, settledAt + 1, 1_000_000_000_000_000_000, Int.max - 12_345, Int.max] {
            let rotated = Ring.rotated(settled, by: (t - settledAt) % cells * direction)
            #expect(exact.checksum(after: t) == UInt128(Ring.checksum(rotated)), "after \(t)")
            if t > settledAt { #expect(exact.moves(at: t) == movesAfter) }
        }
    }

    @Test("random roads of thousands of cells against the course kernel, T beyond C",
          arguments: [(1000, Float(0.52), 5743), (2047, 0.1, 1), (2048, 0.3, 17), (3001, 0.5, 5),
                      (4096, 0.52, 42), (1500, 0.7, 77), (2500, 0.95, 123), (3333, 0.49, 900_000_000)])
    func courseKernel(cells: Int, density: Float, seed: Int) {
        let road = RandomRoad(seed: seed, density: density)
        var old = CourseRoad(cells: cells)!, new = CourseRoad(cells: cells)!
        road.fill(old.interior, start: 0)
        let exact = ExactSolution(road: old.interior)
        let iterations = exact.cars + cells / 2 + 10
        var movesAgree = true, checksumsAgree = exact.checksum(after: 0) == old.checksum(offset: 0)
        for t in 1...iterations {
            old.wrapHalos()
            let moves = new.update(from: old)
            swap(&old, &new)
            if moves != exact.moves(at: t) { movesAgree = false }
            if t % 97 == 0 || t == iterations || t == exact.cars || t == exact.cars - 1 || t < 30 {
                if exact.checksum(after: t) != old.checksum(offset: 0) { checksumsAgree = false }
            }
        }
        #expect(movesAgree)
        #expect(checksumsAgree)
        #expect(exact.moves(at: Int.max) == exact.moves(at: iterations))
    }

    @Test("a random road of 20,011 cells against the bit-packed kernel, T beyond C",
          arguments: [Float(0.3), 0.5, 0.52, 0.6, 0.85])
    func packedKernel(density: Float) {
        let cells = 20_011, depth = 64
        let road = RandomRoad(seed: 5743, density: density)
        let block = PackedBlock(cells: cells, depth: depth)!
        block.fill(from: road, start: 0)
        let exact = ExactSolution(road: road, cells: cells)
        #expect(exact.cars == block.cars())
        let iterations = exact.cars + 1000
        var moves = [Int64](repeating: -1, count: depth)
        var movesAgree = true, done = 0
        while done < iterations {
            let batch = min(depth, iterations - done)
            block.fillPeriodicHalos()
            moves.withUnsafeMutableBufferPointer { block.advance(iterations: batch, moves: $0.baseAddress!) }
            for s in 0..<batch where Int(moves[s]) != exact.moves(at: done + s + 1) { movesAgree = false }
            done += batch
            if done % 4096 == 0 { #expect(exact.checksum(after: done) == block.checksum(offset: 0)) }
        }
        #expect(movesAgree)
        #expect(exact.checksum(after: iterations) == block.checksum(offset: 0))
    }

    @Test("the C reference record for 1000 cells, density 0.52, seed 5743, 20 iterations")
    func defaultRoadPrefix() {
        // c-ser --cells 1000 --density 0.52 --seed 5743 --iterations 20 --trace
        let record = [249, 306, 334, 359, 374, 382, 390, 400, 407, 413,
                      415, 417, 421, 425, 428, 429, 431, 435, 440, 442]
        let cells = Ring.random(cells: 1000, density: 0.52, seed: 5743)
        let exact = ExactSolution(road: cells)
        #expect(exact.cars == 497)
        #expect((1...20).map { exact.moves(at: $0) } == record)
        #expect(exact.checksum(after: 20) == 248_865)
        let run = Ring.run(cells, iterations: 20)
        #expect(Array(run.moves[1...]) == record)
        #expect(Ring.checksum(run.roads[20]) == 248_865)
    }

    @Test("every way of building the road gives the same solution")
    func initializers() {
        let cells = 3000, density: Float = 0.52, seed = 11
        let road = RandomRoad(seed: seed, density: density)
        let bytes = Ring.random(cells: cells, density: density, seed: seed)
        var filled = [UInt8](repeating: 7, count: cells)
        _ = filled.withUnsafeMutableBufferPointer { road.fill($0, start: 0) }
        let course = CourseRoad(cells: cells)!
        road.fill(course.interior, start: 0)
        let solutions = [
            ExactSolution(road: bytes),
            filled.withUnsafeBufferPointer { ExactSolution(road: $0) },
            ExactSolution(road: course.interior),
            ExactSolution(road: bytes.map(Int32.init)),
            ExactSolution(cells: cells, carPositions: bytes.indices.filter { bytes[$0] == 1 }),
            ExactSolution(cells: cells) { body in bytes.forEach(body) },
            ExactSolution(road: road, cells: cells),
        ]
        for solution in solutions {
            #expect(solution.cells == cells && solution.cars == course.cars())
            #expect((1...100).allSatisfy { solution.moves(at: $0) == solutions[0].moves(at: $0) })
            #expect([0, 1, 50, 5000, Int.max].allSatisfy { solution.checksum(after: $0) == solutions[0].checksum(after: $0) })
        }
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
