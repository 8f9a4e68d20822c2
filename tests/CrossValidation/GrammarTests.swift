import Foundation
import Harness
import Testing

/// The usage text of docs/SPEC.md section 3.2 for `program`.
func contractUsage(program: String) -> [String] {
    let pad = String(repeating: " ", count: program.count)
    return [
        "usage: \(program) [--cells N] [--iterations N] [--density X] [--seed N]",
        "       \(pad) [--report N] [--trace] [--help]",
        "",
        "Simulate the traffic cellular automaton (rule 184) on a circular road.",
        "",
        "  --cells N       road length, N >= 1 (default 10240000)",
        "  --iterations N  iterations, N >= 1 (default 1.024e9 / cells, at least 1)",
        "  --density X     target density of cars, 0 <= X <= 1 (default 0.52)",
        "  --seed N        generator seed, 0 <= N <= 900000000 (default 5743)",
        "  --report N      print the average velocity every N iterations",
        "                  (default iterations / 10, at least 1)",
        "  --trace         print the machine record instead of the human output",
        "  --help, -h      print this help",
    ]
}

/// A program's usage with its own options taken out (section 3.2: they go on
/// the second line before `[--help]` and in the list before `--help, -h`).
func commonUsage(_ lines: [String]) -> [String] {
    var common: [String] = []
    var ownOption = false
    for (index, line) in lines.enumerated() {
        if index == 1, let help = line.range(of: " [--help]"), let trace = line.range(of: " [--trace]") {
            common.append(String(line[..<trace.upperBound]) + String(line[help.lowerBound...]))
            continue
        }
        let listed = line.hasPrefix("  --") && !line.hasPrefix("  --help")
            && !contractUsage(program: "x").contains(line)
        ownOption = listed || (ownOption && line.hasPrefix(String(repeating: " ", count: 18)))
        if !ownOption { common.append(line) }
    }
    return common
}

/// Command lines in unusual but valid forms, and the plain ones they mean.
struct Spelling: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let meaning: [String]

    var testDescription: String { arguments.joined(separator: " ") }

    static let all: [Spelling] = [
        Spelling(arguments: ["--cells=+21", "--density", ".5", "--seed", "0007", "--iterations=3"],
                 meaning: ["--cells", "21", "--density", "0.5", "--seed", "7", "--iterations", "3"]),
        Spelling(arguments: ["--cells", "40", "--density", "5E-1", "--iterations", "4", "--report=2"],
                 meaning: ["--cells", "40", "--density", "0.5", "--iterations", "4"]),
        Spelling(arguments: ["--cells", "7", "--cells", "33", "--density", "+6.e-1", "--seed", "+0", "--iterations", "9",
                             "--trace"],
                 meaning: ["--cells", "33", "--density", "0.6", "--seed", "0", "--iterations", "9"]),
        // Rounded once to single precision: 0.52000001 is 0.52's float.
        Spelling(arguments: ["--cells", "65", "--density", "0.52000001", "--iterations", "5"],
                 meaning: ["--cells", "65", "--density", "0.52", "--iterations", "5"]),
    ]
}

struct SpellingCase: Sendable, CustomTestStringConvertible {
    let implementation: Implementation
    let spelling: Spelling

    var testDescription: String { "\(implementation.name) \(spelling.testDescription)" }

    static func all() throws -> [SpellingCase] {
        try Context.shared.get().implementations.flatMap { implementation in
            Spelling.all.map { SpellingCase(implementation: implementation, spelling: $0) }
        }
    }
}

@Suite("Option grammar")
struct GrammarTests {
    static func implementations() throws -> [Implementation] { try Context.shared.get().implementations }

    @Test("--help prints the contract's usage", arguments: try implementations())
    func help(_ implementation: Implementation) async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(implementation)
        let expected = contractUsage(program: implementation.programName)
        for arguments in [["--help"], ["-h"], ["--cells", "5", "--help", "--cells", "abc"]] {
            let output = try await run(implementation, workers: 1, arguments: arguments, timeout: .seconds(60),
                                       context: context)
            let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(output.succeeded && output.stderr.isEmpty, "\(arguments): \(output.ending), stderr: \(output.stderr)")
            #expect(commonUsage(lines) == expected, "\(arguments) printed:\n\(output.stdout)")
        }
    }

    @Test("unusual spellings mean what the contract says", arguments: try SpellingCase.all())
    func spelling(_ testCase: SpellingCase) async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(testCase.implementation)
        let (reference, workers) = (context.reference, testCase.implementation.launch == .serial ? 1 : 2)
        let expected = try TraceRecord(of: await run(reference, workers: 1, arguments: testCase.spelling.meaning + ["--trace"],
                                                     timeout: .seconds(60), context: context))
        let actual = try TraceRecord(of: await run(testCase.implementation, workers: workers,
                                                   arguments: testCase.spelling.arguments + ["--trace"],
                                                   timeout: .seconds(60), context: context))
        let difference = TraceRecord.firstDifference(expected: expected, actual: actual)
        #expect(difference == nil, "differs from \(reference.name) \(testCase.spelling.meaning.joined(separator: " ")): \(difference ?? "")")
    }
}
