import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one run left behind.
public struct RunOutput: Sendable {
    public let command: String
    public let status: Int32
    /// True when the process ended by a signal (status is then the signal).
    public let signalled: Bool
    public let timedOut: Bool
    public let stdout: String
    public let stderr: String
    /// Wall-clock seconds from the launch until the exit was seen (within
    /// the 5 ms of a poll), without reading the output.
    public let seconds: Double

    public var succeeded: Bool { !timedOut && !signalled && status == 0 }

    /// How the run ended, for failure messages.
    public var ending: String {
        if timedOut { return "timed out (killed)" }
        return signalled ? "killed by signal \(status)" : "exit status \(status)"
    }

    /// A failure message: the command, how it ended and the end of its stderr.
    public var failureSummary: String {
        let tail = stderr.split(separator: "\n").suffix(5).joined(separator: "\n    ")
        return "`\(command)` \(ending)" + (tail.isEmpty ? "" : "; stderr:\n    \(tail)")
    }
}

/// Runs one command: stdout and stderr go to temporary files (a pipe could
/// stay open in an orphaned MPI rank), and a timeout kills its process group.
/// Each run gets a private TMPDIR, removed afterwards: concurrent mpiruns that
/// share one (Open MPI's session folder) race on its clean-up.
public func runCommand(_ arguments: [String], environment: [String: String] = [:],
                       directory: URL, timeout: Duration) async throws -> RunOutput {
    let scratch = try PrivateFolder()
    defer { scratch.remove() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = ProcessInfo.processInfo.environment
        .merging(["TMPDIR": scratch.url.path]) { $1 }
        .merging(environment) { $1 }
    let out = try CaptureFile(), err = try CaptureFile()
    defer { out.remove(); err.remove() }
    process.standardOutput = out.handle
    process.standardError = err.handle
    process.standardInput = FileHandle.nullDevice

    let start = ContinuousClock.now
    try launchUnblocked(process)
    let timedOut = await !finishes(process, within: timeout)
    if timedOut {
        await killGroup(of: process)
    }
    process.waitUntilExit()
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    return RunOutput(command: arguments.joined(separator: " "),
                     status: process.terminationStatus,
                     signalled: process.terminationReason == .uncaughtSignal,
                     timedOut: timedOut,
                     stdout: out.contents(), stderr: err.contents(), seconds: seconds)
}

/// Starts `process` with no signal blocked. A child inherits the signal mask
/// of the launching thread, and Swift's concurrency threads block nearly all
/// signals: mpirun and the programs would then ignore SIGTERM and SIGINT.
private func launchUnblocked(_ process: Process) throws {
    var none = sigset_t(), saved = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &saved)
    defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
    try process.run()
}

/// Waits for `process` to end; false if `timeout` passes first. Polling keeps
/// this cancellable and free of races with Foundation's termination handler.
private func finishes(_ process: Process, within timeout: Duration) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// SIGTERM first, so that mpirun can take its ranks down, then SIGKILL.
/// Foundation starts each child in a process group of its own.
private func killGroup(of process: Process) async {
    let group = -process.processIdentifier
    kill(group, SIGTERM)
    if await finishes(process, within: .seconds(3)) { return }
    kill(group, SIGKILL)
}

/// A temporary file that receives one stream of a child process.
private final class CaptureFile {
    let url: URL
    let handle: FileHandle

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("traffic-harness-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw HarnessError("cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
    }

    func contents() -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    func remove() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}

/// A fresh temporary folder of one run's own.
private struct PrivateFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("traffic-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
