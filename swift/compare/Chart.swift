import Foundation

/// A horizontal bar chart of MCOPs on a log scale, one bar per run, with the
/// speed-up over the baseline (Python's loops) beside each bar. Plain SVG, no
/// library.
struct Chart {
    struct Bar {
        let label: String
        let language: String
        let mcops: Double
        /// MCOPs of a solution, not a simulation.
        let equivalent: Bool
        let overPython: Double?
        let agrees: Bool
    }

    let title: String
    /// The implementation of the speed-ups.
    let baseline: String
    let bars: [Bar]

    // Layout, in pixels.
    private let labelWidth = 190.0, plotWidth = 560.0, noteWidth = 340.0
    private let top = 64.0, barHeight = 18.0, rowHeight = 26.0, bottom = 48.0

    private static let colours = ["C": "#4e79a7", "Fortran": "#b07aa1", "Swift": "#f28e2b", "Python": "#59a14f"]

    /// Whole decades around every bar; the shortest bar gets a third of a
    /// decade at least, so that it shows.
    private var decades: ClosedRange<Int> {
        let logs = bars.map { log10(max($0.mcops, 1e-3)) }
        let low = Int(((logs.min() ?? 0) - 0.3).rounded(.down))
        return low...max(low + 1, Int((logs.max() ?? 1).rounded(.up)))
    }

    private func x(_ mcops: Double) -> Double {
        let scale = decades
        let position = (log10(max(mcops, 1e-3)) - Double(scale.lowerBound))
            / Double(scale.upperBound - scale.lowerBound)
        return labelWidth + plotWidth * position
    }

    func svg() -> String {
        let width = labelWidth + plotWidth + noteWidth
        let height = top + rowHeight * Double(bars.count) + bottom
        let heading = svgHeading(x: labelWidth, "MCOPs (million cell updates per second), log scale", title)
        let body = [heading, grid(height: height)] + bars.enumerated().map(bar) + [axisTitle(height: height)]
        return svgDocument(width: width, height: height, body: body)
    }

    /// A vertical line and a label at each decade.
    private func grid(height: Double) -> String {
        decades.map { power in
            let position = x(pow(10, Double(power)))
            return """
                <line x1="\(position)" y1="\(top - 8)" x2="\(position)" y2="\(height - bottom + 4)" stroke="#ddd"/>
                <text x="\(position)" y="\(height - bottom + 18)" text-anchor="middle" fill="#555">\(decadeLabel(power))</text>
                """
        }.joined(separator: "\n")
    }

    private func axisTitle(height: Double) -> String {
        "<text x=\"\(labelWidth + plotWidth / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\" fill=\"#555\">MCOPs</text>"
    }

    private func bar(_ index: Int, _ bar: Bar) -> String {
        let y = top + rowHeight * Double(index)
        let end = x(bar.mcops), middle = y + barHeight / 2 + 4
        let colour = Self.colours[bar.language] ?? "#999"
        let speedUp = bar.overPython.map { ", \(grouped($0))x \(baseline)" } ?? ""
        let note = "\(grouped(bar.mcops)) MCOPs" + (bar.equivalent ? " equivalent" : "") + speedUp
            + (bar.agrees ? "" : ", DIFFERS")
        return """
            <text x="\(labelWidth - 8)" y="\(middle)" text-anchor="end">\(escape(bar.label))</text>
            <rect x="\(labelWidth)" y="\(y)" width="\(max(end - labelWidth, 1))" height="\(barHeight)" fill="\(colour)"/>
            <text x="\(end + 6)" y="\(middle)" fill="\(bar.agrees ? "#222" : "#c00")">\(escape(note))</text>
            """
    }
}

/// 10^power with a suffix: 1, 10, 100k, 1M, 10G (also the scaling plots' axes).
func decadeLabel(_ power: Int) -> String {
    let suffixes = [(9, "G"), (6, "M"), (3, "k"), (0, "")]
    guard power >= 0, let (step, suffix) = suffixes.first(where: { power >= $0.0 }) else {
        return String(format: "%g", pow(10, Double(power)))
    }
    return "\(Int(pow(10, Double(power - step))))\(suffix)"
}

/// A whole SVG document of `body`'s elements on white.
func svgDocument(width: Double, height: Double, body: [String]) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
    viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
    <rect width="100%" height="100%" fill="white"/>
    \(body.joined(separator: "\n"))
    </svg>

    """
}

/// A chart's title in bold and a line below it, from `x`.
func svgHeading(x: Double, _ title: String, _ subtitle: String) -> String {
    """
    <text x="\(x)" y="22" font-size="15" font-weight="bold">\(escape(title))</text>
    <text x="\(x)" y="40" fill="#555">\(escape(subtitle))</text>
    """
}

/// Three significant figures at least, thousands grouped: 1,234,567 or 0.0123.
func grouped(_ value: Double) -> String {
    guard value >= 1000 else { return String(format: value >= 100 ? "%.0f" : "%.3g", value) }
    let digits = String(Int(value.rounded()))
    return digits.enumerated().map { index, digit in
        index > 0 && (digits.count - index) % 3 == 0 ? ",\(digit)" : "\(digit)"
    }.joined()
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
}
