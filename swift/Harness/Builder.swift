import Foundation

/// Builds missing binaries with `make all`, at most once per process, so that
/// `swift test` alone works after a clone.
public actor Builder {
    public static let shared = Builder()

    private var build: Task<String, Never>?

    /// Runs `make -k all` once if any of `implementations` lacks a file (or
    /// waits for the build already started), then says why each
    /// implementation that still lacks one cannot run.
    public func missing(_ implementations: [Implementation], repository: Repository) async -> [String: String] {
        let root = repository.root
        if build == nil, implementations.contains(where: { !$0.missingFiles(root: root).isEmpty }) {
            build = Task { await Self.make(repository) }
        }
        guard let build else { return [:] }
        let log = await build.value
        return Dictionary(uniqueKeysWithValues: implementations.compactMap { implementation in
            let files = implementation.missingFiles(root: root)
            return files.isEmpty ? nil : (implementation.name, "missing \(files.joined(separator: ", ")) after \(log)")
        })
    }

    /// `make -k all` (as much as builds) into a SwiftPM scratch folder of its
    /// own: a running `swift test` holds the lock of the default one.
    private static func make(_ repository: Repository) async -> String {
        let scratch = repository.system == "local" ? ".build-driver" : ".build-driver-\(repository.system)"
        let words = ["make", "-k", "all", "SWIFT_SCRATCH=\(scratch)", "SYSTEM=\(repository.system)"]
        FileHandle.standardError.write(Data("harness: binaries missing, running \(words.joined(separator: " "))\n".utf8))
        do {
            let output = try await runCommand(words, directory: repository.root, timeout: .seconds(3600))
            let tail = (output.stdout + output.stderr).split(separator: "\n").suffix(10)
            return "`\(output.command)` \(output.ending)\n" + tail.joined(separator: "\n")
        } catch {
            return "cannot run make: \(error)"
        }
    }
}
