#!/usr/bin/python3
"""Held-out benchmark set: 12 classes of procedural textures, 32x32 grayscale PNG.

Usage:
    /usr/bin/python3 bench/datasets/synthetic-textures.py OUT \
        [--train 24000] [--test 6000] [--seed 0] [--force]

Writes OUT/train/<class>/<n>.png, OUT/test/<class>/<n>.png (n: 5 digits,
8-bit "L" PNG) and OUT/manifest.json (parameters, counts).  Classes (sorted):
bricks checkerboard crosshatch dot_grid random_dots rays rings scratches
smooth_noise stripes waves zigzag.

Each texture is a function of the pixel position, evaluated with numpy at 4x
(128x128 samples) and box-downsampled to 32x32 (anti-aliased), under a random
rotation, scale/frequency and phase (sizes below in final pixels):
  stripes       straight bands or sinusoid, period 2.5-9
  waves         stripes whose lines bend sinusoidally (wavelength 10-30,
                amplitude 0.06-0.2 of it)
  zigzag        stripes whose lines bend in a triangle wave (wavelength 4-12,
                amplitude 0.2-0.5 of it)
  checkerboard  cells 2.5-8, sometimes slightly rectangular
  dot_grid      square or skewed lattice (period 3.5-9) of dots, radius
                0.2-0.38 of the period, per-dot jitter up to 0.12 of it
  random_dots   uniformly scattered dots (mean spacing 3.5-9), radius 0.6-
                0.35 of the spacing
  rings         concentric rings, period 2.5-8, centre up to 24 px from the
                middle (far centres give gently curved bands)
  rays          6-24 radial bands from a centre up to 8 px from the middle
  crosshatch    two families of thin lines 50-90 degrees apart, period 3.5-9
  bricks        staggered brick rows (height 3.5-8, length 1.6-3x height),
                mortar 0.6-1.3 px, per-brick shade
  scratches     5-20 thin line segments, length 6-30, random shades
  smooth_noise  value noise (random 4-12 grid, bicubic), one or two octaves,
                sometimes softly thresholded into blobs
Then: random polarity, contrast 0.12-0.9 (log-uniform), mean brightness,
an illumination gradient (25% of images), Gaussian blur (20%, radius
0.4-0.9 px) and Gaussian noise (85% of images) with sigma 0-16 grey levels
in train and 0-22 in test (the test split's only difference: a wider noise
range).

Deterministic: sample i of a split depends only on (seed, split, i) and is
written to <class>/<i:05d>.png with class = i % 12 (balanced classes).
Idempotent: if OUT/manifest.json matches the requested parameters and all
files exist, nothing is done; missing files are (re)generated; if the
parameters differ, the script stops unless --force (which wipes OUT/train and
OUT/test first).

Needs: python3-pil, python3-numpy.  No fonts.
"""
import argparse
import math

import numpy as np
from PIL import Image, ImageFilter

import image_folders

CLASSES = ["bricks", "checkerboard", "crosshatch", "dot_grid", "random_dots",
           "rays", "rings", "scratches", "smooth_noise", "stripes", "waves",
           "zigzag"]
N = 32                # final image side
S = 4                 # supersampling factor
M = N * S
GENERATOR_VERSION = 1
NOISE_MAX = {"train": 16.0, "test": 22.0}   # grey levels (of 255)

# sample positions at 4x, in final-pixel units, centred on the image middle
_g = (np.arange(M, dtype=np.float64) + 0.5) / S - N / 2
_V, _U = np.meshgrid(_g, _g, indexing="ij")      # _V rows (y), _U cols (x)


def rotated(rng, theta=None):
    if theta is None:
        theta = rng.uniform(0, 2 * math.pi)
    c, s = math.cos(theta), math.sin(theta)
    return _U * c + _V * s, -_U * s + _V * c


def frac_dist(t):
    """Distance (in periods) from t to the nearest integer, 0..0.5."""
    return np.abs(t - np.round(t))


def profile(rng, t):
    """Periodic profile of phase t (in periods): sinusoid or hard bands."""
    if rng.random() < 0.4:
        return 0.5 + 0.5 * np.cos(2 * math.pi * t)
    duty = rng.uniform(0.25, 0.75)
    return (frac_dist(t) < duty / 2).astype(np.float64)


