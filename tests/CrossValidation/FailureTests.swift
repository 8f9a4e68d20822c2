import Foundation
import Harness
import Testing

/// Where a run's stdout goes, as a user's shell would send it. The redirection
/// is made by a shell right before the program, so that under MPI it is each
/// rank's own stdout (the launcher's is not the program's to check).
enum Output: String, Sendable {
    case captured = ""
    case full = ">/dev/full"
    case closed = ">&-"
    case earlyReader = "| head -1"

    var wrapper: [String] {
        switch self {
        case .captured: []
        case .full: ["/bin/sh", "-c", #"exec "$@" >/dev/full"#, "sh"]
        case .closed: ["/bin/sh", "-c", #"exec "$@" >&-"#, "sh"]
        // pipefail: the status is the program's, not head's.
        case .earlyReader: ["/bin/bash", "-c", #"set -o pipefail; "$@" | head -n 1 >/dev/null"#, "bash"]
        }
    }
}

/// What a failing run must do (docs/SPEC.md section 4).
enum Outcome: Sendable {
    /// Bad input: status 2 and `<program>: <message>`.
    case refused(String)
    /// Bad input whose message is fixed up to this prefix.
    case refusedStartingWith(String)
    /// No memory for the road: status 1 and the line naming these cells.
    case noMemory(String)
    /// Output lost: status 1 and `<program>: cannot write output: <reason>`.
    case cannotWrite
    /// Another output lost (a picture): status 1 and this message.
    case lost(String)
    /// The reader went away: the default SIGPIPE action, nothing on stderr.
    case quietEnd

    var status: Int32 {
        switch self {
        case .refused, .refusedStartingWith: 2
        case .noMemory, .cannotWrite, .lost: 1
        case .quietEnd: 128 + SIGPIPE
        }
    }

    /// The message after `<program>: ` and whether only its start is fixed; nil: no line.
    var message: (text: String, prefix: Bool)? {
        switch self {
        case .refused(let text): (text, false)
        case .refusedStartingWith(let text): (text, true)
        case .noMemory(let cells): ("cannot allocate memory for \(cells) cells", false)
        case .cannotWrite: ("cannot write output: ", true)
        case .lost(let text): (text, false)
        case .quietEnd: nil
        }
    }
}

/// How an implementation holds the road, by its registry model: what the
/// memory rule (SPEC 4.2) charges it per cell.
enum Storage: Sendable, CaseIterable {
    /// 1 bit a cell (the bit-packed kernels).
    case bits
    /// 4 bytes a cell across numpy's bool arrays.
    case numpyBytes
    /// 8 bytes a cell or more: two int roads, or Python lists.
    case ints
    /// The exact solver: a byte a cell, then bytes per car once drawn.
    case solved

    init(model: String) {
        self = model.contains("bit-packed") ? .bits : model == "numpy" ? .numpyBytes : model == "exact" ? .solved : .ints
    }
}

/// The machine's physical memory, as SPEC 4.2 has the programs read it.
let physicalMemory = sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE))

/// One row of the table: a command line, its environment and stdout, and what must happen.
struct Fault: Sendable {
    let arguments: [String]
    var environment: [String: String] = [:]
    var output: Output = .captured
    let outcome: Outcome
    /// The launches it applies to.
    var launches: Set<Launch> = Set(Launch.allCases)
    /// The programs it applies to (their options), nil: all.
    var programs: Set<String>? = nil
    /// The storage it applies to.
    var storage: Set<Storage> = Set(Storage.allCases)

    func applies(to implementation: Implementation) -> Bool {
        launches.contains(implementation.launch) && storage.contains(Storage(model: implementation.model))
            && programs?.contains(implementation.programName) ?? true
    }

    /// A road of `cells` cells, refused for want of memory.
    static func noMemory(_ cells: Int, storage: Set<Storage> = Set(Storage.allCases)) -> Fault {
        Fault(arguments: ["--cells", "\(cells)", "--trace"], outcome: .noMemory("\(cells)"), storage: storage)
    }

    static let allowed = [
        "--cells": "N >= 1", "--iterations": "N >= 1", "--report": "N >= 1",
        "--density": "0 <= X <= 1", "--seed": "0 <= N <= 900000000",
    ]

    static func notInteger(_ option: String, _ value: String, _ arguments: [String]) -> Fault {
        Fault(arguments: arguments, outcome: .refused("\(option) '\(value)' is not an integer (allowed: \(allowed[option]!))"))
    }

    static func notNumber(_ value: String, _ arguments: [String]? = nil) -> Fault {
        Fault(arguments: arguments ?? ["--density", value],
              outcome: .refused("--density '\(value)' is not a number (allowed: 0 <= X <= 1)"))
    }

    static func outOfRange(_ option: String, _ value: String, _ arguments: [String]? = nil) -> Fault {
        Fault(arguments: arguments ?? [option, value],
              outcome: .refused("\(option) '\(value)' is out of range (allowed: \(allowed[option]!))"))
    }

