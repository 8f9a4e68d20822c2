import TrafficCommandLine

// Kept apart from the command's file: TrafficCommandLine's Option and
// argument-parser's @Option share a name.

/// The first value that the traffic programs' own rules refuse, in their
/// words: integers with their allowed ranges, then a density.
func firstProblem(integers: [(name: String, value: Int, range: ClosedRange<Int>)], density: String) -> String? {
    do {
        for integer in integers {
            _ = try Option.integer(integer.name, integer.range, help: "").read(String(integer.value))
        }
        _ = try Option.density.read(density)
        return nil
    } catch {
        return "\(error)"
    }
}
