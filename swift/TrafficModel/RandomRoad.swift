// The random initial road (SPEC section 2): cell i holds a car when draw i of
// the UNI stream is below the density. Any block of cells [start, start+n) can
// be built on its own, so each MPI rank builds only its part.

/// The initial road for a seed and a density.
public struct RandomRoad: Sendable {
    public let seed: Int
    public let density: Float
    /// Draws below this integer hold a car (exactly the single-precision test).
    public let threshold: UInt32

    public init(seed: Int, density: Float) {
        self.seed = seed
        self.density = density
        threshold = Uni.threshold(density: density)
    }

    /// Calls `body` with 1 (car) or 0 (empty) for cells start ..< start+count
    /// of the road (0-based), in order.
    public func forEachCell(start: Int, count: Int, _ body: (UInt8) throws -> Void) rethrows {
        precondition(start >= 0 && count >= 0, "negative cell range")
        var stream = UniStream(seed: seed, position: UInt64(start))
        var draws = [UInt32](repeating: 0, count: Swift.min(count, 1 << 14))
        var left = count
        while left > 0 {
            let chunk = Swift.min(left, draws.count)
            draws.withUnsafeMutableBufferPointer { stream.next(into: UnsafeMutableBufferPointer(rebasing: $0[..<chunk])) }
            for draw in draws[..<chunk] { try body(draw < threshold ? 1 : 0) }
            left -= chunk
        }
    }

    /// Cells start ..< start+count packed 64 to a word, vectorised: cell
    /// start+j in bit j % 64 of words[j / 64], 1 for a car; the bits past the
    /// last cell are cleared.
    public func pack(into words: UnsafeMutablePointer<UInt64>, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0, "negative cell range")
        var stream = UniStream(seed: seed, position: UInt64(start))
        stream.packDraws(below: threshold, count: count, into: words)
    }

    /// Fills `cells` with the road's cells start ..< start+cells.count (0 or 1)
    /// and returns the number of cars.
    @discardableResult
    public func fill(_ cells: UnsafeMutableBufferPointer<Int32>, start: Int) -> Int {
        fill(cells, start: start) { Int32($0) }
    }

    /// Fills `cells` with the road's cells start ..< start+cells.count (0 or 1)
    /// and returns the number of cars.
    @discardableResult
    public func fill(_ cells: UnsafeMutableBufferPointer<UInt8>, start: Int) -> Int {
        fill(cells, start: start) { $0 }
    }

    @inline(__always)
    private func fill<T>(_ cells: UnsafeMutableBufferPointer<T>, start: Int, _ cell: (UInt8) -> T) -> Int {
        var index = cells.startIndex
        var cars = 0
        forEachCell(start: start, count: cells.count) { car in
            cells[index] = cell(car)
            index += 1
            cars += Int(car)
        }
        return cars
    }
}