    /// Bad input (sections 3.1 and 4.1).
    static let badInput: [Fault] = [
        Fault(arguments: ["--foo"], outcome: .refused("unknown option '--foo'")),
        Fault(arguments: ["--cell", "5"], outcome: .refused("unknown option '--cell'")),
        Fault(arguments: ["--trace=yes"], outcome: .refused("unknown option '--trace=yes'")),
        Fault(arguments: ["--help=x"], outcome: .refused("unknown option '--help=x'")),
        Fault(arguments: ["-x"], outcome: .refused("unknown option '-x'")),
        Fault(arguments: ["foo"], outcome: .refused("unexpected argument 'foo'")),
        Fault(arguments: ["-"], outcome: .refused("unexpected argument '-'")),
        Fault(arguments: ["--cells"], outcome: .refused("--cells needs a value (allowed: N >= 1)")),
        Fault(arguments: ["--trace", "--seed"], outcome: .refused("--seed needs a value (allowed: 0 <= N <= 900000000)")),
        Fault(arguments: ["--density"], outcome: .refused("--density needs a value (allowed: 0 <= X <= 1)")),
        notInteger("--cells", "abc", ["--cells", "abc"]),
        notInteger("--cells", "--trace", ["--cells", "--trace"]),
        notInteger("--cells", "", ["--cells="]),
        notInteger("--iterations", "1.5", ["--iterations", "1.5"]),
        notInteger("--cells", "1_000", ["--cells", "1_000"]),
        notInteger("--cells", " 5", ["--cells", " 5"]),
        notInteger("--seed", "0x10", ["--seed", "0x10"]),
        notInteger("--report", "1e3", ["--report", "1e3"]),
        notNumber("x"),
        notNumber("0x1p-1"),
        notNumber(" 0.5"),
        notNumber("0.5 "),
        notNumber("1,5"),
        notNumber("1.5d0"),
        notNumber("e5"),
        notNumber("", ["--density="]),
        outOfRange("--density", "nan"),
        outOfRange("--density", "-Infinity"),
        outOfRange("--density", "1.5"),
        outOfRange("--density", "-0.1"),
        outOfRange("--density", "1.00000006"),
        outOfRange("--cells", "0"),
        outOfRange("--cells", "-5", ["--cells=-5"]),
        outOfRange("--cells", "99999999999999999999"),
        outOfRange("--iterations", "-9223372036854775809"),
        outOfRange("--iterations", "0"),
        outOfRange("--seed", "-1"),
        outOfRange("--seed", "900000001"),
        outOfRange("--report", "0"),
        // Left to right: the first error wins, even over a later --help; a
        // repeated option's every value is checked.
        notInteger("--cells", "abc", ["--cells", "abc", "--help"]),
        notInteger("--cells", "abc", ["--cells", "abc", "--cells", "5"]),
        notInteger("--cells", "abc", ["--cells", "5", "--cells", "abc"]),
        outOfRange("--seed", "-1", ["--seed", "-1", "--cells", "abc"]),
        Fault(arguments: ["--cells", "5", "foo", "--bar"], outcome: .refused("unexpected argument 'foo'")),
        // An OpenMP program refuses more threads than it can start.
        Fault(arguments: ["--cells", "100", "--iterations", "5"], environment: ["OMP_NUM_THREADS": "100000"],
              outcome: .refused("OMP_NUM_THREADS '100000' is out of range (allowed: 1 <= N <= 1024)"),
              launches: [.threads]),
    ]

    /// Output that cannot be written, and roads that do not fit (sections 4.2, 4.3).
    static let lostOutputAndMemory: [Fault] = [
        Fault(arguments: ["--cells", "100", "--iterations", "5", "--trace"], output: .full, outcome: .cannotWrite),
        Fault(arguments: ["--cells", "100", "--iterations", "5"], output: .full, outcome: .cannotWrite),
        Fault(arguments: ["--help"], output: .full, outcome: .cannotWrite),
        Fault(arguments: ["--cells", "100", "--iterations", "5", "--trace"], output: .closed, outcome: .cannotWrite),
        Fault(arguments: ["--cells", "100", "--iterations", "5"], output: .closed, outcome: .cannotWrite),
        // Over 200 kB of record: far more than a pipe holds.
        Fault(arguments: ["--cells", "10", "--iterations", "20000", "--trace"], output: .earlyReader, outcome: .quietEnd),
        Fault(arguments: ["--cells", "9223372036854775807"], outcome: .noMemory("9223372036854775807")),
        noMemory(1_000_000_000_000_000),
        // SPEC 4.2's rule on this machine's memory, refused before anything is
        // touched (the OOM killer would strike otherwise, or after minutes of
        // drawing): more bits than the memory has bytes, for everyone; 4
        // bytes a cell, which the int and numpy roads exceed; and a cell for
        // every 6 bytes, where the two int roads (8 bytes a cell) exceed the
        // memory, but under 2 threads or 2 MPI ranks only summed over the
        // node: each worker's part alone would fit.
        noMemory(8 * physicalMemory + 64),
        noMemory(physicalMemory / 4 + 1, storage: [.ints, .numpyBytes]),
        noMemory(physicalMemory / 6, storage: [.ints]),
    ]

