// The bit-packed road (issue 7): 64 cells per word, rule 184 as word
// operations, several iterations per halo refresh, blocked for the L1 cache.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A contiguous block of the road, bit-packed, with a halo of `depth` cells on
/// each side.
///
/// Storage is one bit string in which own cell `j` sits at bit
/// `64 * haloWords + j` (so cell `j` is bit `j % 64` of own word `j / 64`,
/// least significant bit first): `haloWords` words of left halo whose top
/// `depth` bits hold cells `-depth ..< 0`, then the own cells from a word
/// boundary, then the right halo cells `cells ..< cells + depth` right after
/// the last own cell. Every other bit is garbage. A cell depends only on its
/// neighbours, so garbage creeps inwards by one cell per iteration, and up to
/// `depth` iterations after a halo refresh leave the own cells exact.
public final class PackedBlock {
    /// The cells this block owns.
    public let cells: Int
    /// Halo cells on each side: the most iterations between halo refreshes.
    public let depth: Int
    /// Words of a halo message, `ceil(depth / 64)`; also the left halo's words.
    public let haloWords: Int
    let ownWords: Int
    /// The bit string described above.
    let words: UnsafeMutablePointer<UInt64>
    /// Temporal blocking: a chunk and its halo words iterate in these two
    /// L1-sized buffers (each with one spare word at both ends, read as a
    /// neighbour and never written)...
    let ping: UnsafeMutablePointer<UInt64>
    let pong: UnsafeMutablePointer<UInt64>
    /// ...and the original words left of the next chunk, which the current
    /// chunk overwrites before that chunk reads them.
    let carry: UnsafeMutablePointer<UInt64>
    let chunkWords: Int

    /// Own words per temporally blocked chunk: ping and pong together fill
    /// about 2/3 of a 48 KiB L1 data cache.
    public static let defaultChunkWords = 2048

    /// A block of `cells` cells, cell `j` holding a car when `occupied(j)`;
    /// `occupied` is called once per cell, in order. Nil when the memory
    /// cannot be allocated.
    public init?(cells: Int, depth: Int, chunkWords: Int = defaultChunkWords,
                 occupied: (Int) -> Bool) {
        precondition(cells >= 1 && depth >= 1 && chunkWords >= 1)
        self.cells = cells
        self.depth = depth
        haloWords = (depth + 63) / 64
        ownWords = (cells + 63) / 64
        self.chunkWords = min(chunkWords, ownWords)
        // One spare word past the right halo: loadBits reads a word pair.
        let storageWords = 2 * haloWords + ownWords + 1
        let bufferWords = self.chunkWords + 2 * haloWords + 2
        guard let base = PackedBlock.allocateZeroed(words: storageWords + 2 * bufferWords + haloWords)
        else { return nil }
        words = base
        ping = base + storageWords
        pong = ping + bufferWords
        carry = pong + bufferWords
        pack(occupied)
    }

    deinit { free(words) }

    private static func allocateZeroed(words: Int) -> UnsafeMutablePointer<UInt64>? {
        let (bytes, overflow) = words.multipliedReportingOverflow(by: 8)
        var raw: UnsafeMutableRawPointer?
        // 64-byte alignment: whole AVX-512 vectors.
        guard !overflow, posix_memalign(&raw, 64, bytes) == 0, let raw else { return nil }
        memset(raw, 0, bytes)
        return raw.bindMemory(to: UInt64.self, capacity: words)
    }

    private func pack(_ occupied: (Int) -> Bool) {
        let own = words + haloWords
        for w in 0..<ownWords {
            var word: UInt64 = 0
            for b in 0..<min(64, cells - 64 * w) where occupied(64 * w + b) {
                word |= 1 << UInt64(b)
            }
            own[w] = word
        }
    }

    // MARK: Cells

    /// Bit position of cell `cell` (negative for the left halo).
    @inline(__always)
    private func bit(_ cell: Int) -> Int { 64 * haloWords + cell }

    /// The valid bits of own word `w`: all but the top of the last word.
    @inline(__always)
    private func ownMask(_ w: Int) -> UInt64 {
        let valid = cells - 64 * w
        return valid >= 64 ? ~0 : (1 << UInt64(valid)) - 1
    }

