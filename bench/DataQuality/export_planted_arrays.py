#!/usr/bin/env python3
"""Packs the planted Fashion-MNIST set, its quality report and its truth into one .npz for cleaning_rules_peer.py.

The planted folders keep each image's IDX index in its file name (bench/datasets/fashion-mnist-folders.py), so the
pixels come from the IDX files and only the folder listing is read. Per training image it stores the given label (its
folder), the true label, whether fit always leaves it out (a copy of a test image, a repeated copy, a corrupt file),
and the label check's verdict from the report (probability of the given label, the suggested label, the rank).

    /usr/bin/python3 bench/DataQuality/export_planted_arrays.py IDX_FOLDER PLANTED REPORT.json OUT.npz
"""
import gzip
import json
import os
import sys

import numpy as np


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    idx, planted, report_path, out = sys.argv[1:5]
    report = json.load(open(report_path))
    truth = json.load(open(os.path.join(planted, "truth.json")))
    names = report["classNames"]
    train_pixels = read_idx(os.path.join(idx, "train-images-idx3-ubyte.gz"))
    train_labels = read_idx(os.path.join(idx, "train-labels-idx1-ubyte.gz"))
    test_pixels = read_idx(os.path.join(idx, "t10k-images-idx3-ubyte.gz"))
    test_labels = read_idx(os.path.join(idx, "t10k-labels-idx1-ubyte.gz"))
    corrupt = {os.path.abspath(c["path"]) for c in truth["corrupt"]}

    # What fit leaves out whatever the flags: DataCleaner.Clean's duplicate rules.
    always_out = set()
    for pair in report["duplicates"]:
        if pair["crossSplit"]:
            always_out.add(os.path.abspath(pair["first"]["source"]))
        elif pair["kind"] == "Exact":
            if pair["sameLabel"]:
                always_out.add(os.path.abspath(pair["second"]["source"]))
            else:
                always_out.add(os.path.abspath(pair["first"]["source"]))
                always_out.add(os.path.abspath(pair["second"]["source"]))

    verdicts = {}
    for rank, s in enumerate(report["labelSuspects"]):
        if s["image"]["split"] == "Train":
            verdicts[os.path.abspath(s["image"]["source"])] = (s["givenProbability"], s["suggestedLabel"], rank)

    pixels, given, true, out_mask, given_p, suggested, rank = [], [], [], [], [], [], []
    fashion = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]
    for k, name in enumerate(names):
        folder = os.path.join(planted, "train", name)
        for f in sorted(os.listdir(folder)):
            path = os.path.abspath(os.path.join(folder, f))
            if path in corrupt or not f.endswith(".png"):
                continue
            if f.startswith("leak-"):
                i = int(f[5:-4])
                img, label = test_pixels[i], test_labels[i]
            else:
                i = int(f[:-4])
                img, label = train_pixels[i], train_labels[i]
            pixels.append(img)
            given.append(k)
            true.append(names.index(fashion[label]))
            out_mask.append(path in always_out)
            p, s, r = verdicts.get(path, (1.0, k, len(report["labelSuspects"])))
            given_p.append(p)
            suggested.append(s)
            rank.append(r)
    test_true = [names.index(fashion[label]) for label in test_labels]
    np.savez_compressed(
        out, train=np.stack(pixels), given=np.array(given, np.int64), true=np.array(true, np.int64),
        always_out=np.array(out_mask), given_p=np.array(given_p, np.float32), suggested=np.array(suggested, np.int64),
        rank=np.array(rank, np.int64), test=test_pixels, test_labels=np.array(test_true, np.int64),
        quota=np.array(report["estimatedLabelErrorsByClass"], np.int64), names=np.array(names))
    flipped = int((np.array(given) != np.array(true)).sum())
    print(f"{len(given)} training images, {flipped} with a wrong label, {sum(out_mask)} always left out -> {out}")


if __name__ == "__main__":
    main()
