#!/usr/bin/python3
"""Copy an image-folder dataset and plant known problems in it, for the data-quality benchmark.

Usage:
    /usr/bin/python3 bench/datasets/plant-problems.py SRC OUT [--seed 0] [--force]

SRC has train/<class>/*.png and test/<class>/*.png (bench/datasets/fashion-mnist-folders.py makes one).
OUT gets the same layout with, in this order:
  1. one class (--cut-class, default the third in sorted order) cut to a tenth of its training images;
  2. 5% of the remaining training images moved to another, random class folder (label flipped);
  3. 2% of the test images copied into train/ under their own class (exact duplicates: leakage);
  4. 10 corrupt files in train/: truncated PNGs, random bytes, an empty file, text named .png.
OUT/truth.json lists every planted problem with the paths as they are in OUT. Files are hard-linked
where unchanged, so the copy is fast and small; SRC is never modified.
"""
import argparse
import json
import os
import random
import shutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--flip", type=float, default=0.05)
    ap.add_argument("--leak", type=float, default=0.02)
    ap.add_argument("--corrupt", type=int, default=10)
    ap.add_argument("--cut-class", default=None)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    if os.path.exists(a.out):
        if not a.force:
            raise SystemExit(f"{a.out} exists; pass --force to replace it")
        shutil.rmtree(a.out)

    classes = sorted(os.listdir(os.path.join(a.src, "train")))
    cut = a.cut_class or classes[2]
    train = []  # (class, file name)
    for c in classes:
        for f in sorted(os.listdir(os.path.join(a.src, "train", c))):
            train.append((c, f))
    test = []
    for c in sorted(os.listdir(os.path.join(a.src, "test"))):
        for f in sorted(os.listdir(os.path.join(a.src, "test", c))):
            test.append((c, f))

    # 1. Cut one class to a tenth.
    of_cut = [t for t in train if t[0] == cut]
    rnd.shuffle(of_cut)
    removed = set(of_cut[len(of_cut) // 10:])
    train = [t for t in train if t not in removed]

    # 2. Flip labels.
    flips = rnd.sample(range(len(train)), int(round(a.flip * len(train))))
    placed = {}  # (class, file) -> class folder it goes to in OUT
    flipped = []
    for i in flips:
        c, f = train[i]
        new = rnd.choice([k for k in classes if k != c])
        placed[(c, f)] = new
        flipped.append({"path": os.path.join(a.out, "train", new, f), "true": c, "given": new})

    for c in classes:
        os.makedirs(os.path.join(a.out, "train", c), exist_ok=True)
        os.makedirs(os.path.join(a.out, "test", c), exist_ok=True)
    for c, f in train:
        os.link(os.path.join(a.src, "train", c, f), os.path.join(a.out, "train", placed.get((c, f), c), f))
    for c, f in test:
        os.link(os.path.join(a.src, "test", c, f), os.path.join(a.out, "test", c, f))

    # 3. Leak test images into train.
    leaks = []
    for c, f in rnd.sample(test, int(round(a.leak * len(test)))):
        target = os.path.join(a.out, "train", c, "leak-" + f)
        shutil.copyfile(os.path.join(a.src, "test", c, f), target)
        leaks.append({"train": target, "test": os.path.join(a.out, "test", c, f)})

    # 4. Corrupt files.
    corrupt = []
    sample_png = open(os.path.join(a.src, "train", train[0][0], train[0][1]), "rb").read()
    makers = [
        ("truncated", lambda: sample_png[: max(20, len(sample_png) // 3)]),
        ("random bytes", lambda: bytes(rnd.getrandbits(8) for _ in range(300))),
        ("empty", lambda: b""),
        ("text", lambda: b"this is not an image\n"),
        ("header only", lambda: sample_png[:8]),
    ]
    for n in range(a.corrupt):
        kind, make = makers[n % len(makers)]
        target = os.path.join(a.out, "train", rnd.choice(classes), f"corrupt-{n:02d}.png")
        with open(target, "wb") as out:
            out.write(make())
        corrupt.append({"path": target, "kind": kind})

    truth = {
        "source": os.path.abspath(a.src),
        "seed": a.seed,
        "cut_class": cut,
        "cut_kept": len(of_cut) - len(removed),
        "train_images": len(train) + len(leaks),
        "flipped": flipped,
        "leaks": leaks,
        "corrupt": corrupt,
    }
    with open(os.path.join(a.out, "truth.json"), "w") as out:
        json.dump(truth, out, indent=1)
    print(f"{a.out}: {len(train) + len(leaks)} train images ({len(flipped)} flipped, {len(leaks)} leaked from test, "
          f"{cut} cut to {truth['cut_kept']}), {len(test)} test, {len(corrupt)} corrupt files")


if __name__ == "__main__":
    main()
