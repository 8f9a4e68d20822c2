#!/usr/bin/env python3
"""Checks a --picture file pixel by pixel, independently of the Swift code.

    check_picture.py FILE.png --cells N --density X --seed N --first F --rows R

decodes FILE.png with the standard library only (zlib; PNG's chunks, filters
and bit packing written out here), then draws the whole road with the
project's Python generator (python/common/uni.py), runs rule 184 on the whole
ring for R-1 iterations, and compares row r of the picture with cells
F ..< F+width after r iterations: a car must be dark, an empty cell light.
Prints 'ok WIDTHxHEIGHT' and exits 0, or prints the first difference and
exits 1 (2 for a file that is no PNG this script reads).
"""

import argparse
import os
import struct
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python", "common"))

import options  # noqa: E402
import uni  # noqa: E402

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # samples per pixel by colour type


class NotReadable(Exception):
    pass


def chunks(data):
    """(type, body) of each chunk, CRCs checked."""
    if data[:8] != SIGNATURE:
        raise NotReadable("no PNG signature")
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise NotReadable(f"bad CRC in {kind!r}")
        yield kind, body
        at += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def unfilter(raw, height, stride, step):
    """The scanlines' bytes with PNG's five filters undone."""
    lines, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            line[i] = (line[i] + [0, left, up, (left + up) // 2, paeth(left, up, corner)][kind]) & 0xFF
        lines.append(line)
        previous = line
    return lines


def samples(line, width, depth, channels):
    """The line's samples, unpacked from `depth` bits each."""
    if depth == 8:
        return list(line[:width * channels])
    if depth == 16:
        return [line[i] for i in range(0, 2 * width * channels, 2)]  # high bytes are enough
    per_byte = 8 // depth
    mask = (1 << depth) - 1
    return [(line[i // per_byte] >> (8 - depth * (i % per_byte + 1))) & mask for i in range(width * channels)]


def decode(path):
    """(width, height, rows of (r, g, b) pixels) of a non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    header, palette, compressed = None, None, b""
    for kind, body in chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            compressed += body
    if header is None:
        raise NotReadable("no IHDR")
    width, height, depth, colour, _, _, interlace = header
    if interlace or colour not in CHANNELS or (colour == 3 and palette is None):
        raise NotReadable(f"unsupported: colour type {colour}, interlace {interlace}")
    channels = CHANNELS[colour]
    bits = width * channels * depth
    lines = unfilter(zlib.decompress(compressed), height, (bits + 7) // 8, max(1, channels * depth // 8))
    rows = []
    for line in lines:
        values = samples(line, width, depth, channels)
        if colour == 3:
            rows.append([palette[v] for v in values])
        elif colour in (0, 4):
            rows.append([(values[i],) * 3 for i in range(0, len(values), channels)])
        else:
            rows.append([tuple(values[i:i + 3]) for i in range(0, len(values), channels)])
    return width, height, rows


def road(cells, density, seed):
    threshold = uni.threshold(density)
    draws = uni.draws(seed)
    return [1 if next(draws) < threshold else 0 for _ in range(cells)]


def step(cells):
    """One iteration of rule 184 on the whole ring."""
    n = len(cells)
    return [cells[(i - 1) % n] if cells[i] == 0 else cells[(i + 1) % n] for i in range(n)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("png")
    parser.add_argument("--cells", type=int, required=True)
    parser.add_argument("--density", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--width", type=int, required=True)
    args = parser.parse_args()
    try:
        width, height, rows = decode(args.png)
    except (NotReadable, zlib.error, struct.error, IndexError) as error:
        print(f"{args.png}: not a readable PNG: {error}")
        sys.exit(2)
    if (width, height) != (args.width, args.rows):
        print(f"{args.png}: {width}x{height} pixels, expected {args.width}x{args.rows}")
        sys.exit(1)
    cells = road(args.cells, options.parse_float32(args.density), args.seed)
    for r in range(height):
        for x in range(width):
            red, green, blue = rows[r][x]
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 128
            car = cells[(args.first + x) % args.cells] == 1
            if dark != car:
                print(f"{args.png}: row {r} (iteration {r}), pixel {x} (cell {args.first + x}) is "
                      f"{'dark' if dark else 'light'} {rows[r][x]}, but the cell holds {'a car' if car else 'no car'}")
                sys.exit(1)
        cells = step(cells)
    print(f"ok {width}x{height}")


if __name__ == "__main__":
    main()
