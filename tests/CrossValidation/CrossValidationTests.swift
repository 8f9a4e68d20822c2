import Foundation
import Harness
import Testing

/// Runs one case with --trace and compares its record with the reference's.
private func checkAgainstReference(_ testCase: Case) async throws {
    let context = try Context.shared.get()
    try await context.requireBuilt(testCase.implementation)
    let expected = try await ReferenceRecords.shared.record(for: testCase.configuration, context: context)
    let actual = try await trace(testCase.implementation, testCase.configuration,
                                 workers: testCase.workers, context: context)
    let difference = TraceRecord.firstDifference(expected: expected, actual: actual)
    #expect(difference == nil, "\(testCase.testDescription) differs from \(context.reference.name): \(difference ?? "")")
}

@Suite("Cross-validation against c-ser")
struct CrossValidationTests {
    @Test("c-ser meets the course's check values on the default road")
    func golden() async throws {
        let context = try Context.shared.get()
        try await context.requireBuilt(context.reference)
        let record = try await ReferenceRecords.shared.record(for: .courseDefault(), context: context)
        #expect(record.cars == 5_324_578)
        #expect(String(format: "%.6f", record.velocity(at: 10)) == "0.789610")
        #expect(String(format: "%.6f", record.velocity(at: 100)) == "0.898993")
    }

    @Test("agrees with c-ser", arguments: try Matrix.fixedCases())
    func fixed(_ testCase: Case) async throws {
        try await checkAgainstReference(testCase)
    }

    @Test("agrees with c-ser on random roads", arguments: try Matrix.randomCases())
    func random(_ testCase: Case) async throws {
        try await checkAgainstReference(testCase)
    }
}
