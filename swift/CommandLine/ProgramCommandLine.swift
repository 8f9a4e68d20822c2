// The grammar of SPEC 3.1 and the usage of SPEC 3.2 over a program's table of
// options.

/// What a command line asks for.
public enum Request: Sendable, Equatable {
    case help
    case run(ParsedOptions)
}

/// The options a command line gives, every value checked; a repeated option
/// keeps its last value.
public struct ParsedOptions: Sendable, Equatable {
    private struct Given: Sendable, Equatable {
        let text: String
        let value: OptionValue
    }

    private var values: [String: Given] = [:]
    private var flags: Set<String> = []

    mutating func set(_ option: Option, text: String, value: OptionValue) {
        values[option.name] = Given(text: text, value: value)
    }

    mutating func set(_ flag: Option) {
        flags.insert(flag.name)
    }

    public func contains(_ flag: Option) -> Bool { flags.contains(flag.name) }

    /// The value as it was given.
    public func text(_ option: Option) -> String? { values[option.name]?.text }

    public func integer(_ option: Option) -> Int? {
        guard case .integer(let value) = values[option.name]?.value else { return nil }
        return value
    }

    public func fraction(_ option: Option) -> Float? {
        guard case .fraction(let value) = values[option.name]?.value else { return nil }
        return value
    }

    public func choice(_ option: Option) -> String? {
        guard case .choice(let value) = values[option.name]?.value else { return nil }
        return value
    }

    public func cellRange(_ option: Option) -> (first: Int, count: Int)? {
        guard case .cellRange(let first, let count) = values[option.name]?.value else { return nil }
        return (first, count)
    }
}

/// A program's command line: its name and its options, in the order the
/// usage lists them (the common ones, the program's own, `--help`).
public struct ProgramCommandLine: Sendable {
    public let program: String
    public let options: [Option]

    /// The common options with `own` added, for `program`.
    public init(program: String = programName(), own: [Option] = []) {
        self.program = program
        options = Option.common + own + [.help]
    }

    /// Reads `arguments` left to right, stopping at the first fault or at
    /// `--help`, whichever comes first.
    public func parse(_ arguments: [String]) throws(CommandLineError) -> Request {
        var parsed = ParsedOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard case let (option, attached)? = match(argument) else { throw Self.stray(argument) }
            if option == .help { return .help }
            guard option.takesValue else {
                parsed.set(option)
                continue
            }
            // `--name VALUE` takes the next argument, whatever it looks like.
            guard let text = attached ?? rest.popFirst() else { throw .missingValue(option) }
            parsed.set(option, text: text, value: try option.read(text))
        }
        return .run(parsed)
    }

    /// The option `argument` names, with its value when written `--name=VALUE`
    /// (only a value option has that form).
    private func match(_ argument: String) -> (Option, String?)? {
        if let option = options.first(where: { $0.name == argument || $0.alias == argument }) {
            return (option, nil)
        }
        let bytes = argument.utf8
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let name = String(Substring(bytes[..<equals]))
        guard let option = options.first(where: { $0.name == name && $0.takesValue }) else { return nil }
        return (option, String(Substring(bytes[bytes.index(after: equals)...])))
    }

    /// The fault of an argument that is no option of this program.
    private static func stray(_ argument: String) -> CommandLineError {
        argument.utf8.first == UInt8(ascii: "-") && argument.utf8.count > 1
            ? .unknownOption(argument) : .unexpectedArgument(argument)
    }

    /// The usage text that `--help` prints.
    public var usage: String {
        let lead = "usage: \(program) "
        let items = options.map(\.usageItem)
        let synopsis = [lead + items.prefix(Self.firstLineItems).joined(separator: " "),
                        String(repeating: " ", count: lead.count)
                            + items.dropFirst(Self.firstLineItems).joined(separator: " ")]
        let lines = synopsis + ["", Self.summary, ""] + options.flatMap(\.usageLines)
        return lines.joined(separator: "\n") + "\n"
    }

    /// SPEC 3.2 puts the first four options on the usage's first line.
    private static let firstLineItems = 4
    private static let summary = "Simulate the traffic cellular automaton (rule 184) on a circular road."
}
