import Foundation
import Testing
import TrafficCommandLine
import TrafficModel

// --picture (SPEC 3.3): the space-time window from its light cone, and the
// options' grammar and checks. The programs' PNG files are decoded and
// checked pixel by pixel in CrossValidationTests (PictureFileTests).

let withPicture = ProgramCommandLine(program: "swift-ser", own: Option.pictureOptions)

/// The picture a command line asks for, or its bad-input message.
func picture(_ arguments: [String]) -> Result<Picture?, ProgramFailure> {
    Result { () throws(ProgramFailure) -> Picture? in
        guard case let (config, options)? = try withPicture.configuration(arguments) else { return nil }
        return try Picture(options, config: config)
    }
}

func pictureFault(_ arguments: [String]) -> String? {
    guard case .failure(let failure) = picture(arguments), failure.status == 2 else { return nil }
    return failure.message
}

@Suite("space-time window (SPEC 3.3)")
struct SpaceTimeTests {
    /// (road cells, first, count, rows): cones inside the road, wrapping round
    /// either end, as wide as the road, and wider than it.
    static let cases: [(Int, Int, Int, Int)] = [
        (1000, 300, 200, 150), (1000, 0, 64, 200), (1000, 950, 50, 120), (777, 700, 77, 40),
        (50, 0, 50, 81), (50, 10, 5, 30), (1, 0, 1, 4), (100, 20, 30, 35), (100, 20, 30, 36),
    ]

    @Test("every row is the whole ring's, iterated the obvious way", arguments: cases)
    func matchesWholeRoad(cells: Int, first: Int, count: Int, rows: Int) {
        let road = RandomRoad(seed: 99, density: 0.5)
        let window = SpaceTimeWindow(roadCells: cells, first: first, count: count, rows: rows)
        let image = window.cells(of: road)
        #expect(image.count == rows * count)
        var whole = randomCells(count: cells, density: 0.5, seed: 99)
        for row in 0..<rows {
            let expected = (0..<count).map { whole[(first + $0) % cells] }
            #expect(Array(image[(row * count)..<((row + 1) * count)]) == expected, "row \(row)")
            whole = naiveIterations(whole, 1).road
        }
    }
}

@Suite("--picture options (SPEC 3.3, 4.1)")
struct PictureOptionTests {
    @Test func defaults() throws {
        let wide = try #require(try picture(["--picture", "x.png", "--cells", "5000", "--iterations", "3000"]).get())
        #expect(wide.path == "x.png")
        #expect(wide.window == SpaceTimeWindow(roadCells: 5000, first: 0, count: 1000, rows: 1000))
        let small = try #require(try picture(["--picture=y.png", "--cells", "40", "--iterations", "9"]).get())
        #expect(small.window == SpaceTimeWindow(roadCells: 40, first: 0, count: 40, rows: 10))
        let long = try #require(try picture(["--picture", "z", "--cells", "9", "--iterations", "\(Int.max)"]).get())
        #expect(long.window.rows == 1000)
        #expect(try picture(["--picture-cells", "5:5", "--cells", "6"]).get() == nil)
    }

    @Test func windowAsGiven() throws {
        let given = try #require(try picture(["--picture", "p", "--cells", "100", "--iterations", "50",
                                              "--picture-cells", "+90:10", "--picture-rows=20"]).get())
        #expect(given.window == SpaceTimeWindow(roadCells: 100, first: 90, count: 10, rows: 20))
        #expect(given.road.seed == 5743)
    }

    @Test("bad input", arguments: [
        (["--picture"], "--picture needs a value (allowed: a file name)"),
        (["--picture-cells", "5"], "--picture-cells '5' is not a cell range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-cells", "5:"], "--picture-cells '5:' is not a cell range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-cells", "1:2:3"],
         "--picture-cells '1:2:3' is not a cell range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-cells", " 1:2"], "--picture-cells ' 1:2' is not a cell range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-cells", "-1:5"], "--picture-cells '-1:5' is out of range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-cells", "0:0"], "--picture-cells '0:0' is out of range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-cells", "0:10001"],
         "--picture-cells '0:10001' is out of range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-cells", "99999999999999999999:1"],
         "--picture-cells '99999999999999999999:1' is out of range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)"),
        (["--picture-rows", "0"], "--picture-rows '0' is out of range (allowed: 1 <= N <= 10000)"),
        (["--picture", "p", "--cells", "100", "--picture-cells", "95:10"],
         "--picture-cells '95:10' is outside the road of 100 cells (allowed: FIRST + COUNT <= 100)"),
        (["--picture", "p", "--cells", "100", "--picture-cells", "9223372036854775807:1"],
         "--picture-cells '9223372036854775807:1' is outside the road of 100 cells (allowed: FIRST + COUNT <= 100)"),
        (["--picture", "p", "--cells", "5"],
         nil),
    ] as [([String], String?)])
    func badInput(arguments: [String], expected: String?) {
        #expect(pictureFault(arguments) == expected)
    }

    @Test func writability() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("picture-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let new = folder.appendingPathComponent("new.png").path
        let existing = folder.appendingPathComponent("old.png").path
        try Data("kept".utf8).write(to: URL(fileURLWithPath: existing))
        for (path, problem) in [(new, nil), (existing, nil), (folder.path, EISDIR),
                                (folder.appendingPathComponent("no/such.png").path, ENOENT)] as [(String, Int32?)] {
            let request = try #require(try picture(["--picture", path, "--cells", "10"]).get())
            #expect(request.writeProblem() == problem, "\(path)")
        }
        // The check leaves no new file and an old one as it was.
        #expect(!FileManager.default.fileExists(atPath: new))
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "kept")
    }

    @Test func usageListsThem() {
        let lines = withPicture.usage.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "                 [--report N] [--trace] [--picture FILE] [--picture-cells FIRST:COUNT] "
                + "[--picture-rows N] [--help]")
        #expect(lines.contains("  --picture-cells FIRST:COUNT"))
        #expect(lines.contains("                  the picture's cells, COUNT from cell FIRST (0-based;"))
    }
}
