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
    /// Own words per chunk (the last may have fewer), and the chunk's shape
    /// as strips: `stripWords` words (64 cells) each, the first and last
    /// `haloStrips` of them holding its halos.
    let chunkWords, stripWords, haloStrips: Int

    /// Most own words per temporally blocked chunk: 254 strips of 8,192
    /// cells, which with their two halo strips (256 KiB) stay in L2.
    public static let defaultChunkWords = 32512

    /// An empty block of `cells` cells, nil when the memory cannot be
    /// allocated.
    public init?(cells: Int, depth: Int, chunkWords: Int = defaultChunkWords) {
        let layout = Layout(cells: cells, depth: depth, chunkWords: chunkWords)
        self.cells = cells
        self.depth = depth
        (haloWords, ownWords) = (layout.haloWords, layout.ownWords)
        (self.chunkWords, stripWords, haloStrips) = (layout.chunkWords, layout.stripWords, layout.haloStrips)
        guard let base = PackedBlock.allocateZeroed(words: layout.words) else { return nil }
        words = base
        ping = base + layout.storageWords
        pong = ping + layout.stagedWords
        carry = pong + layout.stripVectorWords
    }

    /// The bytes a block takes (SPEC 4.2's rule adds them up).
    public static func bytes(cells: Int, depth: Int, chunkWords: Int = defaultChunkWords) -> Int {
        Memory.bytes(Layout(cells: cells, depth: depth, chunkWords: chunkWords).words, of: 8)
    }

    /// Where the parts of a block lie in its one allocation, in words.
    private struct Layout {
        let haloWords, ownWords, chunkWords, stripWords, haloStrips, storageWords: Int

        init(cells: Int, depth: Int, chunkWords: Int) {
            precondition(cells >= 1 && depth >= 1 && chunkWords >= 1)
            haloWords = (depth + 63) / 64
            ownWords = (cells - 1) / 64 + 1  // no overflow near Int.max
            // Chunks of about equal size, so that the last one, which may be
            // partly past the own cells and counts them under masks, is not
            // left with most of a chunk.
            let chunks = (ownWords + chunkWords - 1) / chunkWords
            (stripWords, haloStrips) = Layout.strips(own: (ownWords + chunks - 1) / chunks, haloWords: haloWords)
            self.chunkWords = min(chunkWords, (PackedBlock.stripCount - 2 * haloStrips) * stripWords)
            // One spare word past the right halo: loadBits reads a word pair.
            // Whole 64-byte lines for each part, so that the strips are aligned.
            storageWords = PackedBlock.wholeLines(2 * haloWords + ownWords + 1)
        }

        /// The fewest words per strip whose strips hold `own` words with
        /// `haloWords` words of halo either side, and the strips the halos take.
        static func strips(own: Int, haloWords: Int) -> (words: Int, halo: Int) {
            var words = 1
            while true {
                let halo = (haloWords + words - 1) / words
                if PackedBlock.stripCount > 2 * halo && (PackedBlock.stripCount - 2 * halo) * words >= own {
                    return (words, halo)
                }
                words += 1
            }
        }

        /// A chunk staged as words, then as strip vectors with one either
        /// side for the helix's ends.
        var stagedWords: Int { PackedBlock.stripCount * stripWords }
        var stripVectorWords: Int { PackedBlock.wholeLines((64 * stripWords + 2) * PackedBlock.lanes) }

        /// The storage, the staged chunk, the strips and the carry.
        var words: Int { storageWords + stagedWords + stripVectorWords + haloWords }
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

    static let lanes = Strips.scalarCount
    /// Strips per chunk, one per bit of a vector.
    static let stripCount = 64 * lanes

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

    /// Own words `start ..<` (a whole chunk, or what is left) with `halo`
    /// words each side, iterated as strips: `stripCount` strips of `length`
    /// consecutive cells side by side, strip s being staged cells
    /// s * length ..< (s + 1) * length, so that a cell's neighbours are the
    /// same bit of the vectors before and after it. The strips form one
    /// helix (strip s ends where strip s + 1 begins) whose two ends are the
    /// staged chunk's: garbage creeps in from there, one cell per iteration,
    /// into the halo strips only.
    private func advanceChunk(_ start: Int, halo: Int, iterations: Int, moves: UnsafeMutablePointer<Int64>) {
        let own = words + haloWords
        let count = min(chunkWords, ownWords - start), length = 64 * stripWords
        let stagedWords = PackedBlock.stripCount * stripWords, first = haloStrips * stripWords
        // Staged: zeros, the carry, then the own words and the right halo as
        // far as they go (the storage has haloWords + 1 words past the own
        // ones), then zeros.
        let present = min(stagedWords - first, ownWords + haloWords + 1 - start)
        ping.update(repeating: 0, count: first - halo)
        (ping + first - halo).update(from: carry, count: halo)
        (ping + first).update(from: own + start, count: present)
        (ping + first + present).update(repeating: 0, count: stagedWords - first - present)
        carry.update(from: ping + first + count - halo, count: halo)

        pong.withMemoryRebound(to: Strips.self, capacity: length + 2) { strips in
            let v = strips + 1
            PackedBlock.transposeIn(ping, to: v, rowWords: stripWords)
            // The own cells are the strip cells from haloStrips * length on,
            // ownCells of them.
            let ownCells = min(cells - 64 * start, 64 * count)
            let end = haloStrips * length + ownCells
            let masks = StripMasks(low: PackedBlock.strips(haloStrips ..< end / length + 1),
                                   high: PackedBlock.strips(haloStrips ..< end / length), mid: end % length)
            var t = 0
            while t + 2 <= iterations {
                let (first, second) = PackedBlock.passTwo(v, length: length, masks)
                moves[t] &+= Int64(first)
                moves[t + 1] &+= Int64(second)
                t += 2
            }
            if t < iterations { moves[t] &+= Int64(PackedBlock.passOne(v, length: length, masks)) }
            PackedBlock.transposeOut(v, to: own + start, count: count, rowWords: stripWords, haloStrips: haloStrips)
        }
    }

    /// Strips `range`'s bits set.
    static func strips(_ range: Range<Int>) -> Strips {
        var mask = Strips()
        for g in 0..<lanes {
            mask[g] = lowBits(max(0, range.upperBound - 64 * g)) & ~lowBits(max(0, range.lowerBound - 64 * g))
        }
        return mask
    }

    /// Staged words into strips: row s of the bit matrix is the staged words
    /// s * rowWords ..< (s + 1) * rowWords, and strip position p is its
    /// column p, transposed 64 x 64 at a time.
    private static func transposeIn(_ staged: UnsafePointer<UInt64>, to v: UnsafeMutablePointer<Strips>,
                                    rowWords: Int) {
        withUnsafeTemporaryAllocation(of: Strips.self, capacity: 64) { x in
            for c in 0..<rowWords {
                for i in 0..<64 {
                    for g in 0..<lanes { x[i][g] = staged[(64 * g + i) * rowWords + c] }
                }
                transpose64(x.baseAddress!)
                (v + 64 * c).update(from: x.baseAddress!, count: 64)
            }
        }
    }

    /// The own strips (all but the first and last `haloStrips`) back into own
    /// words `0 ..< count` of the chunk (the last chunk writes only the words
    /// it owns).
    private static func transposeOut(_ v: UnsafePointer<Strips>, to own: UnsafeMutablePointer<UInt64>, count: Int,
                                     rowWords: Int, haloStrips: Int) {
        let ownStrips = haloStrips ..< stripCount - haloStrips
        withUnsafeTemporaryAllocation(of: Strips.self, capacity: 64) { x in
            for c in 0..<rowWords {
                x.baseAddress!.update(from: v + 64 * c, count: 64)
                transpose64(x.baseAddress!)
                for i in 0..<64 {
                    for g in 0..<lanes where ownStrips.contains(64 * g + i) {
                        let w = (64 * g + i - haloStrips) * rowWords + c
                        if w < count { own[w] = x[i][g] }
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

        /// The cars counted in the strips under `mask`: each bit of the
        /// counters counts its own strip.
        func total(_ mask: Strips) -> Int {
            8 &* PackedBlock.popcount(eights & mask) &+ 4 &* PackedBlock.popcount(fours & mask)
                &+ 2 &* PackedBlock.popcount(twos & mask) &+ PackedBlock.popcount(ones & mask)
        }
    }

    /// One iteration of `positions`, returning the cars that move there
    /// under `mask`: sixteen positions make eight pairs. `moved` holds the
    /// cars moving before the positions, and on return those at the last.
    static func sweepCounting(_ v: UnsafeMutablePointer<Strips>, _ positions: Range<Int>, _ moved: inout Strips,
                              mask: Strips) -> Int {
        var w = v[positions.lowerBound]
        var counter = Counter(), eights = 0, p = positions.lowerBound
        while p &+ 16 <= positions.upperBound {
            let foursA = counter.add(stepPair(v, p, &moved, &w), stepPair(v, p &+ 2, &moved, &w),
                                     stepPair(v, p &+ 4, &moved, &w), stepPair(v, p &+ 6, &moved, &w))
            let foursB = counter.add(stepPair(v, p &+ 8, &moved, &w), stepPair(v, p &+ 10, &moved, &w),
                                     stepPair(v, p &+ 12, &moved, &w), stepPair(v, p &+ 14, &moved, &w))
            eights &+= popcount(counter.addFours(foursA, foursB) & mask)
            p &+= 16
        }
        var rest = 0
        while p < positions.upperBound {
            _ = step(v, p, &moved, &w)
            rest &+= popcount(moved & mask)
            p &+= 1
        }
        return 8 &* eights &+ counter.total(mask) &+ rest
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

    /// The wavefront at p ..< p + 8, its pairs (at p, p + 2, p + 4 and
    /// p + 6) added to each iteration's counter; returns the fours carried
    /// out of each.
    @inline(__always)
    static func addEight(_ v: UnsafeMutablePointer<Strips>, _ p: Int, _ wave: inout Wave,
                         _ counter: inout Counter, _ counter2: inout Counter) -> (Strips, Strips) {
        let (pair0, pair0b) = stepTwo(v, p, &wave)
        _ = stepTwo(v, p &+ 1, &wave)
        let (pair1, pair1b) = stepTwo(v, p &+ 2, &wave)
        _ = stepTwo(v, p &+ 3, &wave)
        let (pair2, pair2b) = stepTwo(v, p &+ 4, &wave)
        _ = stepTwo(v, p &+ 5, &wave)
        let (pair3, pair3b) = stepTwo(v, p &+ 6, &wave)
        _ = stepTwo(v, p &+ 7, &wave)
        return (counter.add(pair0, pair1, pair2, pair3), counter2.add(pair0b, pair1b, pair2b, pair3b))
    }

    /// The wavefront at p ..< p + 32 through `addEight`; returns the
    /// sixteens carried out of both counters under `mask`, the second's in
    /// the high half (each count is under 2 * chunkWords): LLVM turns two
    /// sums side by side into slow vector popcounts.
    @inline(__always)
    static func addThirtyTwo(_ v: UnsafeMutablePointer<Strips>, _ p: Int, _ wave: inout Wave, mask: Strips,
                             _ counter: inout Counter, _ counter2: inout Counter) -> Int {
        let (foursA, foursAb) = addEight(v, p, &wave, &counter, &counter2)
        let (foursB, foursBb) = addEight(v, p &+ 8, &wave, &counter, &counter2)
        let eightsA = counter.addFours(foursA, foursB), eightsAb = counter2.addFours(foursAb, foursBb)
        let (foursC, foursCb) = addEight(v, p &+ 16, &wave, &counter, &counter2)
        let (foursD, foursDb) = addEight(v, p &+ 24, &wave, &counter, &counter2)
        let eightsB = counter.addFours(foursC, foursD), eightsBb = counter2.addFours(foursCb, foursDb)
        return popcount(counter.addEights(eightsA, eightsB) & mask)
            &+ popcount(counter2.addEights(eightsAb, eightsBb) & mask) &<< 32
    }

    /// The strips counted at each position: `low` before `mid`, `high` from
    /// it (a chunk's own cells may end inside a strip).
    struct StripMasks {
        let low, high: Strips
        let mid: Int

        @inline(__always)
        func at(_ p: Int) -> Strips { p < mid ? low : high }
    }

    /// The vector before position 0 of the helix: the last one, each strip's
    /// bit from the strip before.
    @inline(__always)
    static func shiftUp(_ x: Strips) -> Strips {
        let carried = x.lanes &>> 63
        return x &<< 1 | Strips(lanes: SIMD4(0, carried[0], carried[1], carried[2]))
    }

    /// The vector after the last position: the first one, each strip's bit
    /// from the strip after.
    @inline(__always)
    static func shiftDown(_ x: Strips) -> Strips {
        let carried = x.lanes &<< 63
        return x &>> 1 | Strips(lanes: SIMD4(carried[1], carried[2], carried[3], 0))
    }

    /// Sets both ends of the helix, `v[-1]` and `v[length]`, from the strips;
    /// returns the cars moving out of the cell behind each strip.
    @inline(__always)
    static func closeHelix(_ v: UnsafeMutablePointer<Strips>, length: Int) -> Strips {
        v[-1] = shiftUp(v[length - 1])
        v[length] = shiftDown(v[0])
        return v[-1] & ~v[0]
    }

    /// One iteration of the strips; returns its moving cars under the masks.
    static func passOne(_ v: UnsafeMutablePointer<Strips>, length: Int, _ masks: StripMasks) -> Int {
        var moved = closeHelix(v, length: length)
        let low = sweepCounting(v, 0 ..< masks.mid, &moved, mask: masks.low)
        return low + sweepCounting(v, masks.mid ..< length, &moved, mask: masks.high)
    }

    /// A pass's counts so far: after the wavefront at p, the first
    /// iteration's cars moving at 0 ... p and the second's at 0 ... p - 1.
    /// Single steps count the new ones; blocks of 32 steps from b count the
    /// same through pairs one position behind (b - 1 ..< b + 31 and
    /// b - 2 ..< b + 30), put right on entering and leaving a run of blocks,
    /// which runs where one mask covers all its positions.
    struct PassCount {
        var p = 2, moves = 0, moves2 = 0

        @inline(__always)
        mutating func single(_ v: UnsafeMutablePointer<Strips>, _ wave: inout Wave, _ masks: StripMasks) {
            _ = PackedBlock.stepTwo(v, p, &wave)
            moves &+= PackedBlock.popcount(wave.moved & masks.at(p))
            moves2 &+= PackedBlock.popcount(wave.moved2 & masks.at(p &- 1))
            p &+= 1
        }

        @inline(__always)
        mutating func blocks(_ v: UnsafeMutablePointer<Strips>, _ wave: inout Wave, mask: Strips, until end: Int) {
            guard p &+ 32 <= end else { return }
            var counter = Counter(), counter2 = Counter(), sixteens = 0
            moves &-= PackedBlock.popcount(wave.moved & mask)
            moves2 &-= PackedBlock.popcount(wave.moved2 & mask)
            while p &+ 32 <= end {
                sixteens &+= PackedBlock.addThirtyTwo(v, p, &wave, mask: mask, &counter, &counter2)
                p &+= 32
            }
            moves &+= 16 &* (sixteens & 0xFFFF_FFFF) &+ counter.total(mask) &+ PackedBlock.popcount(wave.moved & mask)
            moves2 &+= 16 &* (sixteens &>> 32) &+ counter2.total(mask) &+ PackedBlock.popcount(wave.moved2 & mask)
        }
    }

    /// Two iterations of the strips in one pass; returns their moving cars
    /// under the masks. The first runs alone at 0 and 1, then both go
    /// through 2 ..< length as a wavefront; the second ends at the last
    /// position and at 0, whose neighbour behind is the first's last vector.
    static func passTwo(_ v: UnsafeMutablePointer<Strips>, length: Int, _ masks: StripMasks) -> (Int, Int) {
        var moved = closeHelix(v, length: length), w = v[0]
        var count = PassCount()
        _ = step(v, 0, &moved, &w)
        count.moves = popcount(moved & masks.at(0))
        _ = step(v, 1, &moved, &w)
        count.moves &+= popcount(moved & masks.at(1))
        let (first0, first1) = (v[0], v[1])
        var wave = Wave(moved: moved, here: w, moved2: first0 & ~first1, here2: first1)
        count.moves2 = popcount(wave.moved2 & masks.at(0))
        count.blocks(v, &wave, mask: masks.low, until: masks.mid)
        while count.p < length && count.p &- 2 < masks.mid { count.single(v, &wave, masks) }
        count.blocks(v, &wave, mask: masks.high, until: length)
        while count.p < length { count.single(v, &wave, masks) }
        v[length] = shiftDown(first0)
        let last = wave.here2
        _ = step(v, length - 1, &wave.moved2, &wave.here2)
        count.moves2 &+= popcount(wave.moved2 & masks.at(length - 1))
        v[0] = first0 ^ ((shiftUp(last) & ~first0) ^ (first0 & ~first1))
        return (count.moves, count.moves2)
    }
}
