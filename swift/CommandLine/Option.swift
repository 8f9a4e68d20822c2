// One option of a command line (SPEC section 3): its names, what its value
// must be and how the usage lists it. A program's table is a list of these,
// the common options and its own alike.

/// An option of a program's command line.
public struct Option: Sendable, Equatable {
    /// What the option takes: nothing, or a value of one of these kinds.
    public enum Kind: Sendable, Equatable {
        case flag
        case integer(ClosedRange<Int>)
        /// A decimal number rounded to single precision, in 0...1: a density.
        case fraction
        /// One of a few words.
        case choice([String])
        /// A file's name: any text (whether it can be written is checked later).
        case file
        /// `FIRST:COUNT`, two integers: FIRST >= 0, COUNT in the range.
        case cellRange(ClosedRange<Int>)
    }

    /// The long name, such as `--cells`.
    public let name: String
    /// A second name (`-h` for `--help`).
    public let alias: String?
    public let kind: Kind
    /// How the usage names the value (`N`); empty for a flag.
    public let placeholder: String
    /// What a value must be, in "'x' is not <noun>": `an integer`.
    public let noun: String
    /// The description in the usage's list, one element per line.
    public let help: [String]

    /// An integer option, such as `--cells N`.
    public static func integer(_ name: String, _ range: ClosedRange<Int>, help: String...) -> Option {
        Option(name: name, alias: nil, kind: .integer(range), placeholder: "N", noun: "an integer", help: help)
    }

    /// A fraction option, `--density X`.
    public static func fraction(_ name: String, help: String...) -> Option {
        Option(name: name, alias: nil, kind: .fraction, placeholder: "X", noun: "a number", help: help)
    }

    /// An option taking one of `choices`, each a `noun` (`kernel`).
    public static func choice(_ name: String, _ placeholder: String, noun: String, choices: [String],
                              help: String...) -> Option {
        Option(name: name, alias: nil, kind: .choice(choices), placeholder: placeholder, noun: "a \(noun)",
               help: help)
    }

    /// An option naming a file, such as `--picture FILE`.
    public static func file(_ name: String, help: String...) -> Option {
        Option(name: name, alias: nil, kind: .file, placeholder: "FILE", noun: "a file name", help: help)
    }

    /// An option taking cells `FIRST:COUNT` of the road, COUNT within `counts`.
    public static func cellRange(_ name: String, counts: ClosedRange<Int>, help: String...) -> Option {
        Option(name: name, alias: nil, kind: .cellRange(counts), placeholder: "FIRST:COUNT", noun: "a cell range",
               help: help)
    }

    /// An option without a value, such as `--trace`.
    public static func flag(_ name: String, alias: String? = nil, help: String...) -> Option {
        Option(name: name, alias: alias, kind: .flag, placeholder: "", noun: "", help: help)
    }

    public var takesValue: Bool { kind != .flag }

    /// What a value may be, as the error messages say it.
    public var allowed: String {
        switch kind {
        case .flag: ""
        case .integer(let range) where range.upperBound == .max: "\(placeholder) >= \(range.lowerBound)"
        case .integer(let range): "\(range.lowerBound) <= \(placeholder) <= \(range.upperBound)"
        case .fraction: "0 <= \(placeholder) <= 1"
        case .choice(let choices): choices.joined(separator: ", ")
        case .file: "a file name"
        case .cellRange(let counts): "FIRST >= 0, \(counts.lowerBound) <= COUNT <= \(counts.upperBound)"
        }
    }

