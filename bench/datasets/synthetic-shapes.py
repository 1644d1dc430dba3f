#!/usr/bin/python3
"""Held-out benchmark set: 10 classes of filled geometric shapes, 32x32 RGB PNG.

Usage:
    /usr/bin/python3 bench/datasets/synthetic-shapes.py OUT \
        [--train 30000] [--test 6000] [--seed 0] [--force]

Writes OUT/train/<class>/<n>.png, OUT/test/<class>/<n>.png (n: 5 digits) and
OUT/manifest.json (parameters, counts).  Classes (sorted): arrow circle
crescent cross hexagon pentagon ring square star triangle.

One image = one shape on a background:
  * background (computed at 32x32): plain colour (30%), linear gradient in
    any direction (35%) or a smooth noise texture plus fine grain (35%);
  * shape: circumradius 5-7 px (30% of images) or 7-14 px, aspect +-15%,
    any rotation, centre anywhere that keeps the shape (nearly) inside,
    small per-class geometric jitter (vertex jitter, star inner radius,
    cross arm width, ring hole, crescent bite, arrow head);
    colour drawn until its mean RGB distance to the background under the
    shape lies in 0.15-0.25 (low contrast, 25% of images) or is >= 0.30,
    with a light shading gradient across the shape;
  * 0-3 distractors (strokes 0.8-2 px wide, or blobs of radius 1.5-3.5 px)
    of any colour, each behind (60%) or in front of (40%) the shape;
  * shape and distractor masks are drawn with PIL at 4x (128x128) and
    box-downsampled, so edges are anti-aliased;
  * Gaussian blur (20% of images, radius 0.4-0.9 px), then Gaussian pixel
    noise (80% of images) with sigma 0-10 grey levels in train and 0-15 in
    test (the test split's only difference: a wider noise range).

Deterministic: sample i of a split depends only on (seed, split, i) and is
written to <class>/<i:05d>.png with class = i % 10 (balanced classes).
Idempotent: if OUT/manifest.json matches the requested parameters and all
files exist, nothing is done; missing files are (re)generated; if the
parameters differ, the script stops unless --force (which wipes OUT/train and
OUT/test first).

Needs: python3-pil, python3-numpy.  No fonts.
"""
import argparse
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

import image_folders

CLASSES = ["arrow", "circle", "crescent", "cross", "hexagon", "pentagon",
           "ring", "square", "star", "triangle"]
N = 32                # final image side
S = 4                 # supersampling factor
GENERATOR_VERSION = 1
NOISE_MAX = {"train": 10.0, "test": 15.0}   # grey levels (of 255)


# --------------------------------------------------------------------------
# shape outlines in unit coordinates (circumradius ~1, centred at 0)
# --------------------------------------------------------------------------
def ngon(n, r=1.0, start=0.0):
    a = start + np.arange(n) * (2 * math.pi / n)
    return np.stack([r * np.cos(a), r * np.sin(a)], axis=1)


