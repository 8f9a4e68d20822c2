import Foundation
import Harness
import Testing

// --picture (SPEC 3.3) on every program that draws one, serial, threaded and
// MPI: the PNG is decoded by tests/picture/check_picture.py (Python's zlib,
// no libpng) and checked pixel by pixel against the whole road iterated by
// Python; the --trace record must be c-ser's, picture or not.

/// The programs that take --picture.
let picturePrograms: Set<String> = ["swift-ser", "swift-vec", "swift-threads", "swift-mpi"]

/// One picture request on one road.
struct PictureRequest: Sendable {
    let road: Configuration
    /// --picture-cells and --picture-rows, nil for the defaults.
    let cells: (first: Int, count: Int)?
    let rows: Int?

    /// The window the contract says is drawn.
    var expected: (first: Int, count: Int, rows: Int) {
        let window = cells ?? (0, min(1000, road.cells))
        return (window.first, window.count, min(rows ?? 1000, road.iterations + 1))
    }

    func arguments(file: String) -> [String] {
        road.arguments + ["--trace", "--picture", file]
            + (cells.map { ["--picture-cells", "\($0.first):\($0.count)"] } ?? [])
            + (rows.map { ["--picture-rows", "\($0)"] } ?? [])
    }

    /// A cone inside the road, cones wrapping round either end, the whole
    /// road by default, rows cut at the iterations, and one cell.
    static let all: [PictureRequest] = [
        PictureRequest(road: Configuration(cells: 1000, density: "0.5", seed: 7, iterations: 100),
                       cells: (300, 200), rows: 150),
        PictureRequest(road: Configuration(cells: 777, density: "0.3", seed: 0, iterations: 60),
                       cells: (700, 77), rows: 40),
        PictureRequest(road: Configuration(cells: 5000, density: "0.6", seed: 12345, iterations: 90),
                       cells: (0, 64), rows: nil),
        PictureRequest(road: Configuration(cells: 50, density: "0.6", seed: 900_000_000, iterations: 70),
                       cells: nil, rows: nil),
        PictureRequest(road: Configuration(cells: 1, density: "1", seed: 3, iterations: 5), cells: nil, rows: 3),
    ]
}

struct PictureCase: Sendable, CustomTestStringConvertible {
    let implementation: Implementation
    let workers: Int
    let request: PictureRequest

    var testDescription: String {
        [implementation.name, implementation.workerLabel(workers), request.road.description]
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Each request on each drawing program: threaded ones with 3 workers,
    /// MPI ones with 2 and 3 (given as many cells).
    static func all() throws -> [PictureCase] {
        try Context.shared.get().implementations.filter { picturePrograms.contains($0.programName) }
            .flatMap { implementation in
                let counts = switch implementation.launch {
                case .serial: [1]
                case .threads: [3]
                case .mpi: [2, 3]
                }
                return counts.flatMap { workers in
                    PictureRequest.all.filter { implementation.launch != .mpi || $0.road.cells >= workers }
                        .map { PictureCase(implementation: implementation, workers: workers, request: $0) }
                }
            }
    }
}

/// A temporary folder for a test's files, removed by `remove()`.
func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traffic-test-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    return folder
}

@Suite("Pictures")
struct PictureFileTests {
    @Test("the PNG shows the road, pixel by pixel; the record is unchanged", arguments: try PictureCase.all())
    func picture(_ testCase: PictureCase) async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(testCase.implementation)
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("road.png").path
        let request = testCase.request

        let output = try await run(testCase.implementation, workers: testCase.workers,
                                   arguments: request.arguments(file: file), timeout: .seconds(60), context: context)
        let record = try TraceRecord(of: output)
        #expect(output.stderr.isEmpty, "stderr: \(output.stderr)")
        let expected = try await ReferenceRecords.shared.record(of: context.reference, for: request.road,
                                                                context: context)
        let difference = TraceRecord.firstDifference(expected: expected, actual: record)
        #expect(difference == nil, "record with --picture differs from \(context.reference.name)'s: \(difference ?? "")")

        let window = request.expected
        let check = try await runCommand(
            ["python3", "tests/picture/check_picture.py", file, "--cells", "\(request.road.cells)",
             "--density", request.road.density, "--seed", "\(request.road.seed)", "--first", "\(window.first)",
             "--width", "\(window.count)", "--rows", "\(window.rows)"],
            directory: context.repository.root, timeout: .seconds(120))
        #expect(check.succeeded && check.stdout == "ok \(window.count)x\(window.rows)\n",
                "\(check.ending): \(check.stdout)\(check.stderr)")
    }

    @Test("bad input writes nothing and leaves an old file as it was",
          arguments: try Context.shared.get().implementations.filter { picturePrograms.contains($0.programName) })
    func nothingWritten(_ implementation: Implementation) async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(implementation)
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let new = folder.appendingPathComponent("new.png").path
        let old = folder.appendingPathComponent("old.png").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: old))
        let workers = implementation.launch == .serial ? 1 : 2
        for file in [new, old] {
            for faults in [["--picture-cells", "95:10"], ["--seed", "-1"], ["--picture-rows", "x"]] {
                let output = try await run(implementation, workers: workers,
                                           arguments: ["--cells", "100", "--picture", file] + faults,
                                           timeout: .seconds(60), context: context)
                #expect(output.status == 2 && output.stdout.isEmpty, "\(faults): \(output.ending)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: new))
        #expect(try String(contentsOfFile: old, encoding: .utf8) == "old")
    }
}
