#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The course's road: Int32 cells 0 or 1 with one halo cell at each end, so
// cell i (1...n) reads its neighbours at i-1 and i+1 without wrapping.

/// A road of `cells` Int32 cells plus two halo cells, allocated so that a
/// failure to get the memory can be reported instead of crashing.
public final class CourseRoad {
    /// Number of road cells (without the halos).
    public let cells: Int
    /// Index 0 is the halo behind, 1...cells the cells, cells+1 the halo ahead.
    public let buffer: UnsafeMutableBufferPointer<Int32>

    /// The bytes of the two roads of `cells` cells the course's kernel holds,
    /// the old and the new (SPEC 4.2's rule adds them up).
    public static func pairBytes(cells: Int) -> Int {
        Memory.bytes(cells.addingReportingOverflow(2).overflow ? Int.max : cells + 2, of: 2 * MemoryLayout<Int32>.stride)
    }

    /// nil when the memory cannot be had. The cells start empty.
    public init?(cells: Int) {
        // calloc checks count * size for overflow and gives zeroed pages.
        let (count, overflow) = cells.addingReportingOverflow(2)
        guard cells >= 0, !overflow, let raw = calloc(count, MemoryLayout<Int32>.stride) else { return nil }
        self.cells = cells
        buffer = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Int32.self, capacity: count), count: count)
    }

    deinit { free(buffer.baseAddress) }

    /// The road cells 1...cells, without the halos.
    public var interior: UnsafeMutableBufferPointer<Int32> {
        UnsafeMutableBufferPointer(rebasing: buffer[1..<cells + 1])
    }

    /// Copies the cells into the halos of a whole periodic road (serial runs).
    public func wrapHalos() {
        buffer[0] = buffer[cells]
        buffer[cells + 1] = buffer[1]
    }

    /// Number of cars in cells 1...cells.
    public func cars() -> Int {
        var total = 0
        for i in 1..<cells + 1 { total &+= Int(buffer[i]) }
        return total
    }

    /// Sum of the 1-based global positions of the cars, exact: cell i here is
    /// road position `offset + i` (offset = the number of road cells before
    /// this block).
    public func checksum(offset: Int) -> UInt128 {
        let road = interior
        return exactPositionSum(units: cells, cellsPerUnit: 1, firstPosition: offset + 1) { range in
            var cars = 0, distances = 0
            // Branch-free: a random road would mispredict every other test.
            for i in range {
                let car = Int(road[i])
                cars &+= car
                distances &+= (i &- range.lowerBound) &* car
            }
            return (cars, distances)
        }
    }

    /// Copies the cells (not the halos) of `other` into this road: the course
    /// copies the new road back into the old one rather than swapping them.
    /// A plain loop, as the C codes' (which LLVM vectorises): glibc's memmove
    /// measured 10% slower for swift-ser and 20% for swift-threads-course.
    public func copy(from other: CourseRoad) {
        precondition(other.cells == cells, "roads of different lengths")
        let dst = buffer.baseAddress!, src = other.buffer.baseAddress!
        var i = 1
        while i <= cells { dst[i] = src[i]; i &+= 1 }
    }

    /// One rule-184 iteration of cells 1...cells from `old` (halos filled) into
    /// this road; returns the number of cars that moved. Halos are not written.
    public func update(from old: CourseRoad) -> Int {
        precondition(old.cells == cells, "roads of different lengths")
        return CourseKernel.update(from: UnsafePointer(old.buffer.baseAddress!),
                                   into: buffer.baseAddress!, cells: cells)
    }
}

/// The update loop on raw cells: kept apart so that it compiles to one
/// vectorised loop over plain pointers.
public enum CourseKernel {
    /// new[i] = rule 184 of old[i-1...i+1] for i in 1...cells; returns the moves.
    /// On 0/1 cells the rule is new = (c & ahead) | (~c & behind), and a car
    /// moves when c & ~ahead is 1; both are branch-free.
    public static func update(from old: UnsafePointer<Int32>, into new: UnsafeMutablePointer<Int32>,
                              cells: Int) -> Int {
        var total = 0
        // Int32 sums vectorise best; flush them before they could overflow.
        var blockStart = 1
        while blockStart <= cells {
            let blockEnd = min(cells &+ 1, blockStart &+ (1 << 30))
            var moves: Int32 = 0
            for i in blockStart..<blockEnd {
                let behind = old[i &- 1], c = old[i], ahead = old[i &+ 1]
                new[i] = (c & ahead) | (~c & behind)
                moves &+= c & ~ahead
            }
            total &+= Int(moves)
            blockStart = blockEnd
        }
        return total
    }
}
