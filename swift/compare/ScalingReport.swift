import Foundation
import Harness

/// The sweep's table, CSV and chart.
struct ScalingReport {
    let points: [ScalingPoint]
    let ends: [ScalingEnd]
    let sizes: [Int]
    let title: String

    var allAgree: Bool { !ends.contains(where: \.failed) }

    /// The entries in the order they ran.
    private var labels: [String] { ends.map(\.entry.label) }

    private func points(of label: String) -> [ScalingPoint] { points.filter { $0.entry.label == label } }

    /// The first road at which the set-up took longer than the iterations.
    private func setUpOvertakes(_ label: String) -> Int? {
        points(of: label).first { $0.setUp > $0.loop }?.cells
    }

    // MARK: table

    /// MCOPs of every entry at every size, where set-up overtakes, and how
    /// the entry's sweep ended.
    func table() -> String {
        let header = ["implementation"] + sizes.map { "\(decadeLabel(Int(log10(Double($0)).rounded())))" }
            + ["set-up > loop from", "end"]
        let rows = ends.map { end in
            let mine = points(of: end.entry.label)
            return [end.entry.label] + sizes.map { cells in
                mine.first { $0.cells == cells }.map { String(format: "%.3g", $0.mcops) } ?? "-"
            } + [setUpOvertakes(end.entry.label).map { "\($0)" } ?? "-", end.note]
        }
        let grid = [header] + rows
        let widths = header.indices.dropLast().map { column in grid.map { $0[column].count }.max()! }
        return "MCOPs by road size (cells):\n" + grid.map { line in
            line.indices.map { column in
                column == line.count - 1 ? line[column]
                    : column == 0 ? line[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - line[column].count) + line[column]
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    // MARK: files

    func csv() -> String {
        let header = "implementation,language,model,launch,workers,cells,iterations,wall_seconds,setup_seconds,"
            + "loop_seconds,mcops_kind,mcops,reference,note"
        let measured = points.map { point in
            let implementation = point.entry.implementation
            return [implementation.name, implementation.language, implementation.model, implementation.launch.rawValue,
                    "\(point.entry.workers)", "\(point.cells)", "\(point.iterations)",
                    format("%.6f", point.wall), format("%.6f", point.setUp), format("%.6f", point.loop),
                    implementation.model == "exact" ? "equivalent" : "simulated", format("%.3f", point.mcops),
                    point.reference, ""].joined(separator: ",")
        }
        // One line more per entry: how its sweep ended (no measurement).
        let endings = ends.map { end in
            let implementation = end.entry.implementation
            return [implementation.name, implementation.language, implementation.model, implementation.launch.rawValue,
                    "\(end.entry.workers)", "", "", "", "", "", "", "", "",
                    "\"\(end.note.replacingOccurrences(of: "\"", with: "'"))\""].joined(separator: ",")
        }
        return ([header] + measured + endings).joined(separator: "\n") + "\n"
    }

    func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try csv().write(to: folder.appendingPathComponent("scaling.csv"), atomically: true, encoding: .utf8)
        try svg().write(to: folder.appendingPathComponent("scaling.svg"), atomically: true, encoding: .utf8)
    }

    // MARK: chart

    /// Each implementation's colour; one worker solid, more dashed.
    private func style(_ entry: Entry) -> (colour: String, dashed: Bool) {
        let names = ends.map(\.entry.implementation.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let index = names.firstIndex(of: entry.implementation.name) ?? 0
        return (LogLogPlot.palette[index % LogLogPlot.palette.count], entry.workers > 1)
    }

    private func series(_ value: (ScalingPoint) -> Double) -> [LogLogPlot.Series] {
        ends.map { end in
            let (colour, dashed) = style(end.entry)
            return LogLogPlot.Series(label: end.entry.label, colour: colour, dashed: dashed,
                                     points: points(of: end.entry.label).map { (Double($0.cells), value($0)) })
        }
    }

    /// MCOPs against workers, per parallel implementation, at the largest
    /// road every one of its worker counts ran.
    private func workerSeries() -> [LogLogPlot.Series] {
        let parallel = Dictionary(grouping: ends.map(\.entry).filter { $0.implementation.launch != .serial },
                                  by: \.implementation.name)
        return parallel.keys.sorted().compactMap { name in
            let entries = parallel[name]!
            let common = entries.map { entry in Set(points(of: entry.label).map(\.cells)) }.reduce(Set(sizes)) { $0.intersection($1) }
            guard let cells = common.max() else { return nil }
            let curve = entries.compactMap { entry in
                points(of: entry.label).first { $0.cells == cells }.map { (Double(entry.workers), $0.mcops) }
            }
            return LogLogPlot.Series(label: "\(name), \(cells) cells", colour: style(entries[0]).colour, dashed: false,
                                     points: curve.sorted { $0.0 < $1.0 }, labelled: true)
        }
    }

    func svg() -> String {
        let plots = [
            LogLogPlot(title: "MCOPs against road size", xTitle: "cells", yTitle: "MCOPs", series: series(\.mcops)),
            LogLogPlot(title: "Wall time against road size", xTitle: "cells", yTitle: "seconds (process, end to end)",
                       series: series(\.wall)),
            LogLogPlot(title: "Set-up time against road size", xTitle: "cells",
                       yTitle: "seconds (wall minus the loop)", series: series(\.setUp)),
            LogLogPlot(title: "MCOPs against workers", xTitle: "threads or processes", yTitle: "MCOPs",
                       series: workerSeries()),
        ]
        let (width, height) = (LogLogPlot.width, LogLogPlot.height)
        let legendTop = 2 * height + 60
        let legendRows = (ends.count + 3) / 4
        let total = legendTop + 18 * Double(legendRows) + 20
        let panels = plots.enumerated().map { index, plot in
            plot.svg(originX: Double(index % 2) * width, originY: 40 + Double(index / 2) * height)
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(2 * width))" height="\(Int(total))" \
            viewBox="0 0 \(Int(2 * width)) \(Int(total))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="16" y="24" font-size="15" font-weight="bold">\(escape(title))</text>
            \(panels.joined(separator: "\n"))
            \(legend(series(\.mcops), originX: 16, originY: legendTop, columns: 4))
            </svg>

            """
    }
}
