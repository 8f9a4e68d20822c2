import Foundation
import Harness
import Testing

/// The driver's own parts: a driver that cannot fail proves nothing.
@Suite("Harness")
struct HarnessTests {
    static let record = "cars 3\nmoves 1 2\nmoves 2 3\nchecksum 12\nseconds 0.000100\nmcops 0.06\n"

    @Test("reads a trace record")
    func parsesRecord() throws {
        let record = try TraceRecord(parsing: Self.record)
        #expect(record.cars == 3 && record.moves == [2, 3] && record.checksum == 12)
        #expect(record.velocity(at: 1) == 2.0 / 3.0)
    }

    @Test("rejects malformed records", arguments: [
        "", "cars 3\nmoves 1 2\nchecksum 12\nseconds 0.1\n",
        "cars 3\nmoves 2 2\nchecksum 12\nseconds 0.1\nmcops 1\n",
        "cars x\nmoves 1 2\nchecksum 12\nseconds 0.1\nmcops 1\n",
        "cars 3\nmoves 1 2\nchecksum 12\nseconds 0.1\nmcops 1\nextra\n",
    ])
    func rejectsRecord(_ text: String) {
        #expect(throws: HarnessError.self) { try TraceRecord(parsing: text) }
    }

    @Test("names the first differing line of both records, timing aside")
    func describesDifference() throws {
        let expected = try TraceRecord(parsing: Self.record)
        let retimed = try TraceRecord(parsing: Self.record.replacingOccurrences(of: "0.06", with: "9.99"))
        #expect(TraceRecord.firstDifference(expected: expected, actual: retimed) == nil)
        let off = try TraceRecord(parsing: Self.record.replacingOccurrences(of: "moves 2 3", with: "moves 2 4"))
        #expect(TraceRecord.firstDifference(expected: expected, actual: off)
                == "line 3: expected 'moves 2 3', got 'moves 2 4'")
        let short = try TraceRecord(parsing: "cars 3\nmoves 1 2\nchecksum 12\nseconds 0.1\nmcops 1\n")
        #expect(TraceRecord.firstDifference(expected: expected, actual: short)
                == "line 3: expected 'moves 2 3', got 'checksum 12'")
    }

    @Test("reads the registry, with {bin} and limits")
    func parsesRegistry() throws {
        let text = "# comment\n\npy  Python loops serial 3e6 python3 python/ser/traffic.py\nx C MPI mpi - {bin}/x --kernel course\n"
        let entries = try parseRegistry(text, bin: "/b")
        #expect(entries.map(\.name) == ["py", "x"])
        #expect(entries[0].limit == 3_000_000 && entries[1].limit == nil)
        #expect(entries[1].command == ["/b/x", "--kernel", "course"])
        #expect(entries[0].allows(cells: 1000, iterations: 3000) && !entries[0].allows(cells: 1000, iterations: 3001))
        #expect(throws: HarnessError.self) { try parseRegistry("a C serial fork - a\n", bin: "b") }
        #expect(throws: HarnessError.self) { try parseRegistry("a C serial serial - a\na C serial serial - a\n", bin: "b") }
    }

    @Test("launches threads and MPI runs as the registry says")
    func invocations() throws {
        let repository = Repository(root: URL(fileURLWithPath: "/r"), bin: "bin", mpiexec: "mpiexec -q")
        let entries = try parseRegistry("t C OpenMP threads - {bin}/t\nm C MPI mpi - {bin}/m\n", bin: repository.bin)
        let threads = entries[0].invocation(workers: 3, arguments: ["--trace"], repository: repository)
        #expect(threads.arguments == ["/r/bin/t", "--trace"] && threads.environment["OMP_NUM_THREADS"] == "3")
        let mpi = entries[1].invocation(workers: 2, arguments: ["--trace"], repository: repository)
        #expect(mpi.arguments == ["mpiexec", "-q", "-n", "2", "/r/bin/m", "--trace"])
        #expect(mpi.environment["OMPI_ALLOW_RUN_AS_ROOT"] == "1")
        let wrapped = entries[1].invocation(workers: 2, arguments: [], repository: repository, wrapper: ["sh", "-c"])
        #expect(wrapped.arguments == ["mpiexec", "-q", "-n", "2", "sh", "-c", "/r/bin/m"])
    }

    /// Concurrent mpiruns must not share Open MPI's session folder.
    @Test("gives each run a private TMPDIR, removed afterwards")
    func privateTemporaryFolder() async throws {
        let script = #"test -d "$TMPDIR" && test -z "$(ls -A "$TMPDIR")" && echo "$TMPDIR""#
        var folders: [String] = []
        for _ in 0..<2 {
            let output = try await runCommand(["sh", "-c", script], directory: URL(fileURLWithPath: "/"),
                                              timeout: .seconds(30))
            #expect(output.succeeded, "\(output.failureSummary)")
            folders.append(output.stdout.trimmingCharacters(in: .newlines))
        }
        #expect(folders[0] != folders[1] && folders.allSatisfy { !$0.isEmpty })
        #expect(folders.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
    }

    @Test("a hang becomes a failure, its children killed with it")
    func timesOut() async throws {
        let start = ContinuousClock.now
        let output = try await runCommand(["sh", "-c", "sleep 60 & sleep 60"], directory: URL(fileURLWithPath: "/"),
                                          timeout: .seconds(1))
        #expect(output.timedOut && !output.succeeded)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test("captures status, stdout and stderr")
    func captures() async throws {
        let output = try await runCommand(["sh", "-c", "echo out; echo err >&2; exit 3"],
                                          directory: URL(fileURLWithPath: "/"), timeout: .seconds(30))
        #expect(output.status == 3 && output.stdout == "out\n" && output.stderr == "err\n" && !output.succeeded)
    }

    /// A wrapper of the reference that adds one to the moves of one late
    /// iteration must be caught by both references, and its line named.
    @Test("catches a count off by one in a single late iteration, by both references")
    func catchesOffByOne() async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(context.reference)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traffic-fake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = "#!/bin/sh\n\(context.reference.command.joined(separator: " ")) \"$@\" | "
            + "awk '$1 == \"moves\" && $2 == 9000 { $3 = $3 + 1 } { print }'\n"
        let fake = folder.appendingPathComponent("fake-ser")
        try script.write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let implementation = try parseRegistry("fake-ser C serial serial - {bin}/fake-ser\n", bin: folder.path)[0]

        let configuration = Configuration(cells: 1001, density: "0.3", seed: 0, iterations: 10_000)
        let actual = try await trace(implementation, configuration, workers: 1, context: context)
        for reference in [context.reference, context.exact] {
            let expected = try await ReferenceRecords.shared.record(of: reference, for: configuration, context: context)
            let moves = expected.moves[8999]
            let difference = try #require(TraceRecord.firstDifference(expected: expected, actual: actual))
            #expect(difference == "line 9001: expected 'moves 9000 \(moves)', got 'moves 9000 \(moves + 1)'",
                    "by \(reference.name)")
        }
    }
}
