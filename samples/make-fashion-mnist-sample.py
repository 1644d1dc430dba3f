#!/usr/bin/python3
"""Writes samples/fashion-mnist-1k: the first 100 training images of each Fashion-MNIST class as
grayscale PNGs in one folder per class, the layout `autodl` imports as an image folder.

Reads Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist). Pure standard
library (gzip, struct, zlib), so it runs anywhere python3 does. The output is deterministic: the same
input files give byte-identical PNGs.

Usage: python3 samples/make-fashion-mnist-sample.py [SOURCE_DIR] [OUTPUT_DIR]
"""
import gzip
import os
import struct
import sys
import zlib

# Label order from https://github.com/zalandoresearch/fashion-mnist#labels; '/' and ' ' do not belong in folder names.
CLASSES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]
PER_CLASS = 100


def read_idx(path, dims):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    if magic != 0x800 + dims:
        raise SystemExit(f"{path}: magic number {magic:#010x}, expected {0x800 + dims:#010x}")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def png(width, height, pixels):
    """An 8-bit grayscale PNG: one filter byte (0, none) before each row, zlib-compressed."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "fashion-mnist-1k")
    (count, rows, cols), images = read_idx(os.path.join(source, "train-images-idx3-ubyte.gz"), 3)
    (label_count,), labels = read_idx(os.path.join(source, "train-labels-idx1-ubyte.gz"), 1)
    if count != label_count:
        raise SystemExit(f"{count} images but {label_count} labels")
    written = [0] * len(CLASSES)
    size = rows * cols
    for i in range(count):
        label = labels[i]
        if written[label] >= PER_CLASS:
            continue
        folder = os.path.join(output, CLASSES[label])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{written[label]:04d}.png"), "wb") as f:
            f.write(png(cols, rows, images[i * size:(i + 1) * size]))
        written[label] += 1
        if all(n >= PER_CLASS for n in written):
            break
    print(f"wrote {sum(written)} images to {output}")


if __name__ == "__main__":
    main()
