// SPEC section 5: the checksum is the exact sum of the cars' 1-based road
// positions, which passes 64 bits from about 4.3e9 cells at full density.

/// The exact sum of the positions of the cars in `units` units (cells, or
/// words of 64 cells) of `cellsPerUnit` cells each, the first cell at road
/// position `firstPosition`. The units are summed in pieces by `piece`, which
/// returns the cars in units `range` and the sum of their distances from the
/// range's first cell: within a piece both fit 64 bits, so the hot loop stays
/// 64-bit and only each piece's total is added in 128 bits.
func exactPositionSum(units: Int, cellsPerUnit: Int, firstPosition: Int,
                      piece: (_ range: Range<Int>) -> (cars: Int, distances: Int)) -> UInt128 {
    // Distances within a piece stay below 2^40.
    let unitsPerPiece = (1 << 20) / cellsPerUnit
    var total: UInt128 = 0
    var start = 0
    while start < units {
        let end = min(units, start + unitsPerPiece)
        let (cars, distances) = piece(start..<end)
        total += UInt128(cars) * UInt128(firstPosition + cellsPerUnit * start) + UInt128(distances)
        start = end
    }
    return total
}
