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
/// * Hence moves(t) is constant once t exceeds the largest finite L (at the
///   latest from t = C on): C - D = N - C cars move when the density is above
///   1/2, all C otherwise.
public struct ExactSolution: Sendable {
    /// The largest road the arithmetic allows: every unrolled position and g
    /// value the solver handles (three periods at most) stays within 8N of 0,
    /// which fits in an Int.
    public static let maximumCells = 1 << 59

    /// Road length N.
    public let cells: Int
    /// g[m] = x_m - 2m for the cars m = 0 ..< C of the initial road.
    private let g: [Int]
    /// standingAtLeast[t] = #{m in [0, C) : L(m) >= t} for t = 0 ... the
    /// largest finite L; beyond it only the cars jammed for ever stand.
    private let standingAtLeast: [Int]
    /// The cars jammed for ever: D = 2C - N above density 1/2, else none.
    private let jammedForEver: Int

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

    /// A road given cell by cell, 0 for empty and 1 for a car: a `[UInt8]`,
    /// a buffer filled by `RandomRoad.fill`, a `CourseRoad`'s `interior`...
    @inlinable
    public init<Road: Collection>(road: Road) where Road.Element: BinaryInteger {
        let positions = road.withContiguousStorageIfAvailable { ExactSolution.carPositions($0) }
            ?? Array(road).withUnsafeBufferPointer { ExactSolution.carPositions($0) }
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

    /// The indices of the cells holding 1, without a branch per cell: a
    /// count, then every index written and kept only where there is a car.
    @inlinable
    static func carPositions<Cell: BinaryInteger>(_ cells: UnsafeBufferPointer<Cell>) -> [Int] {
        var cars = 0
        var bits: UInt = 0
        for cell in cells {
            cars &+= Int(truncatingIfNeeded: cell)
            bits |= UInt(truncatingIfNeeded: cell)
        }
        precondition(bits <= 1, "cells must be 0 (empty) or 1 (car)")
        return [Int](unsafeUninitializedCapacity: cars + 1) { positions, count in
            for i in cells.indices {
                positions[count] = i
                count &+= Int(truncatingIfNeeded: cells[i])
            }
        }
    }

    @usableFromInline
    init(cells: Int, sortedPositions positions: consuming [Int]) {
        precondition(cells >= 1 && cells <= ExactSolution.maximumCells, "road length out of range")
        precondition(positions.count <= cells, "more cars than cells")
        var g = consume positions  // g_m = x_m - 2m, in place
        var previous = -1
        for m in g.indices {
            let x = g[m]
            precondition(x > previous && x < cells, "car positions must increase within the road")
            g[m] = x - 2 * m
            previous = x
        }
        self.cells = cells
        self.g = g
        let lengths = ExactSolution.runLengthHistogram(g: g, cells: cells)
        jammedForEver = lengths.unbounded
        standingAtLeast = ExactSolution.suffixCounts(lengths.histogram, plus: lengths.unbounded)
    }

    /// counts[t] + counts[t+1] + ... + `plus`, for every t.
    private static func suffixCounts(_ counts: [Int], plus: Int) -> [Int] {
        var sums = counts
        var total = plus
        for t in sums.indices.reversed() {
            total += sums[t]
            sums[t] = total
        }
        return sums
    }

    /// The histogram of the finite L(m), m in [0, C) (entry l counts L(m) = l,
    /// up to the largest finite L), and how many L(m) are unbounded.
    ///
    /// L(m) = m - 1 - p(m), p(m) the nearest j < m with g_j <= g_m. A stack
    /// holds the candidates for p: the indices whose g is below every later g
    /// so far, g strictly increasing from bottom to top, the top being m - 1.
    /// As g falls at most 1 per step, one step is one of three cases, with no
    /// loop:
    ///
    /// * g_m = g_{m-1} - 1 (car m-1 blocked): m - 1 leaves the stack, and the
    ///   entry below, whose g is below g_{m-1} = g_m + 1, is p(m);
    /// * g_m >= g_{m-1}: p(m) = m - 1 and L(m) = 0;
    ///
    /// then m goes on the stack: in place of p(m) if g_p = g_m, else above it.
    /// The arithmetic is branch-free (random roads defeat branch prediction).
    ///
    /// The pass runs over the period m = f+1 ... f+C, where f is the first
    /// index of the smallest g_m in [0, C) (L has period C). With N - 2C >= 0
    /// nothing in that period is below g_f, so every search stops at f or
    /// later. With N - 2C < 0 the periods before lie higher, so g_f is below
    /// every earlier g: a search that passes f finds nothing, ever, and L is
    /// unbounded. A sentinel under f, lower than any g and far enough back
    /// that L >= C, stands for that.
    private static func runLengthHistogram(g: [Int], cells: Int) -> (histogram: [Int], unbounded: Int) {
        let c = g.count
        guard c > 0 else { return ([], 0) }
        var first = 0
        for m in 1 ..< c where g[m] < g[first] { first = m }
        let smallest = g[first]
        let shift = cells - 2 * c
        var histogram = Histogram()
        defer { histogram.deallocate() }
        var unbounded = 0
        // Entry e at [2e] (index) and [2e+1] (g); at most C + 2 entries.
        let stack = UnsafeMutablePointer<Int>.allocate(capacity: 2 * (c + 2))
        defer { stack.deallocate() }
        (stack[0], stack[1]) = (first - c - 1, -(1 << 62))  // the sentinel: |g| < 8N <= 2^62
        (stack[2], stack[3]) = (first, smallest)
        var top = 1
        var previous = smallest
        // Wrapping arithmetic: every value is far from overflow (maximumCells).
        g.withUnsafeBufferPointer { g in
            for m in first + 1 ... first + c {
                let gm = m < c ? g[m] : g[m &- c] &+ shift
                let fall = previous &- gm  // 1 on a blocked step, else <= 0
                top &-= fall & ~(fall >> 63)
                let p = stack[2 &* top], gp = stack[2 &* top &+ 1]
                let length = m &- 1 &- p
                let isUnbounded = Int(bitPattern: UInt(bitPattern: c &- 1 &- length) >> 63)
                unbounded &+= isUnbounded
                histogram.add(length & (isUnbounded &- 1))  // 0 when unbounded; corrected below
                top &+= Int(bitPattern: UInt(bitPattern: gp &- gm) >> 63)  // 1 unless g_p = g_m
                (stack[2 &* top], stack[2 &* top &+ 1]) = (m, gm)
                previous = gm
            }
        }
        var lengths = histogram.counts
        lengths[0] -= unbounded
        let longest = lengths.lastIndex { $0 != 0 } ?? -1
        return (Array(lengths.prefix(longest + 1)), unbounded)
    }

    /// Counts of small non-negative integers, in storage that grows to fit
    /// (no copy-on-write check per count).
    private struct Histogram {
        private var storage = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        private var capacity = 64

        init() { storage.initialize(repeating: 0, count: capacity) }

        @inline(__always)
        mutating func add(_ value: Int) {
            if value >= capacity { grow(toFit: value) }
            storage[value] &+= 1
        }

        private mutating func grow(toFit value: Int) {
            let larger = max(value + 1, 2 * capacity)
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: larger)
            grown.moveInitialize(from: storage, count: capacity)
            (grown + capacity).initialize(repeating: 0, count: larger - capacity)
            storage.deallocate()
            (storage, capacity) = (grown, larger)
        }

        var counts: [Int] { Array(UnsafeBufferPointer(start: storage, count: capacity)) }

        func deallocate() { storage.deallocate() }
    }

