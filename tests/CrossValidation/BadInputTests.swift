import Foundation
import Harness
import Testing

/// A bad command line and the error message (README, "Errors") it must give.
struct BadInput: Sendable {
    let arguments: [String]
    let message: String
    /// True when only the start of the message is fixed.
    var prefixOnly = false

    static let allowed = [
        "--cells": "N >= 1", "--iterations": "N >= 1", "--report": "N >= 1",
        "--density": "0 <= X <= 1", "--seed": "0 <= N <= 900000000",
    ]

    static func outOfRange(_ option: String, _ value: String) -> BadInput {
        BadInput(arguments: [option, value], message: "\(option) '\(value)' is out of range (allowed: \(allowed[option]!))")
    }

    /// SPEC section 4, for every binary.
    static let all: [BadInput] = [
        BadInput(arguments: ["--foo"], message: "unknown option '--foo'"),
        BadInput(arguments: ["foo"], message: "unexpected argument 'foo'"),
        BadInput(arguments: ["--cells"], message: "--cells needs a value (allowed: N >= 1)"),
        BadInput(arguments: ["--trace", "--seed"], message: "--seed needs a value (allowed: 0 <= N <= 900000000)"),
        BadInput(arguments: ["--cells", "abc"], message: "--cells 'abc' is not an integer (allowed: N >= 1)"),
        BadInput(arguments: ["--iterations", "1.5"], message: "--iterations '1.5' is not an integer (allowed: N >= 1)"),
        BadInput(arguments: ["--density", "x"], message: "--density 'x' is not a number (allowed: 0 <= X <= 1)"),
        // NaN: rejected, whether called not a number or out of range.
        BadInput(arguments: ["--density", "nan"], message: "--density 'nan' is ", prefixOnly: true),
        outOfRange("--cells", "0"),
        BadInput(arguments: ["--cells=-5"], message: "--cells '-5' is out of range (allowed: N >= 1)"),
        outOfRange("--iterations", "0"),
        outOfRange("--density", "1.5"),
        outOfRange("--density", "-0.1"),
        outOfRange("--seed", "-1"),
        outOfRange("--seed", "900000001"),
        outOfRange("--report", "0"),
    ]

    /// Whether `line` is `<program>: <message>`.
    func matches(_ line: Substring) -> Bool {
        guard let colon = line.range(of: ": ") else { return false }
        let program = line[..<colon.lowerBound], rest = line[colon.upperBound...]
        let named = !program.isEmpty && !program.contains(where: \.isWhitespace)
        return named && (prefixOnly ? rest.hasPrefix(message) : rest == message)
    }
}

struct BadInputCase: Sendable, CustomTestStringConvertible {
    let implementation: Implementation
    let workers: Int
    let input: BadInput

    var testDescription: String {
        [implementation.name, implementation.workerLabel(workers), input.arguments.joined(separator: " ")]
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Every bad input on every selected binary (MPI ones with 2 processes),
    /// and more processes than cells for the MPI ones.
    static func all() throws -> [BadInputCase] {
        let implementations = try Context.shared.get().implementations
        let common = implementations.flatMap { implementation in
            BadInput.all.map {
                BadInputCase(implementation: implementation, workers: implementation.launch == .serial ? 1 : 2, input: $0)
            }
        }
        let tooFew = BadInput(arguments: ["--cells", "3"],
                              message: "--cells '3' is less than the number of processes, 4 (allowed: N >= 4)")
        let mpi = implementations.filter { $0.launch == .mpi }
            .map { BadInputCase(implementation: $0, workers: 4, input: tooFew) }
        return common + mpi
    }
}

@Suite("Bad input")
struct BadInputTests {
    @Test("is refused with one error line", arguments: try BadInputCase.all())
    func refused(_ testCase: BadInputCase) async throws {
        let context = try Context.shared.get()
        let implementation = testCase.implementation
        try await context.requireBuilt(implementation)
        let output = try await run(implementation, workers: testCase.workers, arguments: testCase.input.arguments,
                                   timeout: .seconds(30), context: context)
        let lines = output.stderr.split(separator: "\n")
        #expect(output.stdout.isEmpty, "stdout: \(output.stdout.debugDescription)")
        if implementation.launch == .mpi {
            // mpirun adds lines of its own: the program's line must be there once.
            #expect(!output.succeeded && !output.timedOut, "\(output.ending)")
            #expect(lines.filter(testCase.input.matches).count == 1,
                    "expected '<program>: \(testCase.input.message)' once; stderr: \(output.stderr.debugDescription)")
        } else {
            #expect(output.status == 2 && !output.signalled && !output.timedOut, "\(output.ending)")
            #expect(lines.count == 1 && lines.allSatisfy(testCase.input.matches),
                    "expected '<program>: \(testCase.input.message)' alone; stderr: \(output.stderr.debugDescription)")
        }
    }
}