def seg_dist(x0, y0, x1, y1):
    """Distance from every sample position to the segment (x0,y0)-(x1,y1)."""
    dx, dy = x1 - x0, y1 - y0
    L2 = dx * dx + dy * dy + 1e-12
    t = np.clip(((_U - x0) * dx + (_V - y0) * dy) / L2, 0, 1)
    return np.hypot(_U - (x0 + t * dx), _V - (y0 + t * dy))


# --------------------------------------------------------------------------
# the 12 textures: each returns a 128x128 float array, roughly 0..1
# --------------------------------------------------------------------------
def t_stripes(rng):
    p, _ = rotated(rng)
    P = rng.uniform(2.5, 9)
    return profile(rng, p / P + rng.random())


def t_waves(rng):
    p, q = rotated(rng)
    P = rng.uniform(2.5, 9)
    L = rng.uniform(10, 30)
    A = rng.uniform(0.06, 0.2) * L
    bend = A * np.sin(2 * math.pi * (q / L + rng.random()))
    return profile(rng, (p + bend) / P + rng.random())


def t_zigzag(rng):
    p, q = rotated(rng)
    P = rng.uniform(2.5, 9)
    L = rng.uniform(4, 12)
    A = rng.uniform(0.2, 0.5) * L
    x = q / L + rng.random()
    tri = 4 * frac_dist(x) - 1          # triangle wave in -1..1
    return profile(rng, (p + A * tri) / P + rng.random())


def t_checkerboard(rng):
    p, q = rotated(rng)
    c = rng.uniform(2.5, 8)
    r = math.exp(rng.uniform(-0.15, 0.15))
    a = np.floor(p / (c * r) + rng.random())
    b = np.floor(q * r / c + rng.random())
    return ((a + b) % 2).astype(np.float64)


def t_dot_grid(rng):
    p, q = rotated(rng)
    P = rng.uniform(3.5, 9)
    skew = math.radians(rng.uniform(60, 90)) if rng.random() < 0.4 \
        else math.pi / 2
    # lattice basis e1 = (1, 0) P, e2 = (cos skew, sin skew) P
    b = q / (P * math.sin(skew))
    a = p / P - b * math.cos(skew)
    a = a + rng.random()
    b = b + rng.random()
    ia, ib = np.round(a), np.round(b)
    jit = rng.uniform(0, 0.12)
    table = rng.uniform(-1, 1, size=(2, 16, 16)) * jit
    ja = table[0][ia.astype(int) % 16, ib.astype(int) % 16]
    jb = table[1][ia.astype(int) % 16, ib.astype(int) % 16]
    da, db = a - ia - ja, b - ib - jb
    dx = (da + db * math.cos(skew)) * P
    dy = db * math.sin(skew) * P
    r = rng.uniform(0.2, 0.38) * P
    return (np.hypot(dx, dy) < r).astype(np.float64)


def t_random_dots(rng):
    s = rng.uniform(3.5, 9)
    n = max(3, int(rng.poisson(36 * 36 / (s * s))))
    r = rng.uniform(0.6, max(0.7, 0.35 * s))
    c = rng.uniform(-18, 18, size=(n, 2))
    d2 = np.full(_U.shape, np.inf)
    for x, y in c:
        np.minimum(d2, (_U - x) ** 2 + (_V - y) ** 2, out=d2)
    return (d2 < r * r).astype(np.float64)


def t_rings(rng):
    R0 = rng.uniform(0, 24)
    a = rng.uniform(0, 2 * math.pi)
    cx, cy = R0 * math.cos(a), R0 * math.sin(a)
    P = rng.uniform(2.5, 8)
    return profile(rng, np.hypot(_U - cx, _V - cy) / P + rng.random())


def t_rays(rng):
    cx, cy = rng.uniform(-8, 8, size=2)
    n = int(rng.integers(6, 25))
    ang = np.arctan2(_V - cy, _U - cx)
    return profile(rng, n * ang / (2 * math.pi) + rng.random())


def t_crosshatch(rng):
    th = rng.uniform(0, 2 * math.pi)
    delta = math.radians(rng.uniform(50, 90))
    out = np.zeros(_U.shape)
    for k, ang in enumerate((th, th + delta)):
        p, _ = rotated(rng, ang)
        P = rng.uniform(3.5, 9) if k == 0 else P * math.exp(
            rng.uniform(-0.2, 0.2))
        hw = min(rng.uniform(0.4, 1.0), 0.25 * P)
        band = (frac_dist(p / P + rng.random()) * P < hw).astype(np.float64)
        out = np.maximum(out, band)
    return out