def shape_polys(name, rng):
    """Return (polygons to fill, polygons to cut out), unit coordinates."""
    if name == "circle":
        return [ngon(48)], []
    if name == "square":
        p = ngon(4, start=math.pi / 4)
        p = p * rng.uniform(0.95, 1.05, size=(4, 1))
        return [p], []
    if name == "triangle":
        a = math.pi / 2 + np.arange(3) * (2 * math.pi / 3) \
            + rng.uniform(-0.17, 0.17, size=3)
        r = rng.uniform(0.9, 1.1, size=3)
        return [np.stack([r * np.cos(a), r * np.sin(a)], axis=1)], []
    if name in ("pentagon", "hexagon"):
        n = 5 if name == "pentagon" else 6
        p = ngon(n) * rng.uniform(0.95, 1.05, size=(n, 1))
        return [p], []
    if name == "star":
        inner = rng.uniform(0.4, 0.55)
        a = np.arange(10) * (math.pi / 5)
        r = np.where(np.arange(10) % 2 == 0, 1.0, inner)
        return [np.stack([r * np.cos(a), r * np.sin(a)], axis=1)], []
    if name == "cross":
        w = rng.uniform(0.22, 0.34)
        p = np.array([[w, w], [1, w], [1, -w], [w, -w], [w, -1], [-w, -1],
                      [-w, -w], [-1, -w], [-1, w], [-w, w], [-w, 1], [w, 1]])
        return [p], []
    if name == "ring":
        return [ngon(48)], [ngon(48, rng.uniform(0.5, 0.68))]
    if name == "crescent":
        off = rng.uniform(0.35, 0.6)
        return [ngon(48)], [ngon(48, rng.uniform(0.8, 1.0)) + [off, 0.0]]
    if name == "arrow":
        sw = rng.uniform(0.14, 0.22)        # shaft half-width
        hx = rng.uniform(0.1, 0.35)         # where the head starts
        hw = rng.uniform(0.45, 0.62)        # head half-height
        p = np.array([[-1, sw], [hx, sw], [hx, hw], [1, 0], [hx, -hw],
                      [hx, -sw], [-1, -sw]])
        return [p], []
    raise ValueError(name)


def to_pixels(poly, cx, cy, radius, theta, aspect):
    """Unit polygon -> list of (x, y) at 4x resolution."""
    p = poly * [aspect, 1.0 / aspect]
    c, s = math.cos(theta), math.sin(theta)
    x = (p[:, 0] * c - p[:, 1] * s) * radius + cx
    y = (p[:, 0] * s + p[:, 1] * c) * radius + cy
    return [(float(a) * S, float(b) * S) for a, b in zip(x, y)]


def coverage(draw_fn):
    """Draw on a 4x canvas with draw_fn(ImageDraw) and return the 32x32
    coverage (float32, 0..1) by box downsampling."""
    m = Image.new("L", (N * S, N * S), 0)
    draw_fn(ImageDraw.Draw(m))
    return np.asarray(m.reduce(S), dtype=np.float32) / 255.0


# --------------------------------------------------------------------------
# backgrounds (32x32 float RGB, 0..1)
# --------------------------------------------------------------------------
_YY, _XX = np.mgrid[0:N, 0:N].astype(np.float32) + 0.5


def smooth_noise(rng, g, channels):
    """Value noise: g x g random grid upsampled bicubically to 32x32."""
    out = []
    for _ in range(channels):
        a = rng.random((g, g)).astype(np.float32)
        im = Image.fromarray(a, mode="F").resize((N, N), Image.BICUBIC)
        out.append(np.asarray(im))
    return np.stack(out, axis=-1) - 0.5


def background(rng):
    kind = rng.choice(3, p=[0.3, 0.35, 0.35])
    c0 = rng.random(3).astype(np.float32)
    if kind == 0:
        bg = np.broadcast_to(c0, (N, N, 3)).copy()
    elif kind == 1:
        d = rng.normal(size=3)
        d = d / np.linalg.norm(d) * rng.uniform(0.15, 0.5)
        c1 = np.clip(c0 + d, 0, 1).astype(np.float32)
        a = rng.uniform(0, 2 * math.pi)
        t = (_XX - N / 2) * math.cos(a) + (_YY - N / 2) * math.sin(a)
        t = (t - t.min()) / (t.max() - t.min())
        bg = c0 + t[..., None] * (c1 - c0)
    else:
        g = int(rng.integers(3, 9))
        amp = rng.uniform(0.1, 0.35)
        if rng.random() < 0.5:      # luminance texture
            tex = smooth_noise(rng, g, 1) * amp
        else:                       # colour texture
            tex = smooth_noise(rng, g, 3) * amp
        grain = rng.normal(0, rng.uniform(0.0, 0.05), size=(N, N, 1))
        bg = c0 + tex + grain.astype(np.float32)
    return np.clip(bg, 0, 1).astype(np.float32), kind


