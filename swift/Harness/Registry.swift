import Foundation

/// How an implementation gets its workers.
public enum Launch: String, Sendable, CaseIterable {
    case serial, threads, mpi
}

/// One line of implementations.tsv.
public struct Implementation: Sendable, Hashable {
    public let name: String
    public let language: String
    public let model: String
    public let launch: Launch
    /// The most cell updates (cells x iterations) a test case may ask of it.
    public let limit: Int?
    /// The command with {bin} already replaced by the binary folder.
    public let command: [String]

    /// Whether a run of `cells` x `iterations` stays within `limit`.
    public func allows(cells: Int, iterations: Int) -> Bool {
        guard let limit else { return true }
        let (updates, overflow) = cells.multipliedReportingOverflow(by: iterations)
        return !overflow && updates <= limit
    }

    /// The name the program calls itself: the base name of the first word
    /// of its command that is a path (the binary, or the Python script).
    public var programName: String {
        (command.first { $0.contains("/") } ?? command[0]).split(separator: "/").last.map(String.init) ?? name
    }

    /// The files its command names (words with a slash: binaries, scripts)
    /// that do not exist.
    public func missingFiles(root: URL) -> [String] {
        command.filter { $0.contains("/") }.map { resolve($0, in: root).path }
            .filter { !FileManager.default.fileExists(atPath: $0) }
    }
}

public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Implementation {
    /// Parses one registry line: five fields, then the command.
    init(line: String, bin: String) throws {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count >= 6 else {
            throw HarnessError("registry line needs 6 fields or more: '\(line)'")
        }
        guard let launch = Launch(rawValue: words[3]) else {
            throw HarnessError("registry: unknown launch '\(words[3])' for \(words[0])")
        }
        name = words[0]
        language = words[1]
        model = words[2]
        self.launch = launch
        limit = try Implementation.parseLimit(words[4], name: words[0])
        command = words[5...].map { $0.replacingOccurrences(of: "{bin}", with: bin) }
    }

    private static func parseLimit(_ word: String, name: String) throws -> Int? {
        if word == "-" { return nil }
        guard let value = Double(word), value >= 1, value < 9e18 else {
            throw HarnessError("registry: bad limit '\(word)' for \(name)")
        }
        return Int(value)
    }
}

/// Reads the registry text: blank lines and lines starting with # are skipped.
public func parseRegistry(_ text: String, bin: String) throws -> [Implementation] {
    let entries = try text.split(separator: "\n")
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        .map { try Implementation(line: $0, bin: bin) }
    let names = entries.map(\.name)
    if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
        throw HarnessError("registry: '\(duplicate)' is listed twice")
    }
    return entries
}