def t_bricks(rng):
    if rng.random() < 0.5:      # near horizontal or vertical rows
        theta = rng.uniform(-0.17, 0.17) + math.pi / 2 * int(rng.integers(2))
    else:
        theta = rng.uniform(0, 2 * math.pi)
    p, q = rotated(rng, theta)
    H = rng.uniform(3.5, 8)
    W = H * rng.uniform(1.6, 3)
    m = rng.uniform(0.6, 1.3)
    stagger = rng.uniform(0.3, 0.5)
    y = q / H + rng.random()
    row = np.floor(y)
    x = (p + row * stagger * W) / W + rng.random()
    col = np.floor(x)
    mortar = ((y - row) * H < m) | ((x - col) * W < m)
    shades = rng.uniform(0.6, 1.0, size=(16, 16))
    brick = shades[row.astype(int) % 16, col.astype(int) % 16]
    return np.where(mortar, 0.0, brick)


def t_scratches(rng):
    k = int(rng.integers(5, 21))
    out = np.zeros(_U.shape)
    for _ in range(k):
        x0, y0 = rng.uniform(-16, 16, size=2)
        L = rng.uniform(6, 30)
        a = rng.uniform(0, 2 * math.pi)
        x1, y1 = x0 + L * math.cos(a), y0 + L * math.sin(a)
        hw = rng.uniform(0.3, 0.8)
        shade = rng.uniform(0.5, 1.0)
        out = np.maximum(out, shade * (seg_dist(x0, y0, x1, y1) < hw))
    return out


def value_noise(rng, g):
    a = rng.random((g, g)).astype(np.float32)
    return np.asarray(Image.fromarray(a, mode="F").resize((M, M),
                                                          Image.BICUBIC),
                      dtype=np.float64)


def t_smooth_noise(rng):
    v = value_noise(rng, int(rng.integers(4, 13)))
    if rng.random() < 0.5:
        v = v + rng.uniform(0.2, 0.6) * value_noise(rng, int(rng.integers(10, 20)))
    v = (v - v.min()) / (v.max() - v.min() + 1e-9)
    if rng.random() < 0.3:      # soft threshold into blobs
        k = rng.uniform(6, 20)
        v = 1 / (1 + np.exp(-k * (v - rng.uniform(0.4, 0.6))))
    return v


TEXTURES = {"bricks": t_bricks, "checkerboard": t_checkerboard,
            "crosshatch": t_crosshatch, "dot_grid": t_dot_grid,
            "random_dots": t_random_dots, "rays": t_rays, "rings": t_rings,
            "scratches": t_scratches, "smooth_noise": t_smooth_noise,
            "stripes": t_stripes, "waves": t_waves, "zigzag": t_zigzag}
assert sorted(TEXTURES) == CLASSES


# --------------------------------------------------------------------------
# one sample
# --------------------------------------------------------------------------
def make_sample(rng, label, split):
    v = TEXTURES[CLASSES[label]](rng)
    v = v.reshape(N, S, N, S).mean(axis=(1, 3))          # anti-aliasing
    if rng.random() < 0.5:
        v = 1.0 - v
    contrast = math.exp(rng.uniform(math.log(0.12), math.log(0.9)))
    mean = rng.uniform(contrast / 2, 1 - contrast / 2)
    img = mean + contrast * (v - 0.5)
    if rng.random() < 0.25:                              # illumination
        a = rng.uniform(0, 2 * math.pi)
        grad = (_U[::S, ::S] * math.cos(a) + _V[::S, ::S] * math.sin(a)) / N
        img = img + grad * rng.uniform(0.1, 0.4)
    out = Image.fromarray(np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8),
                          mode="L")
    if rng.random() < 0.2:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    if rng.random() < 0.85:
        sigma = rng.uniform(0, NOISE_MAX[split])
        a = np.asarray(out, dtype=np.float32) + rng.normal(0, sigma, (N, N))
        out = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8),
                              mode="L")
    return out


def main():
    ap = argparse.ArgumentParser(
        description="Synthetic 12-class procedural textures, 32x32 grayscale PNG")
    image_folders.add_size_arguments(ap, train=24000, test=6000, seed=0)
    image_folders.generate(ap.parse_args(), GENERATOR_VERSION, CLASSES, make_sample)


if __name__ == "__main__":
    main()
