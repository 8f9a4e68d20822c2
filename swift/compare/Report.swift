import Foundation
import Harness

/// The measured figures of one entry, ready to print.
struct Row {
    let entry: Entry
    let mcops: Double?
    let mcopsRange: ClosedRange<Double>?
    let seconds: Double?
    var overPython: Double?
    var overReference: Double?

    /// The road's length.
    let cells: Int

    init(_ entry: Entry, cells: Int) {
        self.entry = entry
        self.cells = entry.cells ?? cells
        let rates = entry.mcops(cells: cells)
        mcops = median(rates)
        mcopsRange = rates.min().map { $0...rates.max()! }
        seconds = median(entry.seconds)
    }

    var velocity: Double? { entry.velocity ?? entry.check?.velocity(at: entry.checkIterations) }

    /// Whether its MCOPs are equivalent ones: cells x iterations over the
    /// seconds of a solution that updates no cell.
    var isEquivalent: Bool { entry.implementation.model == "exact" }

    /// "simulated" or "equivalent", as the table, the CSV and the chart say.
    var mcopsKind: String { isEquivalent ? "equivalent" : "simulated" }
}

func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted(), middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The table, the CSV and the chart of one comparison.
struct Report {
    let rows: [Row]
    let bench: Bool
    /// The speed-ups are over these two implementations' first rows.
    let baseline: String
    let reference: String

    static let defaultBaseline = "python-ser"

    init(entries: [Entry], cells: Int, bench: Bool, baseline: String = defaultBaseline,
         reference: String = Repository.referenceName) {
        (self.baseline, self.reference) = (baseline, reference)
        var rows = entries.map { Row($0, cells: cells) }
        let python = rows.first { $0.entry.implementation.name == baseline }?.mcops
        let reference = rows.first { $0.entry.implementation.name == reference }?.mcops
        for index in rows.indices {
            rows[index].overPython = ratio(rows[index].mcops, python)
            rows[index].overReference = ratio(rows[index].mcops, reference)
        }
        self.rows = rows
        self.bench = bench
    }

    var allAgree: Bool { rows.allSatisfy(\.entry.agrees) }

    var verdict: String {
        let failed = rows.filter { !$0.entry.agrees }
        if failed.isEmpty {
            return "All \(rows.count) runs agree with \(reference) and \(Repository.exactName): "
                + "every check run with both, every timed run's whole record with \(Repository.exactName)."
        }
        return "NOT ALL AGREE: \(failed.count) of \(rows.count) runs differ from a reference or failed:\n"
            + failed.map { "  \($0.entry.label): \($0.entry.problem ?? "")" }.joined(separator: "\n")
    }

    // MARK: table

    private var columns: [(title: String, alignLeft: Bool, value: (Row) -> String)] {
        var columns: [(String, Bool, (Row) -> String)] = [
            ("implementation", true, { $0.entry.implementation.name }),
            ("language", true, { $0.entry.implementation.language }),
            ("model", true, { $0.entry.implementation.model }),
            ("workers", false, { "\($0.entry.workers)" }),
        ]
        // Collected jobs each bring their own road.
        if rows.contains(where: { $0.entry.cells != nil }) {
            columns.append(("cells", false, { "\($0.cells)" }))
        }
        columns += [
            ("cars", false, { $0.entry.check.map { "\($0.cars)" } ?? "-" }),
            ("velocity", false, { format("%.6f", $0.velocity) }),
            ("at it.", false, { "\($0.entry.checkIterations)" }),
            ("timed it.", false, { "\($0.entry.timedIterations)" }),
            ("seconds", false, { format("%.3f", $0.seconds) }),
            ("MCOPs", false, { format("%.2f", $0.mcops) + ($0.isEquivalent ? " equivalent" : "") }),
        ]
        if bench {
            columns.append(("min-max", false, { row in
                row.mcopsRange.map { String(format: "%.2f-%.2f", $0.lowerBound, $0.upperBound) } ?? "-"
            }))
        }
        columns += [
            ("x \(baseline)", false, { format("%.1f", $0.overPython) }),
            ("x \(reference)", false, { format("%.2f", $0.overReference) }),
            ("agrees", true, { $0.entry.agrees ? "yes" : "NO" }),
        ]
        return columns
    }

    func table() -> String {
        let columns = self.columns
        let grid = [columns.map(\.title)] + rows.map { row in columns.map { $0.value(row) } }
        let widths = columns.indices.map { column in grid.map { $0[column].count }.max()! }
        return grid.map { line in
            columns.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - line[column].count)
                return columns[column].alignLeft ? line[column] + padding : padding + line[column]
            }.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    // MARK: files

    func csv() -> String {
        let header = "implementation,language,model,launch,workers,cells,cars,velocity,check_iterations,"
            + "timed_iterations,repeats,seconds_median,mcops_kind,mcops_median,mcops_min,mcops_max,"
            + "speedup_over_\(baseline),speedup_over_\(reference),agrees"
        let lines = rows.map { row in
            let implementation = row.entry.implementation
            return [implementation.name, implementation.language, implementation.model,
                    implementation.launch.rawValue, "\(row.entry.workers)", "\(row.cells)",
                    row.entry.check.map { "\($0.cars)" } ?? "", format("%.6f", row.velocity, missing: ""),
                    "\(row.entry.checkIterations)", "\(row.entry.timedIterations)", "\(row.entry.seconds.count)",
                    format("%.6f", row.seconds, missing: ""), row.mcopsKind, format("%.3f", row.mcops, missing: ""),
                    format("%.3f", row.mcopsRange?.lowerBound, missing: ""),
                    format("%.3f", row.mcopsRange?.upperBound, missing: ""),
                    format("%.3f", row.overPython, missing: ""), format("%.4f", row.overReference, missing: ""),
                    row.entry.agrees ? "yes" : "no"].joined(separator: ",")
        }
        return ([header] + lines).joined(separator: "\n") + "\n"
    }

    func write(to folder: URL, title: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try csv().write(to: folder.appendingPathComponent("results.csv"), atomically: true, encoding: .utf8)
        let chart = Chart(title: title, baseline: baseline, bars: rows.compactMap { row in
            row.mcops.map { Chart.Bar(label: row.entry.label, language: row.entry.implementation.language,
                                      mcops: $0, equivalent: row.isEquivalent, overPython: row.overPython,
                                      agrees: row.entry.agrees) }
        })
        try chart.svg().write(to: folder.appendingPathComponent("mcops.svg"), atomically: true, encoding: .utf8)
    }
}

private func ratio(_ value: Double?, _ base: Double?) -> Double? {
    guard let value, let base, base > 0 else { return nil }
    return value / base
}

func format(_ pattern: String, _ value: Double?, missing: String = "-") -> String {
    value.map { String(format: pattern, $0) } ?? missing
}
