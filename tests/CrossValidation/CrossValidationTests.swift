import Foundation
import Harness
import Testing

/// Runs one case with --trace and compares its record with each reference's
/// (never with its own): a failure names the reference that disagreed.
private func checkAgainstReferences(_ testCase: Case) async throws {
    let context = try Context.shared.get()
    try await context.requireBuilt(testCase.implementation)
    let actual = try await trace(testCase.implementation, testCase.configuration,
                                 workers: testCase.workers, context: context)
    let references = (testCase.bySimulation ? [context.reference, context.exact] : [context.exact])
        .filter { $0.name != testCase.implementation.name }
    for reference in references {
        let expected = try await ReferenceRecords.shared.record(of: reference, for: testCase.configuration,
                                                                context: context)
        let difference = TraceRecord.firstDifference(expected: expected, actual: actual)
        #expect(difference == nil, "\(testCase.testDescription) differs from \(reference.name): \(difference ?? "")")
    }
}

@Suite("Cross-validation against c-ser and the exact solution")
struct CrossValidationTests {
    @Test("c-ser meets the course's check values on the default road")
    func golden() async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(context.reference)
        let record = try await ReferenceRecords.shared.record(of: context.reference, for: .courseDefault(),
                                                              context: context)
        #expect(record.cars == 5_324_578)
        #expect(String(format: "%.6f", record.velocity(at: 10)) == "0.789610")
        #expect(String(format: "%.6f", record.velocity(at: 100)) == "0.898993")
    }

    @Test("agrees with both references", arguments: try Matrix.fixedCases())
    func fixed(_ testCase: Case) async throws {
        try await checkAgainstReferences(testCase)
    }

    @Test("agrees with both references on random roads", arguments: try Matrix.randomCases())
    func random(_ testCase: Case) async throws {
        try await checkAgainstReferences(testCase)
    }

    /// A road too long for the int-per-cell codes, whose checksum exceeds 2^63:
    /// the bit-packed codes must agree on it with the registry's first one.
    @Test("bit-packed codes agree on a checksum past 2^63", arguments: try Matrix.wideCases())
    func wide(_ testCase: Case) async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(testCase.implementation)
        let expected = try await WideReference.shared.record(context: context)
        let actual = try await trace(testCase.implementation, testCase.configuration,
                                     workers: testCase.workers, context: context)
        #expect(actual.checksum > UInt128(Int64.max), "checksum \(actual.checksum) fits in 64 bits: the case tests nothing")
        let difference = TraceRecord.firstDifference(expected: expected.record, actual: actual)
        #expect(difference == nil, "\(testCase.testDescription) differs from \(expected.name): \(difference ?? "")")
    }
}

/// The wide road's record from the registry's first bit-packed code, run once.
actor WideReference {
    static let shared = WideReference()
    private var record: Task<(name: String, record: TraceRecord), Error>?

    func record(context: Context) async throws -> (name: String, record: TraceRecord) {
        if let record { return try await record.value }
        let task = Task { () async throws -> (name: String, record: TraceRecord) in
            guard let reference = try context.repository.registry().first(where: Matrix.isBitPacked) else {
                throw HarnessError("the registry has no bit-packed implementation")
            }
            try await context.requireBuilt(reference)
            return (reference.name, try await trace(reference, Matrix.wide, workers: 1, context: context))
        }
        record = task
        return try await task.value
    }
}