    /// --picture's faults (SPEC 3.3) on the programs that take it.
    static let picture: [Fault] = [
        Fault(arguments: ["--cells", "100", "--picture", "/no/such/dir/x.png"],
              outcome: .refused("--picture '/no/such/dir/x.png' cannot be written: No such file or directory")),
        Fault(arguments: ["--cells", "100", "--picture", "/"], outcome: .refused("--picture '/' cannot be written: Is a directory")),
        Fault(arguments: ["--picture-cells", "5"],
              outcome: .refused("--picture-cells '5' is not a cell range (allowed: FIRST >= 0, 1 <= COUNT <= 10000)")),
        Fault(arguments: ["--picture-rows", "10001"],
              outcome: .refused("--picture-rows '10001' is out of range (allowed: 1 <= N <= 10000)")),
        Fault(arguments: ["--cells", "100", "--picture", "x.png", "--picture-cells", "95:10"],
              outcome: .refused("--picture-cells '95:10' is outside the road of 100 cells (allowed: FIRST + COUNT <= 100)")),
        Fault(arguments: ["--cells", "100", "--iterations", "5", "--trace", "--picture", "/dev/full"],
              outcome: .lost("cannot write picture '/dev/full': No space left on device")),
    ].map { fault in
        var fault = fault
        fault.programs = picturePrograms
        return fault
    }

    static let all = badInput + lostOutputAndMemory + picture
}

struct FaultCase: Sendable, CustomTestStringConvertible {
    let implementation: Implementation
    let workers: Int
    let fault: Fault

    var testDescription: String {
        let environment = fault.environment.map { "\($0.key)=\($0.value)" }.sorted()
        return (environment + [implementation.name, implementation.workerLabel(workers)]
                + fault.arguments.map { $0.isEmpty || $0.contains(" ") ? "'\($0)'" : $0 } + [fault.output.rawValue])
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Every fault on every selected binary it applies to (MPI ones with 2
    /// processes), and more processes than cells for the MPI ones.
    static func all() throws -> [FaultCase] {
        let implementations = try Context.shared.get().implementations
        let common = implementations.flatMap { implementation in
            Fault.all.filter { $0.applies(to: implementation) }.map {
                FaultCase(implementation: implementation, workers: implementation.launch == .serial ? 1 : 2, fault: $0)
            }
        }
        let tooFew = Fault(arguments: ["--cells", "3"],
                           outcome: .refused("--cells '3' is less than the number of processes, 4 (allowed: N >= 4)"))
        let mpi = implementations.filter { $0.launch == .mpi }
            .map { FaultCase(implementation: $0, workers: 4, fault: tooFew) }
        return common + mpi
    }
}

@Suite("Failures")
struct FailureTests {
    @Test("keep the contract: status and one stderr line", arguments: try FaultCase.all())
    func fails(_ testCase: FaultCase) async throws {
        let context = try Context.shared.get()
        let (implementation, fault) = (testCase.implementation, testCase.fault)
        try await context.requireBuilt(implementation)
        let output = try await run(implementation, workers: testCase.workers, arguments: fault.arguments,
                                   timeout: .seconds(60), wrapper: fault.output.wrapper,
                                   environment: fault.environment, context: context)
        let lines = output.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        if case .quietEnd = fault.outcome, implementation.launch == .mpi {
            // SIGPIPE ends one rank; how the job ends then is the launcher's
            // (MPICH's kills the others and says so on stdout): non-zero.
            #expect(!output.timedOut && !output.succeeded, "\(output.ending)")
            #expect(!lines.contains { $0.hasPrefix("\(implementation.programName): ") }, "stderr: \(output.stderr)")
            return
        }
        #expect(!output.timedOut && !output.signalled && output.status == fault.outcome.status,
                "\(output.ending), expected exit status \(fault.outcome.status); stderr: \(output.stderr.debugDescription)")
        #expect(output.stdout.isEmpty, "stdout: \(output.stdout.prefix(200).debugDescription)")
        if let (message, prefix) = fault.outcome.message {
            let start = "\(implementation.programName): \(message)"
            #expect(lines.count == 1 && (prefix ? lines[0].hasPrefix(start) : lines[0] == start),
                    "expected one line '\(start)\(prefix ? "…" : "")'; stderr: \(output.stderr.debugDescription)")
        } else {
            #expect(lines.isEmpty, "expected nothing on stderr; got \(output.stderr.debugDescription)")
        }
    }
}
