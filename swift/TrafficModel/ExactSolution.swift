// The exact solution of rule 184 on a ring: every iteration's moves and the
// checksum after any number of iterations, without simulating.
//
// Number the cars of the initial road by position, x_0 < x_1 < ... < x_{C-1}
// (0-based cells), and unroll the ring: x_{m+C} = x_m + N. Rule 184 keeps the
// cars in order, and a car moves exactly when the cell ahead is empty, so
//
//     x_k(t+1) = min(x_k(t) + 1, x_{k+1}(t) - 1).
//
// With y_k(t) = x_k(t) - t - 2k this reads y_k(t+1) = min(y_k(t), y_{k+1}(t)),
// a min-plus linear recurrence, whence
//
//     x_k(t) = t + 2k + min { g_m : k <= m <= k+t },   g_m = x_m(0) - 2m.
//
// Since g_{m+1} - g_m = (gap ahead of car m) - 1 >= -1 and g_{m+C} = g_m + N - 2C,
// every question about the road becomes a question about this one sequence.

/// The exact solution of rule 184 (SPEC section 1) on a ring of `cells` cells.
///
/// Set-up takes O(C) time and memory for C cars (beyond reading the road);
/// then `moves(at:)` costs O(1) and `checksum(after:)` O(C), for any number of
/// iterations up to `Int.max`.
///
/// Why it works (see the comment at the top of this file for x_k(t) and g_m):
///
/// * Car k stands still in iteration t (t >= 1) exactly when the minimum of
///   g over [k, k+t] is smaller than over [k, k+t-1], that is when
///   g_{k+t} < g_j for every j in [k, k+t-1].
/// * Let L(m) be the number of consecutive predecessors m-1, m-2, ... whose g
///   is strictly greater than g_m. Car k stands still in iteration t exactly
///   when L(k+t) >= t, and L has period C (g shifts by a constant over a
///   period), so the cars standing still in iteration t number
///   #{m in [0, C) : L(m) >= t}, and `moves(t)` is C minus that.
/// * With density <= 1/2, g_{m-C} = g_m - (N - 2C) <= g_m, so L(m) < C. With
///   density > 1/2 the periods before m lie ever higher, so either L(m) < C or
///   no predecessor at all has g <= g_m (L is unbounded). The running minimum
///   of g falls by exactly 1 at each such m (g falls at most 1 per step) and by
///   2C - N per period, so exactly D = 2C - N values of m in a period are
///   unbounded: those cars stay jammed for ever.
/// * Hence for t >= C, `moves(t)` is constant: C - D = N - C cars move when the
///   density is above 1/2, all C otherwise.
public struct ExactSolution: Sendable {
    /// The largest road the arithmetic allows: every unrolled position and g
    /// value the solver handles stays below 16 N, which fits in an Int.
    public static let maximumCells = 1 << 59

    /// Road length N.
    public let cells: Int
    /// g[m] = x_m - 2m for the cars m = 0 ..< C of the initial road.
    private let g: [Int]
    /// standingAtLeast[t] = #{m in [0, C) : L(m) >= t} for t = 0 ... C; the
    /// last entry counts the unbounded L, the cars jammed for ever.
    private let standingAtLeast: [Int]

    /// Number of cars C.
    public var cars: Int { g.count }

    /// g_{m+C} - g_m = N - 2C: how g shifts from one period to the next.
    private var periodShift: Int { cells - 2 * cars }

    // MARK: Building

    /// A road of `cells` cells whose cars are at `carPositions` (0-based,
    /// strictly increasing, each below `cells`).
    @inlinable
    public init(cells: Int, carPositions: some Sequence<Int>) {
        self.init(cells: cells, sortedPositions: Array(carPositions))
    }

    /// A road given cell by cell, 0 for empty and anything else for a car:
    /// a `[UInt8]`, a buffer filled by `RandomRoad.fill`, a `CourseRoad`'s
    /// `interior`...
    @inlinable
    public init<Road: Collection>(road: Road) where Road.Element: BinaryInteger {
        var positions: [Int] = []
        for (position, cell) in road.enumerated() where cell != 0 { positions.append(position) }
        self.init(cells: road.count, sortedPositions: positions)
    }

    /// A road of `cells` cells whose values (1 for a car, 0 for empty)
    /// `forEachCell` passes to its argument, once per cell and in order, as
    /// `PackedBlock` is built. Only the cars are kept, never the cells.
    public init(cells: Int, forEachCell: ((UInt8) -> Void) -> Void) {
        var positions: [Int] = []
        var position = 0
        forEachCell { cell in
            if cell != 0 { positions.append(position) }
            position += 1
        }
        precondition(position == cells, "forEachCell gave \(position) cells, not \(cells)")
        self.init(cells: cells, sortedPositions: positions)
    }

    /// The whole random road of `cells` cells, drawn cell by cell.
    public init(road: RandomRoad, cells: Int) {
        self.init(cells: cells) { road.forEachCell(start: 0, count: cells, $0) }
    }

    @usableFromInline
    init(cells: Int, sortedPositions positions: [Int]) {
        precondition(cells >= 1 && cells <= ExactSolution.maximumCells, "road length out of range")
        precondition(positions.count <= cells, "more cars than cells")
        var g = [Int](repeating: 0, count: positions.count)
        var previous = -1
        for (m, x) in positions.enumerated() {
            precondition(x > previous && x < cells, "car positions must increase within the road")
            g[m] = x - 2 * m
            previous = x
        }
        self.cells = cells
        self.g = g
        standingAtLeast = ExactSolution.standingCounts(g: g, shift: cells - 2 * positions.count)
    }

