// A space-time window of a run: the cells FIRST ..< FIRST+COUNT of the road
// after 0, 1, …, rows-1 iterations. The model is deterministic and a cell
// depends only on its two neighbours, so row r of the window depends only on
// the initial cells within r of it (its light cone). Those are drawn with the
// generator's jump-ahead and iterated here, apart from any kernel: the window
// is the same whatever kernel, processes or threads ran the road.

/// A window of the road's space-time diagram.
public struct SpaceTimeWindow: Sendable, Equatable {
    /// The road's length.
    public let roadCells: Int
    /// The window's first cell (0-based) and its width, within the road.
    public let first: Int
    public let count: Int
    /// Rows: the initial road and the first rows-1 iterations.
    public let rows: Int

    public init(roadCells: Int, first: Int, count: Int, rows: Int) {
        precondition(first >= 0 && count >= 1 && first + count <= roadCells && rows >= 1)
        (self.roadCells, self.first, self.count, self.rows) = (roadCells, first, count, rows)
    }

    /// The window's cells, row by row (0 empty, 1 car): `rows * count` bytes.
    public func cells(of road: RandomRoad) -> [UInt8] {
        var piece = LightCone(window: self, road: road)
        var image = [UInt8]()
        image.reserveCapacity(rows * count)
        for row in 0..<rows {
            if row > 0 { piece.advance() }
            image += piece.window
        }
        return image
    }
}

/// The initial cells that a window's rows depend on, iterated as a ring: when
/// they are fewer than the road, their ends wrap onto each other, which
/// spoils only cells that are already outside the cone.
struct LightCone {
    private var old: [UInt8]
    private var new: [UInt8]
    /// Where the window starts in the piece.
    private let offset: Int
    private let count: Int

    init(window: SpaceTimeWindow, road: RandomRoad) {
        let margin = window.rows - 1
        // The whole road, from the window's first cell, when the cone covers it.
        let (start, length, offset) = window.count + 2 * margin < window.roadCells
            ? (window.first - margin, window.count + 2 * margin, margin)
            : (window.first, window.roadCells, 0)
        old = Self.draw(road, start: start, count: length, roadCells: window.roadCells)
        new = old
        self.offset = offset
        count = window.count
    }

    /// The road's cells start ..< start+count, wrapping round the ring.
    private static func draw(_ road: RandomRoad, start: Int, count: Int, roadCells: Int) -> [UInt8] {
        var cells = [UInt8]()
        cells.reserveCapacity(count)
        var position = (start % roadCells + roadCells) % roadCells
        var left = count
        while left > 0 {
            let run = min(left, roadCells - position)
            road.forEachCell(start: position, count: run) { cells.append($0) }
            (position, left) = (0, left - run)
        }
        return cells
    }

    var window: ArraySlice<UInt8> { old[offset..<(offset + count)] }

    /// One iteration of rule 184 over the piece, as a ring.
    mutating func advance() {
        let length = old.count
        for i in 0..<length {
            let behind = old[i == 0 ? length - 1 : i - 1], cell = old[i]
            let ahead = old[i == length - 1 ? 0 : i + 1]
            new[i] = (cell & ahead) | (~cell & behind)
        }
        swap(&old, &new)
    }
}
