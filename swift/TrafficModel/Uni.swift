// Marsaglia and Zaman's UNI generator, seeded as in RMARIN (SPEC section 2),
// in two exactly equivalent forms: the single-precision one of the spec and an
// integer one (every value times 2^24) that can jump ahead to any position.

/// The constants of the generator, as integers (the spec's values times 2^24).
public enum Uni {
    /// Number of entries of the lagged table.
    public static let lag = 97
    /// The second lag: x(n) = x(n-97) - x(n-33).
    public static let shortLag = 33
    /// 2^24: every value is an integer multiple of 1/scale.
    public static let scale: UInt32 = 1 << 24
    static let mask: UInt32 = scale - 1
    /// The initial carry c.
    public static let c0: UInt32 = 362_436
    /// The carry's decrement cd and its modulus cm.
    public static let cd: UInt32 = 7_654_321
    public static let cm: UInt32 = 16_777_213
    /// The largest seed RMARIN accepts.
    public static let maxSeed = 900_000_000

    /// The 97 table entries u[1...97] for `seed`, as integers (u times 2^24).
    /// Each entry is 24 bits produced most significant first: adding t = 2^-1,
    /// 2^-2, ... as the spec does is setting bits 23, 22, ... of the integer.
    public static func seedTable(_ seed: Int) -> [UInt32] {
        precondition((0...maxSeed).contains(seed), "UNI seed out of range")
        let ij = seed / 30082
        let kl = seed - 30082 * ij
        var i = (ij / 177) % 177 + 2
        var j = ij % 177 + 2
        var k = (kl / 169) % 178 + 1
        var l = kl % 169
        var table = [UInt32](repeating: 0, count: lag)
        for entry in 0..<lag {
            var s: UInt32 = 0
            for bit in (0..<24).reversed() {
                let m = ((i * j % 179) * k) % 179
                (i, j, k) = (j, k, m)
                l = (53 * l + 1) % 169
                if (l * m) % 64 >= 32 { s |= 1 << UInt32(bit) }
            }
            table[entry] = s
        }
        return table
    }

    /// The integer threshold t with m < t exactly when Float(m) * 2^-24 < density
    /// for every draw m. density * 2^24 is exact (a power-of-two scaling), so
    /// the comparison holds for the integers below its ceiling.
    public static func threshold(density: Float) -> UInt32 {
        precondition(density >= 0 && density <= 1, "density out of range")
        return UInt32((Double(density) * Double(scale)).rounded(.up))
    }
}

/// The generator in single precision, step for step as SPEC section 2 writes it.
/// Slow but literal: the reference the integer form is tested against.
public struct UniFloatGenerator {
    private var u: [Float]  // u[1...97]; u[0] unused, as in the spec
    private var p = 97
    private var q = 33
    private var c = Float(Uni.c0) / Float(Uni.scale)
    private let cd = Float(Uni.cd) / Float(Uni.scale)
    private let cm = Float(Uni.cm) / Float(Uni.scale)

    public init(seed: Int) {
        u = [0] + Uni.seedTable(seed).map { Float($0) / Float(Uni.scale) }
    }

    /// The next draw, a multiple of 2^-24 in [0, 1).
    public mutating func next() -> Float {
        var r = u[p] - u[q]
        if r < 0 { r += 1 }
        u[p] = r
        p -= 1
        if p == 0 { p = 97 }
        q -= 1
        if q == 0 { q = 97 }
        c -= cd
        if c < 0 { c += cm }
        r -= c
        if r < 0 { r += 1 }
        return r
    }
}
