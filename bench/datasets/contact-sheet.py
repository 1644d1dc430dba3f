#!/usr/bin/python3
"""Contact sheet of an image-folder dataset, for eyeballing.

Usage: /usr/bin/python3 bench/datasets/contact-sheet.py SPLIT_DIR OUT.png
           [--per-class 2] [--cols 13] [--zoom 3] [--seed 0]

Takes --per-class random images from every class folder of SPLIT_DIR
(e.g. /work/data/letters/test) and tiles them, each zoomed --zoom times,
with the class name above each tile.
"""
import argparse
import os
import random

from PIL import Image, ImageDraw


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split_dir")
    ap.add_argument("out")
    ap.add_argument("--per-class", type=int, default=2)
    ap.add_argument("--cols", type=int, default=13)
    ap.add_argument("--zoom", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    items = []
    for c in sorted(os.listdir(a.split_dir)):
        d = os.path.join(a.split_dir, c)
        if not os.path.isdir(d):
            continue
        files = sorted(f for f in os.listdir(d) if f.endswith(".png"))
        for f in rnd.sample(files, min(a.per_class, len(files))):
            items.append((c, os.path.join(d, f)))
    first = Image.open(items[0][1])
    w, h = first.size[0] * a.zoom, first.size[1] * a.zoom
    lab = 12
    rows = (len(items) + a.cols - 1) // a.cols
    sheet = Image.new("L", (a.cols * (w + 4), rows * (h + lab + 4)), 80)
    dr = ImageDraw.Draw(sheet)
    for k, (c, p) in enumerate(items):
        x, y = (k % a.cols) * (w + 4), (k // a.cols) * (h + lab + 4)
        dr.text((x + 2, y), c[:12], fill=255)
        im = Image.open(p).convert("L").resize((w, h), Image.NEAREST)
        sheet.paste(im, (x, y + lab))
    sheet.save(a.out)
    print(f"{len(items)} images -> {a.out}")


if __name__ == "__main__":
    main()
