// The road set-up's speed on one core (issue 12), compiled with TrafficModel's
// sources by scripts/setup-rate.sh: cells drawn and packed per second by the
// vectorised path (RandomRoad.pack) and by the sequential generator
// (RandomRoad.forEachCell) in one interleaved run, and the cost of a jump;
// all in CPU time.
#if canImport(Glibc)
import Glibc
#endif

/// Seconds of this thread's CPU time: on a machine shared with other work the
/// rate per core, which wall time is not.
func cpuNow() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// CPU seconds for `body`, and its result.
func timed<T>(_ body: () -> T) -> (Double, T) {
    let start = cpuNow()
    let result = body()
    return (cpuNow() - start, result)
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let cells = arguments.first ?? 1 << 28
let repeats = arguments.dropFirst().first ?? 3
let road = RandomRoad(seed: 5743, density: 0.52)
let words = UnsafeMutablePointer<UInt64>.allocate(capacity: cells / 64 + 1)
words.initialize(repeating: 0, count: cells / 64 + 1)

/// `rate` in millions per second.
func millions(_ rate: Double) -> Int { Int((rate / 1e6).rounded()) }

/// `x` (>= 0) with two decimals.
func twoDecimals(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    return "\(hundredths / 100)." + (hundredths % 100 < 10 ? "0" : "") + "\(hundredths % 100)"
}

print("cells \(cells), \(repeats) rounds; millions of cells drawn and packed per CPU second, one core")
var ratios: [Double] = [], packRates: [Double] = []
for round in 1...repeats {
    let (packSeconds, packedCars) = timed {
        road.pack(into: words, start: 0, count: cells)
        return (0...(cells / 64)).reduce(0) { $0 + words[$1].nonzeroBitCount }
    }
    let (sequentialSeconds, sequentialCars) = timed {
        var cars = 0
        road.forEachCell(start: 0, count: cells) { cars += Int($0) }
        return cars
    }
    guard packedCars == sequentialCars else { fatalError("cars differ: \(packedCars) vs \(sequentialCars)") }
    let (packRate, sequentialRate) = (Double(cells) / packSeconds, Double(cells) / sequentialSeconds)
    ratios.append(packRate / sequentialRate)
    packRates.append(packRate)
    print("round \(round): packed \(millions(packRate)), sequential \(millions(sequentialRate)), ratio \(twoDecimals(packRate / sequentialRate))")
}
ratios.sort()
packRates.sort()
print("packed: median \(millions(packRates[repeats / 2])), range \(millions(packRates[0])) to \(millions(packRates.last!))")
print("ratio: median \(twoDecimals(ratios[repeats / 2])), range \(twoDecimals(ratios[0])) to \(twoDecimals(ratios.last!))")
for position in [1_000, 1_000_000, 1_000_000_000, 10_000_000_000, 1_000_000_000_000] as [UInt64] {
    let (seconds, stream) = timed { UniStream(seed: 5743, position: position) }
    print("jump to draw \(stream.position): \(Int((seconds * 1e6).rounded())) µs")
}
