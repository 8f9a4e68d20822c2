#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// SPEC 4.2's memory rule. Linux grants an allocation larger than the machine
// and kills the process (the OOM killer) once it touches the pages, so a road
// is judged before any of it is allocated: the bytes of every array the run
// holds, over every process on the node, against the node's physical memory.

/// Byte counts of a run's arrays, saturating: a need past any memory stays
/// past it instead of wrapping round.
public enum Memory {
    /// The node's physical memory in bytes (sysconf: pages times page size);
    /// when the system does not say, a bound no run reaches.
    public static let physical: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return unknown }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
        return overflow ? unknown : bytes
    }()

    /// Large enough for any run, small enough that the needs of a node's
    /// processes add up without overflow.
    private static let unknown = Int.max >> 16

    /// `count` items of `size` bytes each.
    public static func bytes(_ count: Int, of size: Int) -> Int {
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        return overflow || count < 0 ? Int.max : product
    }

    /// The sum of `needs`.
    public static func total(_ needs: [Int]) -> Int {
        needs.reduce(0) { sum, need in
            let (next, overflow) = sum.addingReportingOverflow(need)
            return overflow ? Int.max : next
        }
    }

    /// What one process reports of its need when a node's needs are summed:
    /// anything past the memory counts as just past it, so that the sum of
    /// many processes cannot overflow.
    public static func capped(_ need: Int) -> Int { min(need, physical + 1) }

    /// Whether `bytes`, the need of every process on the node, fit.
    public static func fits(_ bytes: Int) -> Bool { bytes <= physical }
}