# --------------------------------------------------------------------------
# one sample
# --------------------------------------------------------------------------
def distractor(rng):
    """Coverage mask and colour of one stroke or blob."""
    col = rng.random(3).astype(np.float32)
    if rng.random() < 0.6:
        k = int(rng.integers(2, 4))
        pts = [(float(x) * S, float(y) * S)
               for x, y in rng.uniform(-2, N + 2, size=(k, 2))]
        w = max(1, int(round(rng.uniform(0.8, 2.0) * S)))
        cov = coverage(lambda d: d.line(pts, fill=255, width=w, joint="curve"))
    else:
        cx, cy = rng.uniform(0, N, size=2)
        rx, ry = rng.uniform(1.5, 3.5, size=2)
        box = [(cx - rx) * S, (cy - ry) * S, (cx + rx) * S, (cy + ry) * S]
        cov = coverage(lambda d: d.ellipse(box, fill=255))
    return cov, col


def make_sample(rng, label, split):
    name = CLASSES[label]
    bg, bg_kind = background(rng)

    # geometry
    radius = rng.uniform(5.0, 7.0) if rng.random() < 0.3 \
        else rng.uniform(7.0, 14.0)
    aspect = math.exp(rng.uniform(-0.15, 0.15))
    theta = rng.uniform(0, 2 * math.pi)
    m = max(1.0, N / 2 - 1 - radius)
    cx, cy = N / 2 + rng.uniform(-m, m, size=2)
    adds, subs = shape_polys(name, rng)

    def draw_shape(d):
        for p in adds:
            d.polygon(to_pixels(p, cx, cy, radius, theta, aspect), fill=255)
        for p in subs:
            d.polygon(to_pixels(p, cx, cy, radius, theta, aspect), fill=0)
    alpha = coverage(draw_shape)

    # distractors, behind or in front
    nd = int(rng.choice(4, p=[0.45, 0.3, 0.15, 0.1]))
    behind, front = [], []
    for _ in range(nd):
        (behind if rng.random() < 0.6 else front).append(distractor(rng))
    img = bg
    for cov, col in behind:
        img = img + cov[..., None] * (col - img)

    # foreground colour with a target contrast to what lies under the shape
    w = alpha / max(alpha.sum(), 1e-6)
    under = (img * w[..., None]).reshape(-1, 3)
    low = rng.random() < 0.25
    fg = None
    for _ in range(200):
        c = rng.random(3).astype(np.float32)
        dist = float((np.linalg.norm(img - c, axis=-1) * w).sum())
        if (low and 0.15 <= dist <= 0.25) or (not low and dist >= 0.30):
            fg = c
            break
    if fg is None:          # practically never: take the opposite colour
        fg = (1.0 - under.sum(axis=0)).astype(np.float32)
    # light shading across the shape
    a = rng.uniform(0, 2 * math.pi)
    shade = ((_XX - cx) * math.cos(a) + (_YY - cy) * math.sin(a)) / N
    fgimg = np.clip(fg + shade[..., None] * rng.uniform(0, 0.2), 0, 1)
    img = img + alpha[..., None] * (fgimg - img)
    for cov, col in front:
        img = img + cov[..., None] * (col - img)

    out = Image.fromarray(np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8),
                          mode="RGB")
    if rng.random() < 0.2:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    if rng.random() < 0.8:
        sigma = rng.uniform(0, NOISE_MAX[split])
        a = np.asarray(out, dtype=np.float32) + rng.normal(0, sigma, (N, N, 3))
        out = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8),
                              mode="RGB")
    return out


def main():
    ap = argparse.ArgumentParser(
        description="Synthetic 10-class geometric shapes, 32x32 RGB PNG")
    image_folders.add_size_arguments(ap, train=30000, test=6000, seed=0)
    image_folders.generate(ap.parse_args(), GENERATOR_VERSION, CLASSES, make_sample)


if __name__ == "__main__":
    main()
