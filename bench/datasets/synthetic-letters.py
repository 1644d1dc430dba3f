#!/usr/bin/python3
"""Synthetic EMNIST-letters-like dataset: 26 classes A..Z, 28x28 grayscale PNG.

Usage:
    /usr/bin/python3 bench/datasets/synthetic-letters.py OUT \
        [--train 26000] [--test 4000] [--seed 1] [--workers 2] [--force]

Writes OUT/train/<A..Z>/<n>.png, OUT/test/<A..Z>/<n>.png and
OUT/manifest.json (parameters, font lists, counts).

Each class mixes upper- and lower-case glyphs (like EMNIST "letters", which
merges the cases).  A sample is made as follows:
  1. pick a font family (uniformly), then a style of that family, then the case;
  2. render the glyph at 4x resolution (glyph ~80 px); measure its stroke
     width (2*area/perimeter) and move it to a random pen width of 4..15 px
     (1..4 px at 28x28) by stroke_width dilation or MinFilter erosion; a
     Gaussian blur rounds the pen;
  3. one mesh warp = random rotation (+-15 deg) + shear (+-0.3) + elastic
     jitter of a 4x4 control grid;
  4. MNIST-style centring: bounding box fitted into a 20x20 (x4) box with
     aspect kept, times a random scale 0.8..1.15, centre of mass placed at
     the centre of the 28x28 (x4) canvas plus a random translation +-3 px;
  5. box-downsample to 28x28, random contrast, optional blur and Gaussian
     noise.  White glyph on black.
Fonts are the TTF/OTF files under /usr/share/fonts (Debian font packages,
see README.md).  Whole font *families* listed in --holdout are used only
for the test split; --test-holdout-frac of the test samples use them, the
rest use the training families (with fresh random distortions).

Deterministic: sample i of a split depends only on (seed, split, i) and the
installed font set, and is written to <class>/<i>.png with class = i % 26.
Idempotent: if OUT/manifest.json matches the requested parameters and all
files exist, nothing is done; missing files are (re)generated; if the
parameters differ, the script stops unless --force (which wipes OUT/train,
OUT/test first).

Needs: python3-pil, python3-numpy, font packages (see README.md).
"""
import argparse
import functools
import hashlib
import json
import math
import multiprocessing as mp
import os
import re
import string
import sys
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

import image_folders

CLASSES = list(string.ascii_uppercase)
FONT_DIRS = ["/usr/share/fonts"]
# Families that do not give plain Latin letters (symbols, dingbats, math,
# keyboard caps, decorative initials).
EXCLUDE = re.compile(r"symbol|D050000L|math|keyboard|initials|dingbat", re.I)
DEFAULT_HOLDOUT = ["Humor Sans", "Kaushan Script", "Comic Neue",
                   "Charis SIL", "Open Sans", "Tlwg Typist"]

S = 4                 # supersampling factor
BOX = 20 * S          # MNIST 20x20 box at 4x
CANVAS = 28 * S       # final canvas at 4x
WORK = 160            # render/warp canvas


# --------------------------------------------------------------------------
# fonts
# --------------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def load_font(path, size):
    return ImageFont.truetype(path, size)


def glyph_ok(font, ch, notdef):
    try:
        m = font.getmask(ch)
    except Exception:
        return False
    if m.getbbox() is None:
        return False
    return bytes(m) != notdef or m.size != font.getmask("\U0010fffd").size


def discover_fonts():
    """Return {family: [path, ...]} of fonts with all 52 Latin letters."""
    paths = []
    for d in FONT_DIRS:
        for root, _, files in os.walk(d):
            for f in files:
                if f.lower().endswith((".ttf", ".otf")):
                    paths.append(os.path.join(root, f))
    fams = {}
    for p in sorted(paths):
        try:
            font = ImageFont.truetype(p, 48)
            family = font.getname()[0]
        except Exception:
            continue
        if EXCLUDE.search(family) or EXCLUDE.search(os.path.basename(p)):
            continue
        notdef = bytes(font.getmask("\U0010fffd"))
        if not all(glyph_ok(font, c, notdef)
                   for c in string.ascii_letters):
            continue
        # reject fonts whose lower case is just small capitals / same as upper
        same = sum(bytes(font.getmask(c)) == bytes(font.getmask(c.lower()))
                   for c in string.ascii_uppercase)
        if same > 20:
            continue
        fams.setdefault(family, []).append(p)
    return fams


# --------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------
def stroke_width_px(a):
    """Mean stroke width of a binary glyph: 2 * area / perimeter."""
    b = a > 127
    area = b.sum()
    if area == 0:
        return 0.0
    inner = b[1:-1, 1:-1] & b[:-2, 1:-1] & b[2:, 1:-1] & b[1:-1, :-2] & b[1:-1, 2:]
    edge = area - inner.sum()
    return 2.0 * area / max(edge, 1)


