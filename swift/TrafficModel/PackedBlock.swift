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
    /// L1-sized buffers (with spare words at both ends, read as neighbours and
    /// never written)...
    let ping: UnsafeMutablePointer<UInt64>
    let pong: UnsafeMutablePointer<UInt64>
    /// ...and the original words left of the next chunk, which the current
    /// chunk overwrites before that chunk reads them.
    let carry: UnsafeMutablePointer<UInt64>
    let chunkWords: Int

    /// Own words per temporally blocked chunk: ping and pong together fill
    /// about 2/3 of a 48 KiB L1 data cache.
    public static let defaultChunkWords = 2048

    /// An empty block of `cells` cells, nil when the memory cannot be
    /// allocated.
    public init?(cells: Int, depth: Int, chunkWords: Int = defaultChunkWords) {
        let layout = Layout(cells: cells, depth: depth, chunkWords: chunkWords)
        self.cells = cells
        self.depth = depth
        (haloWords, ownWords, self.chunkWords) = (layout.haloWords, layout.ownWords, layout.chunkWords)
        guard let base = PackedBlock.allocateZeroed(words: layout.words) else { return nil }
        words = base
        ping = base + layout.storageWords
        pong = ping + layout.bufferWords
        carry = pong + layout.bufferWords
    }

    /// The bytes a block takes (SPEC 4.2's rule adds them up).
    public static func bytes(cells: Int, depth: Int, chunkWords: Int = defaultChunkWords) -> Int {
        Memory.bytes(Layout(cells: cells, depth: depth, chunkWords: chunkWords).words, of: 8)
    }

    /// Where the parts of a block lie in its one allocation, in words.
    private struct Layout {
        let haloWords, ownWords, chunkWords, storageWords, bufferWords: Int

        init(cells: Int, depth: Int, chunkWords: Int) {
            precondition(cells >= 1 && depth >= 1 && chunkWords >= 1)
            haloWords = (depth + 63) / 64
            ownWords = (cells - 1) / 64 + 1  // no overflow near Int.max
            self.chunkWords = min(chunkWords, ownWords)
            // One spare word past the right halo: loadBits reads a word pair.
            // Whole 64-byte lines for each part, so that the chunk buffers are aligned.
            storageWords = PackedBlock.wholeLines(2 * haloWords + ownWords + 1)
            bufferWords = PackedBlock.wholeLines(self.chunkWords + 2 * haloWords + PackedBlock.lineWords * 2)
        }

        /// The storage, the two chunk buffers and the carry.
        var words: Int { storageWords + 2 * bufferWords + haloWords }
    }

    /// The given cells (1 for a car, 0 for empty).
    public convenience init?(cells: [UInt8], depth: Int, chunkWords: Int = defaultChunkWords) {
        self.init(cells: cells.count, depth: depth, chunkWords: chunkWords)
        pack { cells.forEach($0) }
    }

    /// Sets the cells to cells `start ..< start + cells` of the random road.
    public func fill(from road: RandomRoad, start: Int) {
        pack { road.forEachCell(start: start, count: cells, $0) }
    }

    deinit { free(words) }

    /// Words per 64-byte cache line (one AVX-512 vector).
    static let lineWords = 8

    static func wholeLines(_ words: Int) -> Int { (words + lineWords - 1) / lineWords * lineWords }

    private static func allocateZeroed(words: Int) -> UnsafeMutablePointer<UInt64>? {
        let (bytes, overflow) = words.multipliedReportingOverflow(by: 8)
        var raw: UnsafeMutableRawPointer?
        // 64-byte alignment: whole AVX-512 vectors.
        guard !overflow, posix_memalign(&raw, 64, bytes) == 0, let raw else { return nil }
        memset(raw, 0, bytes)
        return raw.bindMemory(to: UInt64.self, capacity: words)
    }

    /// Sets the cells to the values (1 for a car, 0 for empty) that
    /// `forEachCell` passes to its argument, once per cell and in order.
    private func pack(_ forEachCell: ((UInt8) -> Void) -> Void) {
        let own = words + haloWords
        var cell = 0
        var word: UInt64 = 0
        forEachCell { car in
            word |= UInt64(car & 1) << UInt64(cell & 63)
            cell += 1
            if cell & 63 == 0 {
                own[(cell >> 6) - 1] = word
                word = 0
            }
        }
        precondition(cell == cells, "forEachCell gave \(cell) cells, not \(cells)")
        if cell & 63 != 0 { own[cell >> 6] = word }
    }

    // MARK: Cells

    /// Bit position of cell `cell` (negative for the left halo).
    @inline(__always)
    private func bit(_ cell: Int) -> Int { 64 * haloWords + cell }

    /// The low `count` bits set, all 64 from 64 up (a smart shift gives 0).
    @inline(__always)
    static func lowBits(_ count: Int) -> UInt64 { (1 << UInt64(count)) &- 1 }

    /// The valid bits of own word `w`: all but the top of the last word.
    @inline(__always)
    private func ownMask(_ w: Int) -> UInt64 { PackedBlock.lowBits(cells - 64 * w) }

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
        let mask = PackedBlock.lowBits(count)
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
    public func cars() -> Int {
        let own = words + haloWords
        return (0..<ownWords).reduce(0) { $0 + (own[$1] & ownMask($1)).nonzeroBitCount }
    }

    /// Sum of the 1-based global positions of the cars in the own cells,
    /// exact: own cell `j` is global position `offset + j + 1`.
    public func checksum(offset: Int) -> UInt128 {
        let own = words + haloWords
        return exactPositionSum(units: ownWords, cellsPerUnit: 64, firstPosition: offset + 1) { range in
            var cars = 0, distances = 0
            for w in range {
                let word = own[w] & ownMask(w)
                cars &+= word.nonzeroBitCount
                distances &+= word.nonzeroBitCount &* 64 &* (w &- range.lowerBound) &+ PackedBlock.bitIndexSum(word)
            }
            return (cars, distances)
        }
    }

    /// The bits whose index has bit k set, for k = 0 ..< 6.
    private static let indexBits: [UInt64] = [
        0xAAAA_AAAA_AAAA_AAAA, 0xCCCC_CCCC_CCCC_CCCC, 0xF0F0_F0F0_F0F0_F0F0,
        0xFF00_FF00_FF00_FF00, 0xFFFF_0000_FFFF_0000, 0xFFFF_FFFF_0000_0000,
    ]

    /// Sum of the indices of the set bits of `word`: bit k of an index adds
    /// 2^k for every set bit whose index has it.
    static func bitIndexSum(_ word: UInt64) -> Int {
        indexBits.indices.reduce(0) { $0 + (word & indexBits[$1]).nonzeroBitCount << $1 }
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
            out[w] = loadBits(at: bit(first + 64 * w)) & PackedBlock.lowBits(depth - 64 * w)
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
        // The chunk's first own word on a line boundary: aligned loads and
        // stores for the middle word; at least one spare word before the halo.
        let lead = PackedBlock.lineWords - halo % PackedBlock.lineWords
        var src = ping + lead, dst = pong + lead
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
            let uncounted = PackedBlock.rule(src[tailWord - 1], src[tailWord], src[tailWord + 1]).moved & tail
            moves[s] &+= Int64(moved &- uncounted.nonzeroBitCount)
            swap(&src, &dst)
        }
        (own + start).update(from: src + halo, count: count)
    }

    /// Rule 184 on a word `w` between the words `before` and `after`: the new
    /// word, and the bits of the cars that move. The neighbour words shift in
    /// one cell each (funnel shifts).
    @inline(__always)
    static func rule(_ before: UInt64, _ w: UInt64, _ after: UInt64) -> (new: UInt64, moved: UInt64) {
        let ahead = (w &>> 1) | (after &<< 63)
        let behind = (w &<< 1) | (before &>> 63)
        // A car stays if the cell ahead is full, an empty cell takes the car behind.
        return ((w & ahead) | (~w & behind), w & ~ahead)
    }

    // One vectorised loop per call; a call costs nothing against a chunk.
    @inline(never)
    private func stepWords(_ old: UnsafePointer<UInt64>, _ new: UnsafeMutablePointer<UInt64>,
                           _ from: Int, _ to: Int) {
        var i = from
        while i < to {
            new[i] = PackedBlock.rule(old[i &- 1], old[i], old[i &+ 1]).new
            i &+= 1
        }
    }

    @inline(never)
    private func stepWordsCountingMoves(_ old: UnsafePointer<UInt64>, _ new: UnsafeMutablePointer<UInt64>,
                                        _ from: Int, _ to: Int) -> Int {
        var moved = 0
        var i = from
        while i < to {
            let (word, movedBits) = PackedBlock.rule(old[i &- 1], old[i], old[i &+ 1])
            new[i] = word
            moved &+= movedBits.nonzeroBitCount
            i &+= 1
        }
        return moved
    }
}
