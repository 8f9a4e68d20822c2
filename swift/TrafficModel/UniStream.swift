// The integer form of UNI (SPEC section 2): the lagged table follows
// x(n) = x(n-97) - x(n-33) mod 2^24, the carry C(n) = C(n-1) - cd mod cm, and
// a draw is (x(n) - C(n)) mod 2^24. A stream can start at any position: the
// table n steps later is a fixed linear combination of the current 97 entries,
// with the coefficients of z^n mod (z^97 + z^64 - 1), taken by squaring.

/// A UNI stream at any position, drawing sequentially from there.
public struct UniStream {
    /// The last 97 table values in a ring: ring[head] is the oldest, x(n-97).
    private var ring: [UInt32]
    private var head = 0
    /// Index of x(n-33) in the ring: head + 64 (mod 97).
    private var short = Uni.lag - Uni.shortLag
    /// The carry of the last draw taken, as an integer.
    private var carry = Uni.c0
    /// How many draws have been taken (or jumped over) so far.
    public private(set) var position: UInt64 = 0

    /// The stream for `seed` (0...900000000) at draw `position` (0-based),
    /// reached without drawing the ones before.
    public init(seed: Int, position: UInt64 = 0) {
        // The spec's u[97] is the oldest entry (drawn first), u[1] the newest.
        ring = Uni.seedTable(seed).reversed()
        jump(by: position)
    }

    /// The next draw as an integer m in 0..<2^24 (value m * 2^-24).
    public mutating func next() -> UInt32 {
        var draw: UInt32 = 0
        withUnsafeMutablePointer(to: &draw) { next(into: UnsafeMutableBufferPointer(start: $0, count: 1)) }
        return draw
    }

    /// Fills `draws` with the next draws, in order: one pass over the table
    /// without per-draw bounds or uniqueness checks.
    public mutating func next(into draws: UnsafeMutableBufferPointer<UInt32>) {
        var (head, short, carry) = (self.head, self.short, self.carry)
        ring.withUnsafeMutableBufferPointer { ring in
            for k in draws.indices {
                let x = (ring[head] &- ring[short]) & Uni.mask
                ring[head] = x
                head = head == Uni.lag - 1 ? 0 : head &+ 1
                short = short == Uni.lag - 1 ? 0 : short &+ 1
                carry = carry >= Uni.cd ? carry &- Uni.cd : carry &+ (Uni.cm &- Uni.cd)
                draws[k] = (x &- carry) & Uni.mask
            }
        }
        (self.head, self.short, self.carry) = (head, short, carry)
        position += UInt64(draws.count)
    }

    /// The next draw as the single-precision value of SPEC section 2.
    public mutating func nextFloat() -> Float {
        Float(next()) / Float(Uni.scale)
    }

    /// Moves the stream `steps` draws on without drawing them.
    public mutating func jump(by steps: UInt64) {
        guard steps > 0 else { return }
        // The window x(n-97) ... x(n+95): enough for every shifted combination.
        var window = oldestFirst
        for k in Uni.lag..<(2 * Uni.lag - 1) {
            window.append((window[k - Uni.lag] &- window[k - Uni.shortLag]) & Uni.mask)
        }
        let a = LagPolynomial.power(steps)
        let table = (0..<Uni.lag).map { k in
            var sum: UInt32 = 0
            for i in 0..<Uni.lag { sum = sum &+ a[i] &* window[i + k] }
            return sum & Uni.mask
        }
        let back = UInt32(steps % UInt64(Uni.cm) * UInt64(Uni.cd) % UInt64(Uni.cm))
        resume(table: table, carry: carry >= back ? carry - back : carry + Uni.cm - back, after: steps)
    }

    /// The last 97 table values, x(n-97) first.
    var oldestFirst: [UInt32] { (0..<Uni.lag).map { ring[(head + $0) % Uni.lag] } }

    /// The carry of the last draw taken, C(n-1).
    var lastCarry: UInt32 { carry }

    /// Goes on from state drawn elsewhere, `steps` draws on: the last 97 table
    /// values `table` (oldest first) and the carry of the last draw.
    mutating func resume(table: [UInt32], carry: UInt32, after steps: UInt64) {
        precondition(table.count == Uni.lag)
        ring = table
        head = 0
        short = Uni.lag - Uni.shortLag
        self.carry = carry
        position += steps
    }
}

/// Polynomials modulo z^97 + z^64 - 1 with coefficients mod 2^24 (kept in
/// wrapping UInt32 arithmetic, reduced to 24 bits at the end).
enum LagPolynomial {
    /// The 97 coefficients of z^n mod (z^97 + z^64 - 1), by square-and-multiply.
    static func power(_ n: UInt64) -> [UInt32] {
        var result = [UInt32](repeating: 0, count: Uni.lag)
        result[0] = 1
        for bit in (0..<(64 - n.leadingZeroBitCount)).reversed() {
            result = reduce(square(result))
            if (n >> UInt64(bit)) & 1 == 1 { result = reduce([0] + result) }
        }
        return result.map { $0 & Uni.mask }
    }

    private static func square(_ a: [UInt32]) -> [UInt32] {
        var product = [UInt32](repeating: 0, count: 2 * Uni.lag - 1)
        for i in 0..<Uni.lag where a[i] != 0 {
            for j in 0..<Uni.lag { product[i + j] = product[i + j] &+ a[i] &* a[j] }
        }
        return product
    }

    /// Folds degrees >= 97 down with z^97 = 1 - z^64, highest first (a folded
    /// term can land at 97 or above again).
    private static func reduce(_ a: [UInt32]) -> [UInt32] {
        var r = a
        for d in stride(from: r.count - 1, through: Uni.lag, by: -1) {
            r[d - Uni.lag] = r[d - Uni.lag] &+ r[d]
            r[d - Uni.shortLag] = r[d - Uni.shortLag] &- r[d]
        }
        return Array(r[0..<Uni.lag])
    }
}
