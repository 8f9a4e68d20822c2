// The bit-packed road (issue 7): 64 cells per word, several iterations per
// halo refresh, each chunk iterated in cache as strips side by side (rule 184
// as three vector operations).

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
    /// Temporal blocking: a chunk and its halo words are staged here...
    let ping: UnsafeMutablePointer<UInt64>
    /// ...and iterated here, as strips...
    let pong: UnsafeMutablePointer<UInt64>
    /// ...and the original words left of the next chunk, which the current
    /// chunk overwrites before that chunk reads them.
    let carry: UnsafeMutablePointer<UInt64>
    /// Own words per chunk, whole strips.
    let chunkWords: Int

    /// Most own words per temporally blocked chunk: its strips with their
    /// halos (288 KiB at depth 512) stay in L2, and the halos add 6% to the
    /// work (3% at depth 256); with two iterations per pass, 16 K to 256 K
    /// measured the same within the noise.
    public static let defaultChunkWords = 32768

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
        pong = ping + layout.stagedWords
        carry = pong + layout.stripWords
    }

    /// The bytes a block takes (SPEC 4.2's rule adds them up).
    public static func bytes(cells: Int, depth: Int, chunkWords: Int = defaultChunkWords) -> Int {
        Memory.bytes(Layout(cells: cells, depth: depth, chunkWords: chunkWords).words, of: 8)
    }

    /// Where the parts of a block lie in its one allocation, in words.
    private struct Layout {
        let haloWords, ownWords, chunkWords, storageWords, stagedWords, stripWords: Int

        init(cells: Int, depth: Int, chunkWords: Int) {
            precondition(cells >= 1 && depth >= 1 && chunkWords >= 1)
            haloWords = (depth + 63) / 64
            ownWords = (cells - 1) / 64 + 1  // no overflow near Int.max
            // Chunks of equal size, so that the last one, which may be
            // partly past the own cells and counts them under masks, is
            // not left with most of a chunk.
            let chunks = (ownWords + chunkWords - 1) / chunkWords
            self.chunkWords = PackedBlock.wholeStrips((ownWords + chunks - 1) / chunks)
            // One spare word past the right halo: loadBits reads a word pair.
            // Whole 64-byte lines for each part, so that the strips are aligned.
            storageWords = PackedBlock.wholeLines(2 * haloWords + ownWords + 1)
            (stagedWords, stripWords) = PackedBlock.scratchWords(chunkWords: self.chunkWords, haloWords: haloWords)
        }

        /// The storage, the staged chunk, the strips and the carry.
        var words: Int { storageWords + stagedWords + stripWords + haloWords }
    }

    /// The given cells (1 for a car, 0 for empty).
    public convenience init?(cells: [UInt8], depth: Int, chunkWords: Int = defaultChunkWords) {
        self.init(cells: cells.count, depth: depth, chunkWords: chunkWords)
        pack { cells.forEach($0) }
    }

    /// Sets the cells to cells `start ..< start + cells` of the random road,
    /// drawn straight into the words.
    public func fill(from road: RandomRoad, start: Int) {
        road.pack(into: words + haloWords, start: start, count: cells)
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
        adviseHugePages(raw, bytes: bytes)
        memset(raw, 0, bytes)
        return raw.bindMemory(to: UInt64.self, capacity: words)
    }

    /// Asks Linux for 2 MiB pages over the whole pages of an allocation before
    /// its first touch: a big road then faults in 512 times less often (the
    /// first touch of 375 MB took 0.07 s instead of 0.4 s here). Only a hint:
    /// where transparent huge pages are off, nothing changes.
    private static func adviseHugePages(_ raw: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let page = 4096
        let first = (Int(bitPattern: raw) + page - 1) / page * page
        let end = (Int(bitPattern: raw) + bytes) / page * page
        if end > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, MADV_HUGEPAGE) }
        #endif
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

    /// A vector of strips: bit i of lane g is strip 64 g + i (AVX2's 256 bits).
    typealias Strips = SIMD4<UInt64>
    static let lanes = Strips.scalarCount
    /// Strips per chunk, one per bit of a vector.
    static let stripCount = 64 * lanes

    /// Words rounded up to whole strips (a multiple of `stripCount` words):
    /// a chunk of them is `stripCount` strips of 64 * words / stripCount cells.
    static func wholeStrips(_ words: Int) -> Int { (words + stripCount - 1) / stripCount * stripCount }

    /// The words a chunk's staged copy and its strips take.
    static func scratchWords(chunkWords: Int, haloWords: Int) -> (staged: Int, strips: Int) {
        let shape = StripShape(chunkWords: chunkWords, haloWords: haloWords)
        return (wholeLines(chunkWords + 2 * haloWords), shape.positions * lanes)
    }

    /// Runs `iterations` (1...depth) iterations on halos filled since the last
    /// advance, writing the moves of each iteration in the own cells to
    /// `moves[0 ..< iterations]`. Afterwards only the own cells are valid.
    public func advance(iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        precondition(iterations >= 1 && iterations <= depth, "iterations beyond the halo depth")
        // A chunk needs one halo cell per iteration on each side: whole words.
        let chunkHalo = (iterations + 63) / 64
        moves.update(repeating: 0, count: iterations)
        carry.update(from: words + haloWords - chunkHalo, count: chunkHalo)
        for start in stride(from: 0, to: ownWords, by: chunkWords) {
            advanceChunk(start, halo: chunkHalo, iterations: iterations, moves: moves)
        }
    }

    /// A chunk as strips: `stripCount` strips of `length` consecutive cells
    /// side by side, strip s being cells s * length ..< (s + 1) * length of
    /// the chunk, so that a cell's neighbours are the same bit of the vectors
    /// before and after it. Each strip reaches `halo` cells further on either
    /// side (into its neighbours), so the strips exchange nothing within a
    /// batch: garbage creeps in one position per iteration from their ends.
    struct StripShape {
        let length: Int, halo: Int
        var positions: Int { length + 2 * halo }

        init(chunkWords: Int, haloWords: Int) {
            (length, halo) = (64 * chunkWords / PackedBlock.stripCount, 64 * haloWords)
        }
    }

    /// Own words `start ..<` (a whole chunk, or what is left) with `halo`
    /// words each side, iterated as strips.
    private func advanceChunk(_ start: Int, halo: Int, iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        let own = words + haloWords
        // The last chunk: whole strips over what is left.
        let count = min(chunkWords, ownWords - start), chunk = PackedBlock.wholeStrips(count)
        // Staged: the carry, then the own words and the right halo as far as
        // they go (the storage has haloWords + 1 words past the own ones), then zeros.
        let present = min(chunk + halo, ownWords + haloWords + 1 - start)
        ping.update(from: carry, count: halo)
        (ping + halo).update(from: own + start, count: present)
        (ping + halo + present).update(repeating: 0, count: chunk + halo - present)
        carry.update(from: ping + chunk, count: halo)

        let shape = StripShape(chunkWords: chunk, haloWords: halo)
        pong.withMemoryRebound(to: Strips.self, capacity: shape.positions) { v in
            PackedBlock.transposeIn(ping, to: v, shape)
            // Cells past the last own one are not counted: strip s position p
            // is chunk cell s * length + p.
            let ownCells = min(cells - 64 * start, 64 * chunk)
            let (full, split) = ownCells.quotientAndRemainder(dividingBy: shape.length)
            let counted = shape.halo ..< shape.halo + shape.length, mid = shape.halo + split
            let fullChunk = ownCells == 64 * chunk
            var t = 1
            while t <= iterations {
                // Iteration t sweeps positions t ..< positions - t, counting `counted`.
                var moved = v[t - 1] & ~v[t]  // the cars moving at t - 1
                if t + 1 <= iterations && t + 2 <= shape.halo {
                    // Iteration t alone at t and t + 1, then both in one wavefront.
                    var w = v[t]
                    _ = PackedBlock.step(v, t, &moved, &w)
                    _ = PackedBlock.step(v, t + 1, &moved, &w)
                    var wave = Wave(moved: moved, here: w, moved2: v[t] & ~v[t + 1], here2: v[t + 1])
                    PackedBlock.sweepTwo(v, t + 2 ..< counted.lowerBound, &wave)
                    let (first, second) = fullChunk
                        ? PackedBlock.sweepTwoCounting(v, counted, &wave)
                        : PackedBlock.sweepTwoCounting(v, counted, &wave, masks: (firstStrips(full + 1), firstStrips(full)),
                                                       mid: mid)
                    PackedBlock.sweepTwo(v, counted.upperBound + 1 ..< shape.positions - t, &wave)
                    moves[t - 1] &+= Int64(first)
                    moves[t] &+= Int64(second)
                    t += 2
                    continue
                }
                PackedBlock.sweep(v, t ..< counted.lowerBound, &moved)
                let count = fullChunk
                    ? PackedBlock.sweepCounting(v, counted, &moved, mask: Strips(repeating: ~0))
                    : PackedBlock.sweepCounting(v, counted.lowerBound ..< mid, &moved, mask: firstStrips(full + 1))
                        + PackedBlock.sweepCounting(v, mid ..< counted.upperBound, &moved, mask: firstStrips(full))
                PackedBlock.sweep(v, counted.upperBound ..< shape.positions - t, &moved)
                moves[t - 1] &+= Int64(count)
                t += 1
            }
            PackedBlock.transposeOut(v, to: own + start, count: count, shape)
        }
    }

    /// The first `count` strips' bits set.
    private func firstStrips(_ count: Int) -> Strips {
        var mask = Strips()
        for g in 0..<PackedBlock.lanes { mask[g] = PackedBlock.lowBits(max(0, count - 64 * g)) }
        return mask
    }

    /// Staged words into strips: row s of the bit matrix is the staged bits
    /// s * length ..< s * length + positions, and strip position p is its
    /// column p, transposed 64 x 64 at a time.
    private static func transposeIn(_ staged: UnsafePointer<UInt64>, to v: UnsafeMutablePointer<Strips>,
                                    _ shape: StripShape) {
        let rowWords = shape.length / 64
        withUnsafeTemporaryAllocation(of: Strips.self, capacity: 64) { x in
            for c in 0 ..< shape.positions / 64 {
                for i in 0..<64 {
                    for g in 0..<lanes { x[i][g] = staged[(64 * g + i) * rowWords + c] }
                }
                transpose64(x.baseAddress!)
                (v + 64 * c).update(from: x.baseAddress!, count: 64)
            }
        }
    }

    /// The strips' own positions back into own words `0 ..< count` of the
    /// chunk (the last chunk writes only the words it owns).
    private static func transposeOut(_ v: UnsafePointer<Strips>, to own: UnsafeMutablePointer<UInt64>, count: Int,
                                     _ shape: StripShape) {
        let rowWords = shape.length / 64
        withUnsafeTemporaryAllocation(of: Strips.self, capacity: 64) { x in
            for c in 0..<rowWords {
                x.baseAddress!.update(from: v + shape.halo + 64 * c, count: 64)
                transpose64(x.baseAddress!)
                for i in 0..<64 {
                    for g in 0..<lanes where (64 * g + i) * rowWords + c < count {
                        own[(64 * g + i) * rowWords + c] = x[i][g]
                    }
                }
            }
        }
    }

    /// Transposes `lanes` 64 x 64 bit matrices at once, one per lane: bit j
    /// of x[i] trades places with bit i of x[j] (six rounds of block swaps,
    /// from halves down to single bits).
    static func transpose64(_ x: UnsafeMutablePointer<Strips>) {
        swapBlocks(x, 32, 0x0000_0000_FFFF_FFFF)
        swapBlocks(x, 16, 0x0000_FFFF_0000_FFFF)
        swapBlocks(x, 8, 0x00FF_00FF_00FF_00FF)
        swapBlocks(x, 4, 0x0F0F_0F0F_0F0F_0F0F)
        swapBlocks(x, 2, 0x3333_3333_3333_3333)
        swapBlocks(x, 1, 0x5555_5555_5555_5555)
    }

    /// One round of the transpose: the high `j` bits (of each 2j) of rows k
    /// trade places with the low bits of rows k + j.
    @inline(__always)
    private static func swapBlocks(_ x: UnsafeMutablePointer<Strips>, _ j: Int, _ mask: UInt64) {
        let m = Strips(repeating: mask), shift = UInt64(j)
        for base in stride(from: 0, to: 64, by: 2 * j) {
            for k in base ..< base + j {
                let t = ((x[k] &>> shift) ^ x[k + j]) & m
                x[k + j] ^= t
                x[k] ^= t &<< shift
            }
        }
    }

    /// Rule 184 at one strip position, from the cars that move: the cells
    /// behind and ahead are the same bits of the vectors before and after. A
    /// car moves when the cell ahead is empty; a cell changes when its car
    /// moves out or the car behind moves in, never both (a car moves only
    /// into an empty cell). `here` and `ahead` are the old vectors at p and
    /// p + 1, `moved` holds the cars moving at p - 1 and moves on to those at
    /// p. Returns the new vector at p and sets `changed` to the cars moving
    /// out of p - 1 or p: never the same strip, so their union counts both.
    /// Three operations.
    @inline(__always)
    static func rule184(_ here: Strips, _ ahead: Strips, _ moved: inout Strips, _ changed: inout Strips) -> Strips {
        let out = here & ~ahead
        changed = out ^ moved
        moved = out
        return here ^ changed
    }

    /// One iteration at position p, in place: `w` holds the old vector at p
    /// and moves on one position; returns the cars moving out of p - 1 or p.
    @inline(__always)
    static func step(_ v: UnsafeMutablePointer<Strips>, _ p: Int, _ moved: inout Strips, _ w: inout Strips) -> Strips {
        let ahead = v[p &+ 1]
        var changed = Strips()
        v[p] = rule184(w, ahead, &moved, &changed)
        w = ahead
        return changed
    }

    /// Two positions from p; returns the cars moving out of either.
    @inline(__always)
    static func stepPair(_ v: UnsafeMutablePointer<Strips>, _ p: Int, _ moved: inout Strips,
                         _ w: inout Strips) -> Strips {
        _ = step(v, p, &moved, &w)
        return step(v, p &+ 1, &moved, &w)
    }

    /// One iteration of `positions`; `moved` holds the cars moving before
    /// them, and on return those at their last.
    @inline(__always)
    static func sweep(_ v: UnsafeMutablePointer<Strips>, _ positions: Range<Int>, _ moved: inout Strips) {
        var w = v[positions.lowerBound]
        for p in positions { _ = step(v, p, &moved, &w) }
    }

    /// Carry-save adder: a + b + c = 2 high + low, bit by bit.
    @inline(__always)
    static func csa(_ a: Strips, _ b: Strips, _ c: Strips) -> (high: Strips, low: Strips) {
        let u = a ^ b
        return ((a & b) | (u & c), u ^ c)
    }

    /// The cars in a vector of strips, lane by lane on the integer units.
    @inline(__always)
    static func popcount(_ x: Strips) -> Int {
        x[0].nonzeroBitCount &+ x[1].nonzeroBitCount &+ x[2].nonzeroBitCount &+ x[3].nonzeroBitCount
    }

    /// Moving cars summed bit-sliced through carry-save adders (Harley-Seal):
    /// pairs go into the ones, which carry into the twos, the fours and the
    /// eights; the sixteens carried out of those are popcounted.
    struct Counter {
        var ones = Strips(), twos = Strips(), fours = Strips(), eights = Strips()

        /// Adds four vectors of moving cars; returns the fours carried out.
        @inline(__always)
        mutating func add(_ p0: Strips, _ p1: Strips, _ p2: Strips, _ p3: Strips) -> Strips {
            let twosA: Strips, twosB: Strips, carried: Strips
            (twosA, ones) = PackedBlock.csa(ones, p0, p1)
            (twosB, ones) = PackedBlock.csa(ones, p2, p3)
            (carried, twos) = PackedBlock.csa(twos, twosA, twosB)
            return carried
        }

        /// Adds two fours carried out; returns the eights carried out.
        @inline(__always)
        mutating func addFours(_ a: Strips, _ b: Strips) -> Strips {
            let carried: Strips
            (carried, fours) = PackedBlock.csa(fours, a, b)
            return carried
        }

        /// Adds two eights carried out; returns the sixteens carried out.
        @inline(__always)
        mutating func addEights(_ a: Strips, _ b: Strips) -> Strips {
            let carried: Strips
            (carried, eights) = PackedBlock.csa(eights, a, b)
            return carried
        }

        var total: Int {
            8 &* PackedBlock.popcount(eights) &+ 4 &* PackedBlock.popcount(fours)
                &+ 2 &* PackedBlock.popcount(twos) &+ PackedBlock.popcount(ones)
        }
    }

    /// `sweep`, also counting the cars that move under `mask`: sixteen
    /// positions make eight pairs. Inlined, so that an all-ones mask costs
    /// nothing.
    @inline(__always)
    static func sweepCounting(_ v: UnsafeMutablePointer<Strips>, _ positions: Range<Int>, _ moved: inout Strips,
                              mask: Strips) -> Int {
        var w = v[positions.lowerBound]
        var counter = Counter(), eights = 0, p = positions.lowerBound
        while p &+ 16 <= positions.upperBound {
            let foursA = counter.add(stepPair(v, p, &moved, &w) & mask, stepPair(v, p &+ 2, &moved, &w) & mask,
                                     stepPair(v, p &+ 4, &moved, &w) & mask, stepPair(v, p &+ 6, &moved, &w) & mask)
            let foursB = counter.add(stepPair(v, p &+ 8, &moved, &w) & mask, stepPair(v, p &+ 10, &moved, &w) & mask,
                                     stepPair(v, p &+ 12, &moved, &w) & mask, stepPair(v, p &+ 14, &moved, &w) & mask)
            eights &+= popcount(counter.addFours(foursA, foursB))
            p &+= 16
        }
        var rest = 0
        while p < positions.upperBound {
            _ = step(v, p, &moved, &w)
            rest &+= popcount(moved & mask)
            p &+= 1
        }
        return 8 &* eights &+ counter.total &+ rest
    }

    /// Two iterations in one pass (a wavefront): the first at p, the second
    /// at p - 1 from the first's vectors, which stay in registers, so that
    /// the strips are loaded and stored once per two iterations.
    struct Wave {
        /// The first iteration's cars moving at p - 1, and its old vector at p.
        var moved, here: Strips
        /// The second's cars moving at p - 2, and the first's vector at p - 1.
        var moved2, here2: Strips
    }

    /// The wavefront at p; returns each iteration's cars moving out of the
    /// position it is at or the one before.
    @inline(__always)
    static func stepTwo(_ v: UnsafeMutablePointer<Strips>, _ p: Int, _ wave: inout Wave) -> (Strips, Strips) {
        let ahead = v[p &+ 1]
        var changed = Strips(), changed2 = Strips()
        let first = rule184(wave.here, ahead, &wave.moved, &changed)
        wave.here = ahead
        v[p &- 1] = rule184(wave.here2, first, &wave.moved2, &changed2)
        wave.here2 = first
        return (changed, changed2)
    }

    @inline(__always)
    static func sweepTwo(_ v: UnsafeMutablePointer<Strips>, _ positions: Range<Int>, _ wave: inout Wave) {
        for p in positions { _ = stepTwo(v, p, &wave) }
    }

    /// The wavefront at p ..< p + 8, its pairs (at p, p + 2, p + 4 and
    /// p + 6) under `mask` added to each iteration's counter; returns the
    /// fours carried out of each.
    @inline(__always)
    static func addEight(_ v: UnsafeMutablePointer<Strips>, _ p: Int, _ wave: inout Wave, mask: Strips,
                         _ counter: inout Counter, _ counter2: inout Counter) -> (Strips, Strips) {
        let (pair0, pair0b) = stepTwo(v, p, &wave)
        _ = stepTwo(v, p &+ 1, &wave)
        let (pair1, pair1b) = stepTwo(v, p &+ 2, &wave)
        _ = stepTwo(v, p &+ 3, &wave)
        let (pair2, pair2b) = stepTwo(v, p &+ 4, &wave)
        _ = stepTwo(v, p &+ 5, &wave)
        let (pair3, pair3b) = stepTwo(v, p &+ 6, &wave)
        _ = stepTwo(v, p &+ 7, &wave)
        return (counter.add(pair0 & mask, pair1 & mask, pair2 & mask, pair3 & mask),
                counter2.add(pair0b & mask, pair1b & mask, pair2b & mask, pair3b & mask))
    }

    /// The wavefront at p ..< p + 32 through `addEight`; returns the
    /// sixteens carried out of both counters, the second's in the high half
    /// (each count is under 2 * chunkWords): LLVM turns two sums side by
    /// side into slow vector popcounts.
    @inline(__always)
    static func addThirtyTwo(_ v: UnsafeMutablePointer<Strips>, _ p: Int, _ wave: inout Wave, mask: Strips,
                             _ counter: inout Counter, _ counter2: inout Counter) -> Int {
        let (foursA, foursAb) = addEight(v, p, &wave, mask: mask, &counter, &counter2)
        let (foursB, foursBb) = addEight(v, p &+ 8, &wave, mask: mask, &counter, &counter2)
        let eightsA = counter.addFours(foursA, foursB), eightsAb = counter2.addFours(foursAb, foursBb)
        let (foursC, foursCb) = addEight(v, p &+ 16, &wave, mask: mask, &counter, &counter2)
        let (foursD, foursDb) = addEight(v, p &+ 24, &wave, mask: mask, &counter, &counter2)
        let eightsB = counter.addFours(foursC, foursD), eightsBb = counter2.addFours(foursCb, foursDb)
        return popcount(counter.addEights(eightsA, eightsB)) &+ popcount(counter2.addEights(eightsAb, eightsBb)) &<< 32
    }

    /// `sweepTwo` over the counted `positions` (a multiple of 32) and one
    /// more, returning each iteration's moving cars there. The second
    /// iteration's pairs lag one position: its count drops the cars moving
    /// before the first position and takes those at the last. (The masked
    /// form below does the same with all-ones masks, but LLVM schedules
    /// that shape into a loop three times slower.)
    @inline(__always)
    static func sweepTwoCounting(_ v: UnsafeMutablePointer<Strips>, _ positions: Range<Int>,
                                 _ wave: inout Wave) -> (Int, Int) {
        let all = Strips(repeating: ~0)
        var counter = Counter(), counter2 = Counter(), sixteens = 0, dropped = 0, p = positions.lowerBound
        while p < positions.upperBound {
            if p == positions.lowerBound {
                _ = stepTwo(v, p, &wave)
                dropped = popcount(wave.moved2)
            }
            sixteens &+= addThirtyTwo(v, p &+ 1, &wave, mask: all, &counter, &counter2)
            p &+= 32
        }
        return (16 &* (sixteens & 0xFFFF_FFFF) &+ counter.total,
                16 &* (sixteens &>> 32) &+ counter2.total &- dropped &+ popcount(wave.moved2))
    }

    /// `sweepTwoCounting` for a chunk partly past the own cells: the cars
    /// are counted under `masks.low` before `mid` and `masks.high` from it.
    /// After the step at p, `wave` holds the first iteration's cars moving
    /// at p and the second's at p - 1; single steps count those, and blocks
    /// of 32 steps from s count the same through pairs one position behind
    /// (s - 1 ..< s + 31 and s - 2 ..< s + 30), put right on entering and
    /// leaving a run of blocks. Blocks run where one mask covers them.
    static func sweepTwoCounting(_ v: UnsafeMutablePointer<Strips>, _ positions: Range<Int>, _ wave: inout Wave,
                                 masks: (low: Strips, high: Strips), mid: Int) -> (Int, Int) {
        let (first, last) = (positions.lowerBound, positions.upperBound)
        var counter = Counter(), counter2 = Counter(), sixteens = 0, count = 0, count2 = 0, p = first
        func maskAt(_ q: Int) -> Strips { q < mid ? masks.low : masks.high }
        func single() {
            _ = stepTwo(v, p, &wave)
            if p < last { count &+= popcount(wave.moved & maskAt(p)) }
            if p > first { count2 &+= popcount(wave.moved2 & maskAt(p &- 1)) }
            p &+= 1
        }
        // Blocks while their positions, p - 2 up to the last one's end, keep one mask.
        func blocks(until end: Int) {
            guard p &+ 32 <= end else { return }
            let mask = maskAt(p &- 2)
            count &-= popcount(wave.moved & mask)
            count2 &-= popcount(wave.moved2 & mask)
            while p &+ 32 <= end {
                sixteens &+= addThirtyTwo(v, p, &wave, mask: mask, &counter, &counter2)
                p &+= 32
            }
            count &+= popcount(wave.moved & mask)
            count2 &+= popcount(wave.moved2 & mask)
        }
        single()
        blocks(until: min(mid, last))
        while p <= last && p &- 2 < mid { single() }
        blocks(until: last)
        while p <= last { single() }
        return (16 &* (sixteens & 0xFFFF_FFFF) &+ counter.total &+ count,
                16 &* (sixteens &>> 32) &+ counter2.total &+ count2)
    }
}
