#!/usr/bin/python3
"""Convert Debian's Fashion-MNIST IDX files into an image-folder dataset.

Usage:
    /usr/bin/python3 bench/datasets/fashion-mnist-folders.py OUT [--src DIR] [--force]

Reads   DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
        (default DIR=/usr/share/datasets/fashion-mnist, Debian package
        `dataset-fashion-mnist`)
Writes  OUT/train/<class>/<n>.png  (60,000 images)
        OUT/test/<class>/<n>.png   (10,000 images)
        28x28 8-bit grayscale PNG; <n> is the index of the sample in its
        IDX file (zero padded to 5 digits), so file names are stable.

Idempotent: a split whose folder already holds the expected number of PNGs
is skipped (use --force to rewrite it); partial output is completed in
place, existing files are not rewritten.

Needs: python3-pil, python3-numpy.
"""
import argparse
import gzip
import os
import struct
import sys

import numpy as np
from PIL import Image

CLASSES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]
SPLITS = {"train": ("train", 60000), "test": ("t10k", 10000)}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


def count_pngs(split_dir):
    n = 0
    for c in CLASSES:
        d = os.path.join(split_dir, c)
        if os.path.isdir(d):
            n += sum(1 for f in os.listdir(d) if f.endswith(".png"))
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--src", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--force", action="store_true",
                    help="rewrite images even if present")
    args = ap.parse_args()

    for split, (prefix, expected) in SPLITS.items():
        split_dir = os.path.join(args.out, split)
        if not args.force and count_pngs(split_dir) == expected:
            print(f"{split}: {expected} images already present, skipping")
            continue
        images = read_idx(os.path.join(args.src, f"{prefix}-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(args.src, f"{prefix}-labels-idx1-ubyte.gz"))
        if images.shape != (expected, 28, 28) or labels.shape != (expected,):
            sys.exit(f"{split}: unexpected shapes {images.shape} {labels.shape}")
        for c in CLASSES:
            os.makedirs(os.path.join(split_dir, c), exist_ok=True)
        written = 0
        for i in range(expected):
            path = os.path.join(split_dir, CLASSES[labels[i]], f"{i:05d}.png")
            if not args.force and os.path.exists(path):
                continue
            tmp = path + ".tmp"
            Image.fromarray(images[i], mode="L").save(tmp, format="PNG")
            os.replace(tmp, path)
            written += 1
        counts = np.bincount(labels, minlength=10)
        print(f"{split}: wrote {written}, total {count_pngs(split_dir)} "
              f"(per class: {counts.tolist()})")


if __name__ == "__main__":
    main()
