import Foundation

/// A `--trace` record (SPEC section 5), checked line by line as it is read.
public struct TraceRecord: Sendable, Equatable {
    /// Every line, as printed.
    public let lines: [String]
    public let cars: Int
    /// moves[i] is the count of iteration i + 1.
    public let moves: [Int]
    /// Exact at any road size: past 2^63 for roads of billions of cells.
    public let checksum: UInt128
    public let seconds: Double
    public let mcops: Double

    public init(parsing text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count >= 5 else {
            throw HarnessError("trace record has \(lines.count) lines, needs at least 5: \(text.debugDescription)")
        }
        self.lines = lines
        let last = lines.count - 1
        cars = try Self.integer(lines, 0, key: "cars")
        moves = try (1...(last - 3)).map { try Self.moves(lines, $0) }
        checksum = try Self.integer(lines, last - 2, key: "checksum", as: UInt128.self)
        seconds = try Self.real(lines, last - 1, key: "seconds")
        // A loop too short for the clock gives an infinite rate: allowed.
        mcops = try Self.real(lines, last, key: "mcops", finite: false)
    }

    /// The lines two runs must share: all but `seconds` and `mcops`.
    public var comparedLines: [String] { Array(lines.dropLast(2)) }

    /// The average velocity of an iteration (1-based), as the course prints it.
    public func velocity(at iteration: Int) -> Double {
        cars == 0 ? 0 : Double(moves[iteration - 1]) / Double(cars)
    }

    /// The first line where `actual` departs from `expected`, described with
    /// both lines, or nil when they agree.
    public static func firstDifference(expected: TraceRecord, actual: TraceRecord) -> String? {
        let (want, got) = (expected.comparedLines, actual.comparedLines)
        guard let index = (0..<max(want.count, got.count)).first(where: { line(want, $0) != line(got, $0) }) else {
            return nil
        }
        return "line \(index + 1): expected '\(line(want, index))', got '\(line(got, index))'"
    }

    private static func line(_ lines: [String], _ index: Int) -> String {
        index < lines.count ? lines[index] : "<end of record>"
    }

    // MARK: parsing

    private static func fields(_ lines: [String], _ index: Int, key: String, count: Int) throws -> [Substring] {
        let words = lines[index].split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == count, words[0] == key else {
            throw HarnessError("trace line \(index + 1): expected '\(key) …', got '\(lines[index])'")
        }
        return words
    }

    private static func integer<Value: FixedWidthInteger>(_ lines: [String], _ index: Int, key: String,
                                                          as _: Value.Type = Int.self) throws -> Value {
        let words = try fields(lines, index, key: key, count: 2)
        guard let value = Value(words[1]), value >= 0 else {
            throw HarnessError("trace line \(index + 1): '\(lines[index])' needs a count")
        }
        return value
    }

    private static func moves(_ lines: [String], _ iteration: Int) throws -> Int {
        let words = try fields(lines, iteration, key: "moves", count: 3)
        guard words[1] == "\(iteration)", let value = Int(words[2]), value >= 0 else {
            throw HarnessError("trace line \(iteration + 1): expected 'moves \(iteration) <count>', got '\(lines[iteration])'")
        }
        return value
    }

    private static func real(_ lines: [String], _ index: Int, key: String, finite: Bool = true) throws -> Double {
        let words = try fields(lines, index, key: key, count: 2)
        guard let value = Double(words[1]), value.isFinite || !finite else {
            throw HarnessError("trace line \(index + 1): '\(lines[index])' needs a number")
        }
        return value
    }
}
