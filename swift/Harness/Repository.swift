import Foundation

/// The checkout and the build settings the Makefile passes in the environment
/// (TRAFFIC_ROOT, TRAFFIC_BIN, TRAFFIC_MPIEXEC, TRAFFIC_SYSTEM, TRAFFIC_ONLY).
public struct Repository: Sendable {
    public let root: URL
    /// The binary folder, absolute.
    public let bin: String
    /// The MPI launcher's words, before `-n P`.
    public let mpiexec: [String]
    /// The make.defs system the binaries were built for.
    public let system: String
    /// Names or launch kinds to keep; empty keeps everything.
    public let only: Set<String>

    public init(root: URL, bin: String = "bin", mpiexec: String = "mpirun -q --oversubscribe",
                system: String = "local", only: String = "") {
        self.root = root.standardizedFileURL
        self.bin = resolve(bin, in: self.root).path
        self.mpiexec = mpiexec.split(whereSeparator: \.isWhitespace).map(String.init)
        self.system = system
        self.only = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// The repository found from TRAFFIC_ROOT or the working directory upwards.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Repository {
        let start = environment["TRAFFIC_ROOT"] ?? FileManager.default.currentDirectoryPath
        return Repository(root: try findRoot(from: URL(fileURLWithPath: start)),
                          bin: environment["TRAFFIC_BIN"] ?? "bin",
                          mpiexec: environment["TRAFFIC_MPIEXEC"] ?? "mpirun -q --oversubscribe",
                          system: environment["TRAFFIC_SYSTEM"] ?? "local",
                          only: environment["TRAFFIC_ONLY"] ?? "")
    }

    /// The nearest folder holding both implementations.tsv and Package.swift.
    static func findRoot(from start: URL) throws -> URL {
        var folder = start.standardizedFileURL
        while true {
            let marks = ["implementations.tsv", "Package.swift"].map { folder.appendingPathComponent($0).path }
            if marks.allSatisfy(FileManager.default.fileExists) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                throw HarnessError("no implementations.tsv above \(start.path): run at the repository root or set TRAFFIC_ROOT")
            }
            folder = parent
        }
    }

    public var registryURL: URL { url("implementations.tsv") }

    /// `path` itself if absolute, else in the repository.
    public func url(_ path: String) -> URL { resolve(path, in: root) }

    /// Every registry entry, in file order.
    public func registry() throws -> [Implementation] {
        try parseRegistry(String(contentsOf: registryURL, encoding: .utf8), bin: bin)
    }

    /// The implementation every other is compared with: the course's program.
    public static let referenceName = "c-ser"
    /// The second reference, sharing nothing with the simulators: rule 184
    /// solved exactly, cheap for any number of iterations.
    public static let exactName = "swift-exact"

    /// The reference's registry entry, whatever TRAFFIC_ONLY selects.
    public func reference() throws -> Implementation { try entry(Self.referenceName, role: "the reference") }

    /// The exact solution's registry entry, whatever TRAFFIC_ONLY selects.
    public func exactReference() throws -> Implementation { try entry(Self.exactName, role: "the exact solution") }

    private func entry(_ name: String, role: String) throws -> Implementation {
        guard let entry = try registry().first(where: { $0.name == name }) else {
            throw HarnessError("the registry has no \(name), \(role)")
        }
        return entry
    }

    /// The registry entries that TRAFFIC_ONLY selects.
    public func selected() throws -> [Implementation] {
        let all = try registry()
        guard !only.isEmpty else { return all }
        let known = Set(all.map(\.name)).union(Launch.allCases.map(\.rawValue))
        if let unknown = only.subtracting(known).sorted().first {
            throw HarnessError("TRAFFIC_ONLY: '\(unknown)' is neither an implementation nor a launch kind")
        }
        return all.filter { only.contains($0.name) || only.contains($0.launch.rawValue) }
    }
}

/// `path` itself if absolute, else taken from `root`.
func resolve(_ path: String, in root: URL) -> URL {
    (path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)).standardizedFileURL
}
