// The random road's draws compared with the density and packed straight into
// 64-cell words, vectorised (issue 12). The lagged table is laid out in a
// line, so that a word's 64 new values are plain loads, subtractions and a
// store; the carries of a word are the previous carry minus a fixed progression
// mod cm; the compares go to bits. The result is exactly UniStream's draws.
//
// Why the table is extended as x(n) = x(n-97) + x(n-66) - x(n-130) (the
// recurrence x(n) = x(n-97) - x(n-33) applied to x(n-33) too): with the lag
// of 33, only 32 values at a time are independent, and their loads of x(n-33)
// straddle two vector stores of the 32 just before, which the CPU cannot
// forward to a load, so each 32 waited for the 32 before to reach the cache
// (3.6e9 against 6.6e9 values/s measured here). With lags of 66 and more a
// word's 64 values are independent, and they read values stored a whole
// word's work (its compares included) earlier.

extension UniStream {
    /// Sets bit `j % 64` of `words[j / 64]` when draw `j` from here is below
    /// `threshold`, for `j = 0 ..< count`, and clears the bits past the last
    /// cell of the last word; the stream moves on by `count` draws, exactly as
    /// `count` calls of `next()` would.
    public mutating func packDraws(below threshold: UInt32, count: Int, into words: UnsafeMutablePointer<UInt64>) {
        precondition(count >= 0 && threshold <= Uni.scale, "bad count or threshold")
        let whole = count / 64
        if whole > 0 { DrawLine.packWords(&self, below: Int32(threshold), words: whole, into: words) }
        let rest = count - 64 * whole
        guard rest > 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: rest) { draws in
            next(into: draws)
            words[whole] = draws.indices.reduce(0) { $0 | UInt64(draws[$1] < threshold ? 1 : 0) << UInt64($1) }
        }
    }
}

/// The lagged table in a line of `reach` values of history followed by the
/// values of up to `batchWords` words, in Int32 so that compares are signed
/// (every value is below 2^24), which vectorises without unsigned fix-ups.
enum DrawLine {
    /// History kept: x(n-130) ... x(n-1).
    static let reach = 130
    /// Words drawn between two moves of the history to the line's start: the
    /// line stays in the L1 cache.
    static let batchWords = 32
    static let mask = Int32(Uni.mask)
    static let cm = Int32(Uni.cm)

    /// (j + 1) * cd mod cm: lane j's carry is the carry before the word minus
    /// this, mod cm.
    static let carrySteps: [Int32] = (1...64).map { Int32(UInt64($0) * UInt64(Uni.cd) % UInt64(Uni.cm)) }

    /// The first `words` whole words of draws, and the stream moved past them.
    static func packWords(_ stream: inout UniStream, below threshold: Int32, words: Int,
                          into out: UnsafeMutablePointer<UInt64>) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: reach + 64 * batchWords) { buffer in
            let line = buffer.baseAddress!
            loadHistory(of: stream, into: line)
            var carry = Int32(stream.lastCarry)
            carrySteps.withUnsafeBufferPointer { steps in
                var done = 0
                while done < words {
                    let batch = min(batchWords, words - done)
                    drawWords(line, words: batch, carry: &carry, steps: steps.baseAddress!,
                              threshold: threshold, into: out + done)
                    line.update(from: line + 64 * batch, count: reach)
                    done += batch
                }
            }
            let table = (reach - Uni.lag..<reach).map { UInt32(line[$0]) }
            stream.resume(table: table, carry: UInt32(carry), after: UInt64(64 * words))
        }
    }

    /// The stream's last 97 values at the end of the history, and the 33
    /// before them from the recurrence run backwards, x(m) = x(m+97) + x(m+64).
    private static func loadHistory(of stream: UniStream, into line: UnsafeMutablePointer<Int32>) {
        let first = reach - Uni.lag
        for (k, value) in stream.oldestFirst.enumerated() { line[first + k] = Int32(value) }
        for m in 0..<first { line[m] = (line[m + Uni.lag] &+ line[m + 64]) & mask }
    }

    /// `words` words of table values appended after the history, each
    /// compared as soon as it is made (still in registers). `carry` is the
    /// carry of the draw before.
    @inline(never)
    private static func drawWords(_ line: UnsafeMutablePointer<Int32>, words: Int, carry: inout Int32,
                                  steps: UnsafePointer<Int32>, threshold: Int32,
                                  into out: UnsafeMutablePointer<UInt64>) {
        for w in 0..<words {
            let s = line + 64 * w
            extend(s)
            out[w] = compare(s + reach, carry: &carry, steps: steps, threshold: threshold)
        }
    }

    /// The 64 values after the history that starts at `s`: independent of one
    /// another (lags of 66 and more), so they vectorise.
    @inline(__always)
    private static func extend(_ s: UnsafeMutablePointer<Int32>) {
        for j in 0..<64 {
            s[reach &+ j] = (s[reach &- 97 &+ j] &+ s[reach &- 66 &+ j] &- s[j]) & mask
        }
    }

    /// One word of bits from 64 values: each value minus its carry, compared
    /// with the threshold. Two 32-bit halves: the bits are OR-ed in 32-bit
    /// lanes, not widened to 64. `carry` moves on to the word's last carry.
    @inline(__always)
    private static func compare(_ x: UnsafePointer<Int32>, carry: inout Int32, steps: UnsafePointer<Int32>,
                                threshold: Int32) -> UInt64 {
        let before = carry
        let half = { (first: Int) -> UInt64 in
            var bits: UInt32 = 0
            for j in 0..<32 {
                let draw = (x[first &+ j] &- modCm(before &- steps[first &+ j])) & mask
                bits |= UInt32(draw < threshold ? 1 : 0) << UInt32(j)
            }
            return UInt64(bits)
        }
        carry = modCm(before &- steps[63])
        return half(0) | half(32) << 32
    }

    /// `value` in -cm ..< cm brought to 0 ..< cm, without a branch.
    @inline(__always)
    private static func modCm(_ value: Int32) -> Int32 { value &+ (value >> 31) & cm }
}
