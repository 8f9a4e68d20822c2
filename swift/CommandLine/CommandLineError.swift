#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bad input (SPEC 4.1): the faults a command line can have. The
/// description is the contract's message, without the program's name.
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    /// An argument starting with `-` that names no option (or a flag given a value).
    case unknownOption(String)
    /// Any other argument that is not an option.
    case unexpectedArgument(String)
    /// A value option last on the line.
    case missingValue(Option)
    /// A value not spelled as the option's kind: not an integer, a number or a choice.
    case malformed(Option, value: String)
    /// A well-formed value outside what the option allows.
    case outOfRange(Option, value: String)
    /// An MPI run with fewer cells (`value`, as given) than processes.
    case fewerCellsThanProcesses(value: String, processes: Int)
    /// More threads than a threaded program runs, from OMP_NUM_THREADS (`value`, as given).
    case tooManyThreads(value: String, most: Int)
    /// A range of cells (`value`, as given) that does not fit in a road of `cells` cells.
    case outsideRoad(Option, value: String, cells: Int)
    /// A file (`value`, as given) that the program could not open for writing, with the errno.
    case unwritable(Option, value: String, errno: Int32)

    public var description: String {
        switch self {
        case .unknownOption(let argument):
            "unknown option '\(argument)'"
        case .unexpectedArgument(let argument):
            "unexpected argument '\(argument)'"
        case .missingValue(let option):
            "\(option.name) needs a value (allowed: \(option.allowed))"
        case .malformed(let option, let value):
            "\(option.name) '\(value)' is not \(option.noun) (allowed: \(option.allowed))"
        case .outOfRange(let option, let value):
            "\(option.name) '\(value)' is out of range (allowed: \(option.allowed))"
        case .fewerCellsThanProcesses(let value, let processes):
            "\(Option.cells.name) '\(value)' is less than the number of processes, \(processes) "
                + "(allowed: N >= \(processes))"
        case .tooManyThreads(let value, let most):
            "OMP_NUM_THREADS '\(value)' is out of range (allowed: 1 <= N <= \(most))"
        case .outsideRoad(let option, let value, let cells):
            "\(option.name) '\(value)' is outside the road of \(cells) cells (allowed: FIRST + COUNT <= \(cells))"
        case .unwritable(let option, let value, let code):
            "\(option.name) '\(value)' cannot be written: \(String(cString: strerror(code)))"
        }
    }
}