    // MARK: Answers

    /// The number of cars that move in iteration `t` (1-based), in O(1).
    public func moves(at t: Int) -> Int {
        precondition(t >= 1, "iterations count from 1")
        return cars - (t < standingAtLeast.count ? standingAtLeast[t] : jammedForEver)
    }

    /// The first iteration from which the moves never change: one past the
    /// largest finite L, at most C (1 when there are no cars or L is never
    /// finite).
    public var settledFrom: Int { max(1, standingAtLeast.count) }

    /// The moves of every iteration from `settledFrom` on: N - C above
    /// density 1/2, C otherwise.
    public var settledMoves: Int { cars - jammedForEver }

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
        // x_k(T) = (T + skipped) + 2k + (window minimum): the first term mod N once.
        var offset = Int((Int128(iterations) + skipped) % Int128(cells))
        if offset < 0 { offset += cells }
        return sumOfPositions(offset: offset, windowStart: start, width: width)
    }

    /// The sum over k in [0, C) of ((offset + 2k + w_k) mod N) + 1, where w_k
    /// is the minimum of g over the window [start + k, start + k + width),
    /// with 0 <= start < C and 1 <= width <= C.
    ///
    /// The window minima come from van Herk and Gil-Werman's method, which
    /// has no data-dependent branch: cut the unrolled sequence from `start`
    /// into blocks of `width`; the window that starts at offset o of a block
    /// is the block's suffix from o and the next block's prefix before o. A
    /// backward pass takes the suffix minima of a block, a forward pass the
    /// prefix minima of the next, so each index is read twice, and at most
    /// 3C - 1 indices (three periods) are involved.
    private func sumOfPositions(offset: Int, windowStart start: Int, width: Int) -> UInt128 {
        let c = cars, n = cells, shift = periodShift
        let suffix = UnsafeMutablePointer<Int>.allocate(capacity: width)
        defer { suffix.deallocate() }
        var sum: UInt128 = 0  // at most C N < 2^118: wrapping additions are safe
        g.withUnsafeBufferPointer { g in
            // g_m for unrolled m in [0, 3C), without a division.
            func value(_ m: Int) -> Int {
                m < c ? g[m] : m < 2 * c ? g[m - c] + shift : g[m - 2 * c] + 2 * shift
            }
            var k = 0
            while k < c {
                let block = start + k
                var minimum = Int.max
                for o in (0 ..< width).reversed() {
                    minimum = min(minimum, value(block + o))
                    suffix[o] = minimum
                }
                minimum = Int.max
                for o in 0 ..< min(width, c - k) {
                    if o > 0 { minimum = min(minimum, value(block + width + o - 1)) }
                    // Within (-6N, 6N): over three periods g lies in (-6C, 3N).
                    let position = ExactSolution.reduce(offset + 2 * (k + o) + min(suffix[o], minimum), n)
                    sum &+= UInt128(position + 1)
                }
                k += width
            }
        }
        return sum
    }

    /// `value` mod `modulus` in [0, modulus), for a value within a few moduli
    /// of that range: a handful of subtractions cost less than a division.
    @inline(__always)
    private static func reduce(_ value: Int, _ modulus: Int) -> Int {
        var r = value
        while r >= modulus { r -= modulus }
        while r < 0 { r += modulus }
        return r
    }
}