def render_glyph(path, ch, rng):
    # size so that the glyph's larger side is ~BOX px
    probe = load_font(path, 100)
    x0, y0, x1, y1 = probe.getbbox(ch)
    side = max(x1 - x0, y1 - y0, 1)
    size = int(round(100 * BOX / side))
    size = max(20, min(size, 400))
    font = load_font(path, size)

    def draw(stroke):
        im = Image.new("L", (WORK * 2, WORK * 2), 0)
        ImageDraw.Draw(im).text((WORK, WORK), ch, fill=255, font=font,
                                anchor="mm", stroke_width=stroke,
                                stroke_fill=255)
        return im

    img = draw(0)
    # random target pen width (px at 4x, glyph ~80 px): thin pen .. marker
    target = rng.uniform(4.0, 15.0)
    w0 = stroke_width_px(np.asarray(img))
    if target > w0 + 1:
        img = draw(int(round((target - w0) / 2)))
    elif target < w0 - 2:
        k = min(7, int(round(w0 - target)) | 1)
        er = img.filter(ImageFilter.MinFilter(k))
        if er.getbbox() is not None and \
                np.asarray(er).sum() > 0.3 * np.asarray(img).sum():
            img = er
    bb = img.getbbox()
    img = img.crop(bb)
    out = Image.new("L", (WORK, WORK), 0)
    w, h = img.size
    if max(w, h) > WORK - 8:
        k = (WORK - 8) / max(w, h)
        img = img.resize((max(1, int(w * k)), max(1, int(h * k))), Image.LANCZOS)
        w, h = img.size
    out.paste(img, ((WORK - w) // 2, (WORK - h) // 2))
    blur = rng.uniform(0.3, 2.5)
    out = out.filter(ImageFilter.GaussianBlur(blur))
    # re-sharpen the blurred edge a bit (pen-like soft edge), random gamma
    g = rng.uniform(0.7, 1.3)
    lut = [min(255, int(255 * (min(1.0, v / 200.0) ** g))) for v in range(256)]
    return out.point(lut)


def warp(img, rng):
    """Rotation + shear + elastic jitter as one PIL mesh transform."""
    n = 4
    step = WORK / n
    c = WORK / 2
    ang = math.radians(rng.uniform(-15, 15))
    shx = rng.uniform(-0.3, 0.3)
    shy = rng.uniform(-0.1, 0.1)
    asp = math.exp(rng.uniform(-0.15, 0.15))   # aspect change
    ca, sa = math.cos(ang), math.sin(ang)
    # forward matrix M = R * Sh * diag(asp, 1/asp); we need inverse for mesh
    M = np.array([[ca, -sa], [sa, ca]]) @ np.array([[1, shx], [shy, 1]]) \
        @ np.diag([asp, 1 / asp])
    Minv = np.linalg.inv(M)
    sigma = rng.uniform(0, 5.0)               # elastic jitter in px (at 4x)
    jit = rng.normal(0, sigma, size=(n + 1, n + 1, 2))

    def src(ix, iy):
        x, y = ix * step - c, iy * step - c
        sx, sy = Minv @ np.array([x, y])
        return (sx + c + jit[iy, ix, 0], sy + c + jit[iy, ix, 1])

    mesh = []
    for iy in range(n):
        for ix in range(n):
            box = (int(ix * step), int(iy * step),
                   int((ix + 1) * step), int((iy + 1) * step))
            quad = (*src(ix, iy), *src(ix, iy + 1),
                    *src(ix + 1, iy + 1), *src(ix + 1, iy))
            mesh.append((box, quad))
    return img.transform((WORK, WORK), Image.MESH, mesh, Image.BILINEAR)


def mnist_centre(img, rng):
    bb = img.getbbox()
    if bb is None:
        return None
    img = img.crop(bb)
    w, h = img.size
    scale = rng.uniform(0.8, 1.15)
    k = BOX * scale / max(w, h)
    nw, nh = max(1, int(round(w * k))), max(1, int(round(h * k)))
    img = img.resize((nw, nh), Image.LANCZOS)
    a = np.asarray(img, dtype=np.float64)
    tot = a.sum()
    if tot <= 0:
        return None
    cy = (a.sum(axis=1) * np.arange(nh)).sum() / tot
    cx = (a.sum(axis=0) * np.arange(nw)).sum() / tot
    tx, ty = rng.uniform(-3, 3, size=2) * S
    out = Image.new("L", (CANVAS, CANVAS), 0)
    out.paste(img, (int(round(CANVAS / 2 - cx + tx)),
                    int(round(CANVAS / 2 - cy + ty))))
    return out


def finish(img, rng):
    img = img.resize((28, 28), Image.BOX)
    if rng.random() < 0.3:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    a = np.asarray(img, dtype=np.float32)
    m = a.max()
    if m > 0:
        a = a * (rng.uniform(0.75, 1.0) * 255.0 / m)
    if rng.random() < 0.6:
        a = a + rng.normal(0, rng.uniform(2, 14), size=a.shape)
    if rng.random() < 0.2:  # a few specks
        k = int(rng.integers(1, 4))
        ys, xs = rng.integers(0, 28, size=(2, k))
        a[ys, xs] += rng.uniform(60, 200, size=k)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode="L")


def make_sample(fams, families, rng, label):
    for _ in range(10):
        fam = families[int(rng.integers(len(families)))]
        paths = fams[fam]
        path = paths[int(rng.integers(len(paths)))]
        ch = CLASSES[label]
        if rng.random() < 0.5:
            ch = ch.lower()
        img = render_glyph(path, ch, rng)
        img = warp(img, rng)
        img = mnist_centre(img, rng)
        if img is not None:
            return finish(img, rng)
    raise RuntimeError("could not render sample")


# --------------------------------------------------------------------------
# workers
# --------------------------------------------------------------------------
_CFG = None


def _init(cfg):
    global _CFG
    _CFG = cfg


def _work(job):
    split, start, stop = job
    cfg = _CFG
    split_id = 0 if split == "train" else 1
    written = 0
    for i in range(start, stop):
        label = i % 26
        path = os.path.join(cfg["out"], split, CLASSES[label], f"{i:05d}.png")
        if os.path.exists(path):
            continue
        rng = np.random.default_rng([cfg["seed"], split_id, i])
        if split == "train":
            families = cfg["train_families"]
        elif rng.random() < cfg["test_holdout_frac"] and cfg["holdout_families"]:
            families = cfg["holdout_families"]
        else:
            families = cfg["train_families"]
        img = make_sample(cfg["fonts"], families, rng, label)
        image_folders.save_png(img, path, optimize=False)
        written += 1
    return written


def main():
    ap = argparse.ArgumentParser(
        description="Synthetic 26-class EMNIST-letters-like PNG dataset")
    image_folders.add_size_arguments(ap, train=26000, test=4000, seed=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--holdout", default=",".join(DEFAULT_HOLDOUT),
                    help="comma-separated font families used only for test")
    ap.add_argument("--test-holdout-frac", type=float, default=0.5,
                    help="fraction of test samples drawn from held-out fonts")
    args = ap.parse_args()

    t0 = time.time()
    fams = discover_fonts()
    if len(fams) < 10:
        sys.exit(f"only {len(fams)} usable font families found; install the "
                 "font packages listed in bench/datasets/README.md")
    wanted = [h.strip() for h in args.holdout.split(",") if h.strip()]
    holdout = sorted(f for f in wanted if f in fams)
    missing = sorted(set(wanted) - set(holdout))
    train_fams = sorted(f for f in fams if f not in holdout)
    fonts_digest = hashlib.sha256(json.dumps(
        {k: fams[k] for k in sorted(fams)}).encode()).hexdigest()[:16]
    params = {"train": args.train, "test": args.test, "seed": args.seed,
              "holdout_families": holdout,
              "test_holdout_frac": args.test_holdout_frac,
              "fonts_digest": fonts_digest, "generator_version": 1}

    counts = {"train": args.train, "test": args.test}
    if not image_folders.prepare(args.out, params, CLASSES, counts, args.force):
        return
    print(f"{len(fams)} font families ({sum(map(len, fams.values()))} files);"
          f" test-only: {holdout}" + (f"; not installed: {missing}" if missing else ""))
    manifest = {"params": params, "complete": False,
                "train_families": {k: fams[k] for k in train_fams},
                "holdout_families": {k: fams[k] for k in holdout}}
    image_folders.write_json(os.path.join(args.out, "manifest.json"), manifest)

    cfg = {"out": args.out, "seed": args.seed, "fonts": fams,
           "train_families": train_fams, "holdout_families": holdout,
           "test_holdout_frac": args.test_holdout_frac}
    chunk = 250
    jobs = [(s, a, min(a + chunk, n)) for s, n in
            (("train", args.train), ("test", args.test))
            for a in range(0, n, chunk)]
    written = 0
    if args.workers <= 1:
        _init(cfg)
        for j in jobs:
            written += _work(j)
    else:
        with mp.Pool(args.workers, initializer=_init, initargs=(cfg,)) as pool:
            for k, w in enumerate(pool.imap_unordered(_work, jobs), 1):
                written += w
                if k % 10 == 0 or k == len(jobs):
                    print(f"  {k}/{len(jobs)} chunks, {written} written, "
                          f"{time.time() - t0:.0f}s", flush=True)
    image_folders.finish(args.out, manifest, CLASSES, counts, written, t0)


if __name__ == "__main__":
    main()
