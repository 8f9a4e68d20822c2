#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPNG
import TrafficModel

// --picture (SPEC 3.3): a PNG of the run's space-time diagram, one row per
// iteration from the initial road down, one pixel per cell of a window, a car
// dark and an empty cell light. Drawn from the window's light cone
// (SpaceTimeWindow), outside the timed loop.

extension Option {
    public static let picture = file("--picture", help: "write a space-time picture of the run to FILE (PNG)")
    public static let pictureCells = cellRange("--picture-cells", counts: 1...Picture.largestSide,
                                               help: "the picture's cells, COUNT from cell FIRST (0-based;",
                                               "default 0:1000, or the whole road if shorter)")
    public static let pictureRows = integer("--picture-rows", 1...Picture.largestSide,
                                            help: "the picture's rows: the initial road, then one",
                                            "per iteration (default 1000, at most iterations + 1)")

    /// The options of a program that draws pictures.
    public static let pictureOptions = [picture, pictureCells, pictureRows]
}

/// The picture a command line asks for.
public struct Picture: Sendable {
    /// The most pixels along either side.
    public static let largestSide = 10_000
    /// The default window: cells 0 ..< 1000 and 1000 rows, or fewer.
    public static let defaultSide = 1000

    /// The file, as given.
    public let path: String
    public let window: SpaceTimeWindow
    public let road: RandomRoad

    /// Dark cars on a light road: the palette's entries 0 (empty) and 1 (car).
    static let palette: [UInt8] = [0xF4, 0xF1, 0xE8, 0x1B, 0x26, 0x3B]

    /// The picture `options` ask for in the run `config`, nil without
    /// --picture; a window outside the road is bad input. Rows beyond the
    /// last iteration are not drawn.
    public init?(_ options: ParsedOptions, config: TrafficConfig) throws(ProgramFailure) {
        guard let path = options.text(.picture) else { return nil }
        let (first, count) = options.cellRange(.pictureCells) ?? (0, min(Self.defaultSide, config.cells))
        guard first <= config.cells - count else {
            throw .badInput(.outsideRoad(.pictureCells, value: options.text(.pictureCells)!, cells: config.cells))
        }
        // At most iterations + 1, written so that it cannot overflow.
        let rows = min((options.integer(.pictureRows) ?? Self.defaultSide) - 1, config.iterations) + 1
        self.path = path
        window = SpaceTimeWindow(roadCells: config.cells, first: first, count: count, rows: rows)
        road = RandomRoad(seed: config.seed, density: config.density)
    }

    /// Whether the file can be written: nil, or the errno of opening it for
    /// writing. A file that was not there before is not left behind.
    public func writeProblem() -> Int32? {
        var status = stat()
        let existed = stat(path, &status) == 0
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o666)
        guard descriptor >= 0 else { return errno }
        close(descriptor)
        if !existed { unlink(path) }
        return nil
    }

    /// Bad input when the file cannot be written.
    public func checkWritable() throws(ProgramFailure) {
        if let code = writeProblem() { throw .badInput(.unwritable(.picture, value: path, errno: code)) }
    }

    /// Draws the window and writes it as a PNG.
    public func save() throws(ProgramFailure) {
        let cells = window.cells(of: road)
        var size = 0
        var message = [CChar](repeating: 0, count: 64)
        guard let png = cpng_encode_indexed(cells, UInt32(window.count), UInt32(window.rows), Self.palette, 2,
                                            &size, &message)
        else { throw .lostPicture(path: path, reason: String(decoding: message.prefix { $0 != 0 }.map(UInt8.init), as: UTF8.self)) }
        defer { free(png) }
        if let code = Self.writeFile(path, bytes: UnsafeRawBufferPointer(start: png, count: size)) {
            throw .lostPicture(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// Writes `bytes` as the whole file; the errno of the first failure, up
    /// to the close, or nil.
    private static func writeFile(_ path: String, bytes: UnsafeRawBufferPointer) -> Int32? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        guard descriptor >= 0 else { return errno }
        var done = 0
        while done < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let code = errno
                close(descriptor)
                return code
            }
            done += written
        }
        return close(descriptor) == 0 ? nil : errno
    }
}
