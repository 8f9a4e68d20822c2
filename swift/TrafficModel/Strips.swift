/// A vector of strips for the bit-packed kernel: 256 bits, bit i of lane g
/// being strip 64 g + i (AVX2's 256 bits).
///
/// Its bitwise operators are `SIMDMask`'s, which the standard library gives
/// as single vector operations on any bits. `SIMD4<UInt64>`'s `&`, `|`, `^`
/// and `~` are loops over the lanes (only its arithmetic and comparisons are
/// vector code), so LLVM's SLP vectoriser has to put the kernel's vectors
/// back together, and it left parts of it on the scalar pipes: 158,000 to
/// 208,000 MCOPs with them here, depending on inlining, 430,000 with these.
struct Strips {
    var bits: SIMDMask<SIMD4<Int64>>

    static let scalarCount = 4

    init() { bits = SIMDMask() }

    init(lanes: SIMD4<UInt64>) { bits = SIMDMask(SIMD4<Int64>(truncatingIfNeeded: lanes)) }

    init(repeating word: UInt64) { self.init(lanes: SIMD4(repeating: word)) }

    private init(bits: SIMDMask<SIMD4<Int64>>) { self.bits = bits }

    var lanes: SIMD4<UInt64> { SIMD4<UInt64>(truncatingIfNeeded: bits._storage) }

    subscript(lane: Int) -> UInt64 {
        get { UInt64(bitPattern: bits._storage[lane]) }
        set { bits._storage[lane] = Int64(bitPattern: newValue) }
    }

    static func & (a: Strips, b: Strips) -> Strips { Strips(bits: a.bits .& b.bits) }
    static func | (a: Strips, b: Strips) -> Strips { Strips(bits: a.bits .| b.bits) }
    static func ^ (a: Strips, b: Strips) -> Strips { Strips(bits: a.bits .^ b.bits) }
    static prefix func ~ (a: Strips) -> Strips { Strips(bits: .!a.bits) }
    static func ^= (a: inout Strips, b: Strips) { a = a ^ b }

    /// Each lane shifted on its own.
    static func &<< (a: Strips, shift: UInt64) -> Strips { Strips(lanes: a.lanes &<< shift) }
    static func &>> (a: Strips, shift: UInt64) -> Strips { Strips(lanes: a.lanes &>> shift) }
}
