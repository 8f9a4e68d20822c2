import Foundation

/// Lines on log-log axes, as one SVG group: plain SVG, no library. Each
/// series is a line through its points, with a legend entry.
struct LogLogPlot {
    struct Series {
        let label: String
        let colour: String
        let dashed: Bool
        let points: [(x: Double, y: Double)]
        /// Whether the label is written at the last point too.
        var labelled = false
    }

    let title: String
    let xTitle: String
    let yTitle: String
    let series: [Series]

    // Layout, in pixels.
    static let width = 560.0, height = 400.0
    private let left = 64.0, right = 16.0, top = 40.0, bottom = 48.0

    /// Distinct colours for up to twenty series; more repeat them.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
                          "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
                          "#1f3b73", "#a0522d", "#2e8b57", "#800080", "#000000"]

    private var xs: [Double] { series.flatMap { $0.points.map(\.x) }.filter { $0 > 0 && $0.isFinite } }
    private var ys: [Double] { series.flatMap { $0.points.map(\.y) }.filter { $0 > 0 && $0.isFinite } }

    /// Whole decades around the values (at least one).
    private static func decades(_ values: [Double]) -> ClosedRange<Int> {
        let low = Int(log10(values.min() ?? 1).rounded(.down))
        return low...max(low + 1, Int(log10(values.max() ?? 10).rounded(.up)))
    }

    private func position(_ value: Double, in range: ClosedRange<Int>, from start: Double, length: Double) -> Double {
        start + length * (log10(value) - Double(range.lowerBound)) / Double(range.upperBound - range.lowerBound)
    }

    private var plotWidth: Double { Self.width - left - right }
    private var plotHeight: Double { Self.height - top - bottom }

    private func x(_ value: Double, _ range: ClosedRange<Int>) -> Double {
        position(value, in: range, from: left, length: plotWidth)
    }

    private func y(_ value: Double, _ range: ClosedRange<Int>) -> Double {
        top + plotHeight - position(value, in: range, from: 0, length: plotHeight)
    }

    /// The plot, its top left corner at (`originX`, `originY`).
    func svg(originX: Double, originY: Double) -> String {
        let (xRange, yRange) = (Self.decades(xs), Self.decades(ys))
        var parts = ["<g transform=\"translate(\(originX),\(originY))\">",
                     "<text x=\"\(left)\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>"]
        parts += xRange.map { power in
            let at = x(pow(10, Double(power)), xRange)
            return "<line x1=\"\(at)\" y1=\"\(top)\" x2=\"\(at)\" y2=\"\(top + plotHeight)\" stroke=\"#ddd\"/>"
                + "<text x=\"\(at)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\" fill=\"#555\">\(decadeLabel(power))</text>"
        }
        parts += yRange.map { power in
            let at = y(pow(10, Double(power)), yRange)
            return "<line x1=\"\(left)\" y1=\"\(at)\" x2=\"\(left + plotWidth)\" y2=\"\(at)\" stroke=\"#ddd\"/>"
                + "<text x=\"\(left - 6)\" y=\"\(at + 4)\" text-anchor=\"end\" fill=\"#555\">\(decadeLabel(power))</text>"
        }
        parts.append("<text x=\"\(left + plotWidth / 2)\" y=\"\(Self.height - 12)\" text-anchor=\"middle\" fill=\"#555\">\(escape(xTitle))</text>")
        parts.append("<text transform=\"translate(14,\(top + plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">\(escape(yTitle))</text>")
        parts += series.map { line($0, xRange, yRange) }
        parts.append("</g>")
        return parts.joined(separator: "\n")
    }

    private func line(_ series: Series, _ xRange: ClosedRange<Int>, _ yRange: ClosedRange<Int>) -> String {
        let shown = series.points.filter { $0.x > 0 && $0.y > 0 && $0.x.isFinite && $0.y.isFinite }
        let coordinates = shown.map { String(format: "%.1f,%.1f", x($0.x, xRange), y($0.y, yRange)) }
        let dash = series.dashed ? " stroke-dasharray=\"5,3\"" : ""
        let marks = coordinates.map { point in
            let xy = point.split(separator: ",")
            return "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"\(series.colour)\"/>"
        }
        let label = coordinates.last.map { point in
            let xy = point.split(separator: ",")
            return series.labelled ? "<text x=\"\(xy[0])\" y=\"\(xy[1])\" dx=\"6\" dy=\"4\" fill=\"\(series.colour)\">\(escape(series.label))</text>" : ""
        } ?? ""
        return "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" stroke=\"\(series.colour)\" stroke-width=\"1.5\"\(dash)/>"
            + marks.joined() + label
    }
}

/// A legend: one coloured line and label per series, in rows.
func legend(_ series: [LogLogPlot.Series], originX: Double, originY: Double, columns: Int) -> String {
    series.enumerated().map { index, entry in
        let x = originX + Double(index % columns) * 260, y = originY + Double(index / columns) * 18
        let dash = entry.dashed ? " stroke-dasharray=\"5,3\"" : ""
        return "<line x1=\"\(x)\" y1=\"\(y - 4)\" x2=\"\(x + 24)\" y2=\"\(y - 4)\" stroke=\"\(entry.colour)\" stroke-width=\"2\"\(dash)/>"
            + "<text x=\"\(x + 30)\" y=\"\(y)\">\(escape(entry.label))</text>"
    }.joined(separator: "\n")
}