    /// The 64 bits starting at bit position `b`.
    @inline(__always)
    private func loadBits(at b: Int) -> UInt64 {
        let w = b >> 6, s = UInt64(b & 63)
        return s == 0 ? words[w] : (words[w] >> s) | (words[w + 1] << (64 - s))
    }

    /// Replaces the `count` (1...64) bits at bit position `b` with the low
    /// bits of `value`.
    @inline(__always)
    private func storeBits(_ value: UInt64, at b: Int, count: Int) {
        let w = b >> 6, s = b & 63
        let mask: UInt64 = count == 64 ? ~0 : (1 << UInt64(count)) - 1
        let v = value & mask
        words[w] = words[w] & ~(mask << UInt64(s)) | v << UInt64(s)
        if s + count > 64 {
            let high = UInt64(64 - s)
            words[w + 1] = words[w + 1] & ~(mask >> high) | v >> high
        }
    }

    /// The road as one value per own cell, 1 for a car.
    public func unpacked() -> [UInt8] {
        (0..<cells).map { UInt8(truncatingIfNeeded: loadBits(at: bit($0)) & 1) }
    }

    /// Number of cars in the own cells.
    public var cars: Int64 {
        let own = words + haloWords
        return (0..<ownWords).reduce(0) { $0 + Int64((own[$1] & ownMask($1)).nonzeroBitCount) }
    }

    /// Sum of the 1-based global positions of the cars in the own cells, own
    /// cell `j` being global position `offset + j + 1`.
    public func checksum(offset: Int64) -> Int64 {
        let own = words + haloWords
        return (0..<ownWords).reduce(0) { sum, w in
            let word = own[w] & ownMask(w)
            let first = offset + Int64(64 * w) + 1
            return sum + Int64(word.nonzeroBitCount) * first + PackedBlock.bitIndexSum(word)
        }
    }

    /// Sum of the indices of the set bits: bit k of an index contributes 2^k
    /// for every set bit whose index has bit k set.
    static func bitIndexSum(_ word: UInt64) -> Int64 {
        let indexBit: [UInt64] = [0xAAAA_AAAA_AAAA_AAAA, 0xCCCC_CCCC_CCCC_CCCC, 0xF0F0_F0F0_F0F0_F0F0,
                                  0xFF00_FF00_FF00_FF00, 0xFFFF_0000_FFFF_0000, 0xFFFF_FFFF_0000_0000]
        return indexBit.indices.reduce(0) { $0 + Int64((word & indexBit[$1]).nonzeroBitCount) << $1 }
    }

    // MARK: Halos

    /// The first `depth` own cells, what the left neighbour needs as its right
    /// halo, into `haloWords` words (cell `j` in bit `j % 64` of word `j / 64`).
    /// Needs `cells >= depth`.
    public func copyFirstCells(to out: UnsafeMutablePointer<UInt64>) {
        precondition(cells >= depth, "a halo deeper than the block")
        copyHalo(fromCell: 0, to: out)
    }

    /// The last `depth` own cells, what the right neighbour needs as its left
    /// halo, in the same form. Needs `cells >= depth`.
    public func copyLastCells(to out: UnsafeMutablePointer<UInt64>) {
        precondition(cells >= depth, "a halo deeper than the block")
        copyHalo(fromCell: cells - depth, to: out)
    }

    /// Installs cells `-depth ..< 0`, sent by the left neighbour's `copyLastCells`.
    public func installLeftHalo(from halo: UnsafePointer<UInt64>) {
        installHalo(atCell: -depth, from: halo)
    }

    /// Installs cells `cells ..< cells + depth`, sent by the right neighbour's
    /// `copyFirstCells`.
    public func installRightHalo(from halo: UnsafePointer<UInt64>) {
        installHalo(atCell: cells, from: halo)
    }

    private func copyHalo(fromCell first: Int, to out: UnsafeMutablePointer<UInt64>) {
        for w in 0..<haloWords {
            let count = min(64, depth - 64 * w)
            out[w] = loadBits(at: bit(first + 64 * w)) & (count == 64 ? ~0 : (1 << UInt64(count)) - 1)
        }
    }

    private func installHalo(atCell first: Int, from halo: UnsafePointer<UInt64>) {
        for w in 0..<haloWords {
            storeBits(halo[w], at: bit(first + 64 * w), count: min(64, depth - 64 * w))
        }
    }