    /// #{m in [0, C) : L(m) >= t} for t = 0 ... C, from a histogram of L and
    /// its suffix sums; unbounded L count in the last entry.
    private static func standingCounts(g: [Int], shift: Int) -> [Int] {
        let c = g.count
        var counts = [Int](repeating: 0, count: c + 1)
        forEachRunLength(g: g, shift: shift) { length in counts[min(length, c)] += 1 }
        for t in stride(from: c - 1, through: 0, by: -1) { counts[t] += counts[t + 1] }
        return counts
    }

    /// Calls `body` with L(m) for m = 0 ..< C, or with C when L(m) is unbounded.
    ///
    /// One monotonic-stack pass over m = -C ..< C finds, for each m, the
    /// nearest j < m with g_j <= g_m. For m in [0, C) any j in [m-C, m) lies in
    /// the pass; if none does, none exists at all (the comment on the type),
    /// and L(m) >= C means unbounded. The stack holds indices whose g does not
    /// decrease from bottom to top.
    private static func forEachRunLength(g: [Int], shift: Int, _ body: (Int) -> Void) {
        let c = g.count
        var stack: [Int] = []
        for m in -c ..< c {
            let value = m < 0 ? g[m + c] - shift : g[m]
            while let top = stack.last, (top < 0 ? g[top + c] - shift : g[top]) > value {
                stack.removeLast()
            }
            if m >= 0 { body(m - 1 - (stack.last ?? -c - 1)) }
            stack.append(m)
        }
    }

    // MARK: Answers

    /// The number of cars that move in iteration `t` (1-based), in O(1).
    /// Constant from t = C on: N - C above density 1/2, C otherwise.
    public func moves(at t: Int) -> Int {
        precondition(t >= 1, "iterations count from 1")
        return cars - standingAtLeast[min(t, cars)]
    }

    /// The moves once the road has settled, from iteration C on (C >= 1), or
    /// from iteration 1 when there are no cars.
    public var settledMoves: Int { cars - standingAtLeast[cars] }

    /// Sum of the 1-based positions of the cars after `iterations` iterations
    /// (0 for the initial road), exactly, in O(C) time for any count.
    ///
    /// x_k(T) = T + 2k + min of g over the window [k, k+T]. A window longer
    /// than a period holds every residue class mod C; within a class g changes
    /// by N - 2C per period, so its minimum sits at the class's first member
    /// when N - 2C >= 0 and at its last one otherwise. Either way the window
    /// shrinks to one period: [k, k+C) or, writing T - C + 1 = qC + r,
    /// [k+r, k+r+C) plus q periods, which add q(N - 2C) to the minimum. A
    /// sliding-window minimum then gives every x_k(T) in O(C) overall.
    public func checksum(after iterations: Int) -> UInt128 {
        precondition(iterations >= 0, "a negative number of iterations")
        let c = cars
        guard c > 0 else { return 0 }
        let shift = periodShift
        var start = 0, width = c
        var skipped: Int128 = 0  // q(N - 2C): what the skipped periods add
        if iterations < c {
            width = iterations + 1
        } else if shift < 0 {
            let (q, r) = (iterations - c + 1).quotientAndRemainder(dividingBy: c)
            start = r
            skipped = Int128(q) * Int128(shift)
        }
        // x_k(T) = (T + skipped) + 2k + (window minimum); reduce the first term mod N.
        let offset = ExactSolution.nonNegativeRemainder(Int128(iterations) + skipped, cells)
        var sum: UInt128 = 0
        forEachWindowMinimum(start: start, width: width) { k, minimum in
            let position = ExactSolution.nonNegativeRemainder(offset + 2 * k + minimum, cells)
            sum += UInt128(position + 1)
        }
        return sum
    }

    /// g_m for unrolled m in [0, 3C), without a division.
    @inline(__always)
    private func unrolledG(_ m: Int) -> Int {
        let c = cars
        if m < c { return g[m] }
        if m < 2 * c { return g[m - c] + periodShift }
        return g[m - 2 * c] + 2 * periodShift
    }

    /// Calls `body(k, min of g over [start + k, start + k + width))` for k =
    /// 0 ..< C, with 0 <= start < C and 1 <= width <= C: a monotonic deque
    /// (front the minimum) kept in a ring buffer of `width` indices.
    private func forEachWindowMinimum(start: Int, width: Int, _ body: (Int, Int) -> Void) {
        var deque = [Int](repeating: 0, count: width)
        var front = 0, count = 0
        for m in start ..< start + cars + width - 1 {
            // The window [m - width + 1, m]: its oldest index leaves first.
            let k = m - start - width + 1
            if count > 0, deque[front] < start + k {
                front = (front + 1) % width
                count -= 1
            }
            let value = unrolledG(m)
            while count > 0, unrolledG(deque[(front + count - 1) % width]) >= value { count -= 1 }
            deque[(front + count) % width] = m
            count += 1
            if k >= 0 { body(k, unrolledG(deque[front])) }
        }
    }

    private static func nonNegativeRemainder(_ value: Int, _ modulus: Int) -> Int {
        let r = value % modulus
        return r < 0 ? r + modulus : r
    }

    private static func nonNegativeRemainder(_ value: Int128, _ modulus: Int) -> Int {
        let r = Int(value % Int128(modulus))
        return r < 0 ? r + modulus : r
    }
}
