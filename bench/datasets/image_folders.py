"""What the synthetic dataset generators share: an idempotent image-folder dataset.

A generator writes OUT/train/<class>/<i>.png and OUT/test/<class>/<i>.png with
class = classes[i % len(classes)], and OUT/manifest.json with the parameters.
Run again with the same parameters, it writes only the missing files (each
written to a temporary name and renamed, so a killed run leaves no half
image); with other parameters it stops unless --force, which wipes the splits.
"""
import json
import os
import shutil
import sys
import time

import numpy as np

SPLITS = ("train", "test")


def add_size_arguments(ap, train, test, seed):
    """The arguments every generator takes: OUT, split sizes, seed, --force."""
    ap.add_argument("out")
    ap.add_argument("--train", type=int, default=train)
    ap.add_argument("--test", type=int, default=test)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument("--force", action="store_true",
                    help="delete existing train/ and test/ and regenerate")


def count_pngs(split_dir, classes):
    n = 0
    for c in classes:
        d = os.path.join(split_dir, c)
        if os.path.isdir(d):
            n += sum(1 for f in os.listdir(d) if f.endswith(".png")
                     and not f.endswith(".tmp.png"))
    return n


def write_json(path, value):
    """Writes JSON through a temporary file, so a reader never sees half of it."""
    with open(path + ".tmp", "w") as f:
        json.dump(value, f, indent=1)
    os.replace(path + ".tmp", path)


def prepare(out, params, classes, counts, force):
    """Returns False when OUT already holds this dataset whole; otherwise
    checks the parameters match (or wipes the splits with --force), makes the
    class folders and returns True. counts: {"train": n, "test": n}."""
    man_path = os.path.join(out, "manifest.json")
    if os.path.exists(man_path) and not force:
        with open(man_path) as f:
            old = json.load(f)
        if old.get("params") != params:
            sys.exit(f"{man_path} was made with different parameters:\n"
                     f"  old {old.get('params')}\n  new {params}\n"
                     "use --force to regenerate or pick another OUT")
        if all(count_pngs(os.path.join(out, s), classes) == counts[s]
               for s in SPLITS):
            print(f"{out}: complete ({counts['train']} train / "
                  f"{counts['test']} test), nothing to do")
            return False
    if force:
        for s in SPLITS:
            shutil.rmtree(os.path.join(out, s), ignore_errors=True)
    for s in SPLITS:
        for c in classes:
            os.makedirs(os.path.join(out, s, c), exist_ok=True)
    return True


def image_path(out, split, classes, i):
    return os.path.join(out, split, classes[i % len(classes)], f"{i:05d}.png")


def save_png(img, path, **options):
    tmp = path + ".tmp.png"
    img.save(tmp, format="PNG", **options)
    os.replace(tmp, path)


def finish(out, manifest, classes, counts, written, t0):
    """Counts what is on disk, marks the manifest complete when all is there."""
    found = {s: count_pngs(os.path.join(out, s), classes) for s in SPLITS}
    manifest = dict(manifest, complete=found == counts, counts=found)
    write_json(os.path.join(out, "manifest.json"), manifest)
    print(f"done: {found['train']} train / {found['test']} test images in "
          f"{out} ({written} written, {time.time() - t0:.0f}s)")


def generate(args, version, classes, make_sample):
    """The whole run of a one-process generator: make_sample(rng, label,
    split) draws one image; image i of a split has label i % len(classes) and
    its own generator seeded by (seed, split, i), so any image can be made
    again alone."""
    if args.train > 100000 or args.test > 100000:
        sys.exit("at most 100000 images per split (5-digit file names)")
    t0 = time.time()
    params = {"train": args.train, "test": args.test, "seed": args.seed,
              "generator_version": version}
    counts = {"train": args.train, "test": args.test}
    if not prepare(args.out, params, classes, counts, args.force):
        return
    manifest = {"params": params, "classes": classes, "complete": False}
    write_json(os.path.join(args.out, "manifest.json"), manifest)
    written = 0
    for split in SPLITS:
        for i in range(counts[split]):
            path = image_path(args.out, split, classes, i)
            if os.path.exists(path):
                continue
            rng = np.random.default_rng([args.seed, SPLITS.index(split), i])
            img = make_sample(rng, i % len(classes), split)
            save_png(img, path)
            written += 1
            if written % 5000 == 0:
                print(f"  {written} written, {time.time() - t0:.0f}s",
                      flush=True)
    finish(args.out, manifest, classes, counts, written, t0)