    /// Both halos from the block's own ends, for a block that is the whole
    /// (circular) road. Copies runs of at most `cells` cells from cells already
    /// in place, so that a road shorter than the halo wraps round several times.
    public func fillPeriodicHalos() {
        let run = min(cells, 64)
        var done = 0
        while done < depth {  // cell cells + m is cell m
            let count = min(run, depth - done)
            storeBits(loadBits(at: bit(done)), at: bit(cells + done), count: count)
            done += count
        }
        done = 0
        while done < depth {  // right to left: cell -m is cell cells - m
            let count = min(run, depth - done)
            storeBits(loadBits(at: bit(cells - done - count)), at: bit(-done - count), count: count)
            done += count
        }
    }

    // MARK: Iterations

    /// Runs `iterations` (1...depth) iterations on halos filled since the last
    /// advance, writing the moves of each iteration in the own cells to
    /// `moves[0 ..< iterations]`. Afterwards only the own cells are valid.
    public func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        precondition(iterations >= 1 && iterations <= depth, "iterations beyond the halo depth")
        // A chunk needs one halo cell per iteration on each side: whole words.
        let chunkHalo = (iterations + 63) / 64
        moves.update(repeating: 0, count: iterations)
        carry.update(from: words + haloWords - chunkHalo, count: chunkHalo)
        var start = 0
        while start < ownWords {
            let end = min(start + chunkWords, ownWords)
            advanceChunk(start, end, halo: chunkHalo, iterations: iterations, moves: moves)
            start = end
        }
    }

    /// Own words `start ..< end` with `halo` words each side, iterated in L1.
    private func advanceChunk(_ start: Int, _ end: Int, halo: Int, iterations: Int,
                              moves: UnsafeMutablePointer<Int64>) {
        let own = words + haloWords
        let count = end - start, length = count + 2 * halo
        var src = ping + 1, dst = pong + 1
        src.update(from: carry, count: halo)
        (src + halo).update(from: own + start, count: count + halo)
        carry.update(from: src + count, count: halo)
        // Bits past the last own cell are not counted.
        let tail = end == ownWords ? ~ownMask(ownWords - 1) : 0
        let tailWord = halo + count - 1
        for s in 0..<iterations {
            stepWords(src, dst, 0, halo)
            let moved = stepWordsCountingMoves(src, dst, halo, halo + count)
            stepWords(src, dst, halo + count, length)
            let uncounted = PackedBlock.moved(src, tailWord) & tail
            moves[s] &+= Int64(moved &- uncounted.nonzeroBitCount)
            swap(&src, &dst)
        }
        (own + start).update(from: src + halo, count: count)
    }

    /// Bits of the cars in word `i` whose cell ahead is empty.
    @inline(__always)
    static func moved(_ old: UnsafePointer<UInt64>, _ i: Int) -> UInt64 {
        old[i] & ~ahead(old, i)
    }

    /// The cells ahead of word `i`'s cells: its bits shifted down, with the
    /// next word's first cell on top (a funnel shift).
    @inline(__always)
    static func ahead(_ old: UnsafePointer<UInt64>, _ i: Int) -> UInt64 {
        (old[i] &>> 1) | (old[i &+ 1] &<< 63)
    }

    /// Rule 184 for word `i`: a car stays if the cell ahead is full, an empty
    /// cell takes the car behind.
    @inline(__always)
    static func next(_ old: UnsafePointer<UInt64>, _ i: Int) -> UInt64 {
        let behind = (old[i] &<< 1) | (old[i &- 1] &>> 63)
        return (old[i] & ahead(old, i)) | (~old[i] & behind)
    }

    // Not inlined: inlined into the chunk loop, LLVM forwards loads across
    // iterations and then gives up vectorising.
    @inline(never)
    private func stepWords(_ old: UnsafePointer<UInt64>, _ new: UnsafeMutablePointer<UInt64>,
                           _ from: Int, _ to: Int) {
        var i = from
        while i < to {
            new[i] = PackedBlock.next(old, i)
            i &+= 1
        }
    }

    @inline(never)
    private func stepWordsCountingMoves(_ old: UnsafePointer<UInt64>, _ new: UnsafeMutablePointer<UInt64>,
                                        _ from: Int, _ to: Int) -> Int {
        var moved = 0
        var i = from
        while i < to {
            new[i] = PackedBlock.next(old, i)
            moved &+= PackedBlock.moved(old, i).nonzeroBitCount
            i &+= 1
        }
        return moved
    }
}
