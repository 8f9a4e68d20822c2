import Foundation
import Harness
import Testing

// `traffic-compare --collect` on real Slurm outputs of the job scripts
// (tests/collect, from `make test-jobs`), checked against what those files
// hold; `make test-jobs` runs it on its own fresh outputs too.

/// traffic-compare from the build under test, on `arguments`, from the repository root.
func trafficCompare(_ arguments: [String], context: Context) async throws -> RunOutput {
    try await runCommand(["\(context.repository.bin)/traffic-compare"] + arguments,
                         directory: context.repository.root, timeout: .seconds(300))
}

/// The samples' paths, relative to the repository.
func collectSamples(_ names: [String]) -> [String] { names.map { "tests/collect/\($0).out" } }

@Suite("Collect")
struct CollectTests {
    static let counted = ["c-ser-trace", "swift-mpi-course-trace", "c-omp-T1", "c-omp-T2", "c-mpi-P1", "c-mpi-P2"]
    static let skipped = [
        ("failed", "failed: exit status 2: c-ser: unknown option '--bogus'"),
        // srun's line before the program's, as make test-jobs once wrote it.
        ("failed-srun-first", "failed: exit status 2: c-ser: unknown option '--bogus'"),
        ("cancelled", "cancelled: slurmstepd-vm: error: *** JOB 16 ON vm CANCELLED AT 2026-11-26T08:37:32 ***"),
        ("truncated", "incomplete: no end line (the job is still running, or was killed)"),
        ("cut-mid-record", "incomplete: no end line (the job is still running, or was killed)"),
        ("foreign", "not a traffic job's output: no 'traffic job ID (NAME): …' line (jobs/common.sh)"),
    ]

    @Test("the table of the counted jobs, the skipped ones with their reasons, the files")
    func collect() async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(context.exact)
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await trafficCompare(
            ["--collect"] + collectSamples(Self.counted + Self.skipped.map(\.0)) + ["--results", folder.path],
            context: context)
        #expect(output.succeeded, "\(output.failureSummary)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let table = lines.prefix { !$0.hasPrefix("skipped ") }
        // implementation, workers, cells, velocity at the last report, agrees.
        let rows = table.dropFirst().map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { [$0[0], $0[3], $0[4], $0[6], $0.last!] } == [
            ["c-ser", "1", "100003", "0.843870", "yes"],
            ["c-omp", "1", "100003", "0.843870", "yes"], ["c-omp", "2", "100003", "0.843870", "yes"],
            ["c-mpi", "1", "100003", "0.843870", "yes"], ["c-mpi", "2", "100003", "0.843870", "yes"],
            ["swift-mpi-course", "2", "100003", "0.843870", "yes"],
        ], "table:\n\(table.joined(separator: "\n"))")
        for (name, reason) in Self.skipped {
            #expect(lines.contains("skipped tests/collect/\(name).out: \(reason)"), "\(name): \(output.stdout)")
        }
        #expect(lines.last == "\(Self.counted.count) job(s) counted, \(Self.skipped.count) skipped; every counted job's output agrees with swift-exact's for its road.")
        let csv = try String(contentsOf: folder.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 7)
        // Seconds as the output prints them: c-ser's trace, 0.000915 s.
        #expect(csv.contains("\nc-ser,C,serial,serial,1,100003,51758,0.843870,20,20,1,0.000915,simulated,"), "\(csv)")
        let speedUp = try String(contentsOf: folder.appendingPathComponent("speedup.svg"), encoding: .utf8)
        for name in ["c-omp", "c-mpi"] { #expect(speedUp.contains(">\(name): "), "\(name) not in speedup.svg") }
        #expect(!speedUp.contains(">c-ser: "))
    }

    @Test("an output that departs from the exact solution is counted as disagreeing")
    func tampered() async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(context.exact)
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (sample, line, changed) in [("c-ser-trace", "moves 7 39507", "moves 7 39508"),
                                        ("c-omp-T1", "velocity is 0.843870", "velocity is 0.843871")] {
            let text = try String(contentsOfFile: context.repository.url(collectSamples([sample])[0]).path,
                                  encoding: .utf8)
            #expect(text.contains(line))
            let file = folder.appendingPathComponent("\(sample).out")
            try text.replacingOccurrences(of: line, with: changed).write(to: file, atomically: true, encoding: .utf8)
            let output = try await trafficCompare(["--collect", file.path, "--results", folder.path], context: context)
            #expect(output.status == 1 && output.stdout.contains("NOT ALL AGREE") && output.stdout.contains(changed),
                    "\(sample): \(output.ending): \(output.stdout)")
            let unchecked = try await trafficCompare(["--collect", file.path, "--no-verify", "--results", folder.path],
                                                     context: context)
            #expect(unchecked.succeeded && unchecked.stdout.contains("not checked (--no-verify)"), "\(unchecked.stdout)")
        }
    }

    @Test("nothing to count, or a baseline that is no implementation, fails")
    func refusals() async throws {
        let context = try Context.shared.get()
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let none = try await trafficCompare(["--collect"] + collectSamples(["failed", "foreign"])
                                            + ["--results", folder.path], context: context)
        #expect(none.status == 1 && none.stdout.contains("0 job(s) counted, 2 skipped"), "\(none.ending): \(none.stdout)")
        let baseline = try await trafficCompare(["--collect"] + collectSamples(["c-ser-trace"])
                                                + ["--baseline", "nope"], context: context)
        #expect(baseline.status == 2 && baseline.stdout.isEmpty
                && baseline.stderr == "traffic-compare: --baseline 'nope' is not an implementation of implementations.tsv\n",
                "\(baseline.ending): \(baseline.stderr)")
    }
}
