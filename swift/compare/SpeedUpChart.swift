import Foundation

/// Speed-up against workers for every implementation that ran with several
/// worker counts (a sweep, jobs/sweep.sh): MCOPs over its MCOPs with the
/// fewest workers, both axes in powers of two, with the ideal line. Runs that
/// disagree with the reference are left out. Plain SVG, no library.
struct SpeedUpChart {
    struct Line {
        let label: String
        /// (workers, speed-up), by workers.
        let points: [(workers: Int, speedUp: Double)]
    }

    let title: String
    let lines: [Line]

    // Layout, in pixels.
    private let left = 70.0, plotWidth = 520.0, plotHeight = 360.0, top = 64.0, legendWidth = 260.0
    private static let colours = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#e15759", "#76b7b2", "#edc948"]

    init(title: String, rows: [Row]) {
        self.title = title
        let measured = rows.filter { $0.entry.agrees && $0.mcops != nil }
        let names = measured.map(\.entry.implementation.name).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        lines = names.compactMap { name in
            // The best rate at each worker count.
            var best: [Int: Double] = [:]
            for row in measured where row.entry.implementation.name == name {
                best[row.entry.workers] = max(best[row.entry.workers] ?? 0, row.mcops!)
            }
            guard best.count >= 2, let fewest = best.keys.min() else { return nil }
            return Line(label: name, points: best.keys.sorted().map { ($0, best[$0]! / best[fewest]!) })
        }
    }

    var hasLines: Bool { !lines.isEmpty }

    /// Powers of two spanning every worker count and speed-up.
    private var workerScale: ClosedRange<Int> {
        let counts = lines.flatMap { $0.points.map(\.workers) }
        return span(Double(counts.min() ?? 1), Double(counts.max() ?? 2))
    }

    private var speedUpScale: ClosedRange<Int> {
        let ideal = lines.map { Double($0.points.last!.workers) / Double($0.points[0].workers) }
        let values = lines.flatMap { $0.points.map(\.speedUp) } + ideal
        return span(values.min() ?? 1, values.max() ?? 2)
    }

    private func span(_ low: Double, _ high: Double) -> ClosedRange<Int> {
        let bottom = Int(log2(max(low, 1e-3)).rounded(.down))
        return bottom...max(bottom + 1, Int(log2(max(high, 1e-3)).rounded(.up)))
    }

    private func x(_ workers: Double) -> Double { left + plotWidth * fraction(log2(workers), workerScale) }

    private func y(_ speedUp: Double) -> Double {
        top + plotHeight * (1 - fraction(log2(max(speedUp, 1e-3)), speedUpScale))
    }

    private func fraction(_ value: Double, _ scale: ClosedRange<Int>) -> Double {
        (value - Double(scale.lowerBound)) / Double(scale.upperBound - scale.lowerBound)
    }

    func svg() -> String {
        let width = left + plotWidth + legendWidth, height = top + plotHeight + 56
        let heading = svgHeading(x: left, "Speed-up against workers (over each one's fewest), log scales", title)
        let body = [heading, axes()] + lines.enumerated().map(line)
        return svgDocument(width: width, height: height, body: body)
    }

    /// Grid lines and labels at each power of two, the axis titles.
    private func axes() -> String {
        let bottom = top + plotHeight
        let vertical = workerScale.map { power in
            let position = x(pow(2, Double(power)))
            return """
                <line x1="\(position)" y1="\(top)" x2="\(position)" y2="\(bottom)" stroke="#ddd"/>
                <text x="\(position)" y="\(bottom + 16)" text-anchor="middle" fill="#555">\(grouped(pow(2, Double(power))))</text>
                """
        }
        let horizontal = speedUpScale.map { power in
            let position = y(pow(2, Double(power)))
            return """
                <line x1="\(left)" y1="\(position)" x2="\(left + plotWidth)" y2="\(position)" stroke="#ddd"/>
                <text x="\(left - 6)" y="\(position + 4)" text-anchor="end" fill="#555">\(grouped(pow(2, Double(power))))</text>
                """
        }
        return (vertical + horizontal + [
            "<text x=\"\(left + plotWidth / 2)\" y=\"\(bottom + 36)\" text-anchor=\"middle\" fill=\"#555\">workers (processes or threads)</text>",
            "<text x=\"18\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" fill=\"#555\" "
                + "transform=\"rotate(-90 18 \(top + plotHeight / 2))\">speed-up</text>",
        ]).joined(separator: "\n")
    }

    /// An implementation's points joined, its ideal line dashed, its legend entry.
    private func line(_ index: Int, _ line: Line) -> String {
        let colour = Self.colours[index % Self.colours.count]
        let first = line.points[0], last = line.points[line.points.count - 1]
        let path = line.points.map { "\(x(Double($0.workers))),\(y($0.speedUp))" }.joined(separator: " ")
        let ideal = Double(last.workers) / Double(first.workers)
        let markers = line.points.map {
            "<circle cx=\"\(x(Double($0.workers)))\" cy=\"\(y($0.speedUp))\" r=\"3.5\" fill=\"\(colour)\"/>"
        }
        let legendY = top + 18 * Double(index)
        let summary = "\(line.label): \(String(format: "%.2f", last.speedUp))x on \(last.workers) (ideal \(grouped(ideal))x)"
        return ([
            "<line x1=\"\(x(Double(first.workers)))\" y1=\"\(y(1))\" x2=\"\(x(Double(last.workers)))\" y2=\"\(y(ideal))\" "
                + "stroke=\"\(colour)\" stroke-dasharray=\"4 4\" opacity=\"0.6\"/>",
            "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>",
        ] + markers + [
            "<rect x=\"\(left + plotWidth + 16)\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>",
            "<text x=\"\(left + plotWidth + 32)\" y=\"\(legendY)\">\(escape(summary))</text>",
        ]).joined(separator: "\n")
    }
}