    /// The value that `text` gives this option (it takes one), or what is wrong with it.
    public func read(_ text: String) throws(CommandLineError) -> OptionValue {
        switch kind {
        case .flag:
            preconditionFailure("\(name) takes no value")
        case .integer(let range):
            guard Spelling.isInteger(text) else { throw .malformed(self, value: text) }
            // Int(String) is nil past 64 bits: out of range as well.
            guard let value = Int(text), range.contains(value) else { throw .outOfRange(self, value: text) }
            return .integer(value)
        case .fraction:
            if Spelling.isInfinityOrNaN(text) { throw .outOfRange(self, value: text) }
            guard Spelling.isDecimal(text) else { throw .malformed(self, value: text) }
            // Float(String) rounds once, to nearest; a value past the largest
            // float becomes infinity and NaN fails the range too.
            guard let value = Float(text), value >= 0, value <= 1 else { throw .outOfRange(self, value: text) }
            return .fraction(value)
        case .choice(let choices):
            guard choices.contains(text) else { throw .malformed(self, value: text) }
            return .choice(text)
        case .file:
            return .file(text)
        case .cellRange(let counts):
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, parts.allSatisfy(Spelling.isInteger) else { throw .malformed(self, value: text) }
            guard let first = Int(parts[0]), let count = Int(parts[1]), first >= 0, counts.contains(count) else {
                throw .outOfRange(self, value: text)
            }
            return .cellRange(first: first, count: count)
        }
    }

    /// The item in the usage's first two lines: `[--cells N]`.
    var usageItem: String { "[\(label(name))]" }

    /// The lines in the usage's list: names and value from column 3,
    /// description from column 19 (on the next line when they reach it).
    var usageLines: [String] {
        let names = ([name] + (alias.map { [$0] } ?? [])).joined(separator: ", ")
        let head = "  " + label(names)
        let indent = String(repeating: " ", count: Self.descriptionColumn)
        guard head.count < Self.descriptionColumn else { return [head] + help.map { indent + $0 } }
        let first = head + String(repeating: " ", count: Self.descriptionColumn - head.count) + help[0]
        return [first] + help.dropFirst().map { indent + $0 }
    }

    private static let descriptionColumn = 18

    private func label(_ names: String) -> String {
        takesValue ? "\(names) \(placeholder)" : names
    }
}

/// A value read from the command line.
public enum OptionValue: Sendable, Equatable {
    case integer(Int)
    case fraction(Float)
    case choice(String)
    case file(String)
    case cellRange(first: Int, count: Int)
}

/// The spellings of SPEC 3.1, checked byte by byte before any conversion:
/// Swift's own conversions accept more (Float("0x1p-1"), Float("nan")).
enum Spelling {
    /// An optional sign and one or more ASCII digits.
    static func isInteger(_ text: String) -> Bool {
        var scanner = Scanner(text)
        _ = scanner.skip(anyOf: "+-")
        return scanner.digits() > 0 && scanner.atEnd
    }

    /// An optional sign, digits with an optional `.` and fraction (or `.` and
    /// digits), and an optional exponent.
    static func isDecimal(_ text: String) -> Bool {
        var scanner = Scanner(text)
        _ = scanner.skip(anyOf: "+-")
        let digits = scanner.digits() + (scanner.skip(anyOf: ".") ? scanner.digits() : 0)
        guard digits > 0 else { return false }
        if scanner.skip(anyOf: "eE") {
            _ = scanner.skip(anyOf: "+-")
            guard scanner.digits() > 0 else { return false }
        }
        return scanner.atEnd
    }

    /// `nan`, `inf` or `infinity`, in any case, with an optional sign.
    static func isInfinityOrNaN(_ text: String) -> Bool {
        var scanner = Scanner(text)
        _ = scanner.skip(anyOf: "+-")
        let uppercase = UInt8(ascii: "A")...UInt8(ascii: "Z")
        let word = scanner.rest.map { uppercase.contains($0) ? $0 - UInt8(ascii: "A") + UInt8(ascii: "a") : $0 }
        return ["nan", "inf", "infinity"].contains(String(decoding: word, as: UTF8.self))
    }

    /// Reads a text's bytes from the front.
    private struct Scanner {
        var rest: Substring.UTF8View

        init(_ text: String) { rest = text[...].utf8 }

        var atEnd: Bool { rest.isEmpty }

        /// Skips the next byte if it is one of `characters`.
        mutating func skip(anyOf characters: String) -> Bool {
            guard let next = rest.first, characters.utf8.contains(next) else { return false }
            rest = rest.dropFirst()
            return true
        }

        /// Skips the ASCII digits that come next; how many there were.
        mutating func digits() -> Int {
            let count = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            rest = rest.dropFirst(count)
            return count
        }
    }
}
