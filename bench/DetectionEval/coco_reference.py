#!/usr/bin/env python3
"""A second, independent reckoning of COCO's box metrics, to check AutoDL's CocoEvaluator against.

pycocotools cannot be installed on AutoDL's machines, so this is a fresh implementation in numpy of the algorithm
COCOeval publishes (evaluateImg, accumulate and summarize for iouType='bbox' with the default parameters). It uses
numpy where pycocotools relies on numpy's behaviour (linspace for the thresholds, a stable mergesort for ranking,
searchsorted for reading precision at the recall points, spacing(1) in precision's denominator, mean for the
summaries), so that a C# port that got those details wrong would disagree with it.

It draws seeded random cases (several classes, crowd regions, tied scores, duplicated boxes, boxes on the IoU and
size boundaries, an image with more than 100 detections, images with nothing, classes with no object), computes the
twelve summary figures and each class's AP, AP50 and AP75, and writes cases and figures to one JSON file, which
tests/AutoDL.Tests/Tasks/ObjectDetection/Evaluation/CocoReferenceTests.cs replays through the C# evaluator:

    python3 bench/DetectionEval/coco_reference.py \
        tests/AutoDL.Tests/Tasks/ObjectDetection/Evaluation/coco-reference-cases.json [--seed 21] [--cases 20]

Needs numpy (Debian: apt-get install python3-numpy). A figure that COCOeval would print as -1 (nothing to average)
is written as null, as AutoDL's report does.
"""
import argparse
import json

import numpy as np

IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)
RECALL_POINTS = np.linspace(0.0, 1.0, 101)
DETECTION_LIMITS = [1, 10, 100]
SIZES = [("all", 0.0, 1e5 ** 2), ("small", 0.0, 32.0 ** 2), ("medium", 32.0 ** 2, 96.0 ** 2), ("large", 96.0 ** 2, 1e5 ** 2)]
FIGURE_NAMES = ["map", "map50", "map75", "map_small", "map_medium", "map_large",
                "mar1", "mar10", "mar100", "mar_small", "mar_medium", "mar_large"]


def overlap(det_box, gt_box, gt_is_crowd):
    """Box IoU with pixel-edge boxes [x, y, w, h]; against a crowd the union is the detection's area."""
    dx, dy, dw, dh = det_box
    gx, gy, gw, gh = gt_box
    inter_w = min(dx + dw, gx + gw) - max(dx, gx)
    inter_h = min(dy + dh, gy + gh) - max(dy, gy)
    if inter_w <= 0 or inter_h <= 0:
        return 0.0
    inter = inter_w * inter_h
    det_area = dw * dh
    union = det_area if gt_is_crowd else det_area + gw * gh - inter
    return inter / union


def outside(area, low, high):
    return area < low or area > high


def judge_image(gts, dets, low, high):
    """One image, one class, one size range.

    gts: list of dicts with box, crowd, area; dets: list of dicts with box, score (any order).
    Returns (scores of the kept detections best first, matched [T, D] bool, ignored [T, D] bool, counted gts).
    """
    ranking = np.argsort(np.array([-d["score"] for d in dets], dtype=float), kind="mergesort")[:DETECTION_LIMITS[-1]]
    ranked = [dets[i] for i in ranking]
    skip_gt = np.array([bool(g["crowd"]) or outside(g["area"], low, high) for g in gts], dtype=bool)
    gt_order = np.argsort(skip_gt.astype(int), kind="mergesort")
    ordered_gts = [gts[i] for i in gt_order]
    ordered_skip = skip_gt[gt_order]
    n_thr, n_det, n_gt = len(IOU_THRESHOLDS), len(ranked), len(ordered_gts)
    matched = np.zeros((n_thr, n_det), dtype=bool)
    ignored = np.zeros((n_thr, n_det), dtype=bool)
    ious = np.array([[overlap(d["box"], g["box"], g["crowd"]) for g in ordered_gts] for d in ranked]).reshape(n_det, n_gt)
    for t, threshold in enumerate(IOU_THRESHOLDS):
        taken = np.zeros(n_gt, dtype=bool)
        for d in range(n_det):
            best_iou = min(threshold, 1 - 1e-10)
            chosen = None
            for g in range(n_gt):
                if taken[g] and not ordered_gts[g]["crowd"]:
                    continue
                # once a detection holds a gt that counts, the ignored ones (sorted last) cannot take it
                if chosen is not None and not ordered_skip[chosen] and ordered_skip[g]:
                    break
                if ious[d, g] < best_iou:
                    continue
                best_iou = ious[d, g]
                chosen = g
            if chosen is None:
                continue
            matched[t, d] = True
            ignored[t, d] = ordered_skip[chosen]
            taken[chosen] = True
    det_outside = np.array([outside(d["box"][2] * d["box"][3], low, high) for d in ranked], dtype=bool)
    ignored |= ~matched & det_outside[np.newaxis, :]
    scores = np.array([d["score"] for d in ranked], dtype=float)
    return scores, matched, ignored, int(np.sum(~skip_gt))


def curves(judged, limit):
    """Pooled over images: precision [T, R] and recall [T], or None when no gt counts."""
    counted = sum(j[3] for j in judged)
    if not judged or counted == 0:
        return None
    scores = np.concatenate([j[0][:limit] for j in judged])
    rank = np.argsort(-scores, kind="mergesort")
    matched = np.concatenate([j[1][:, :limit] for j in judged], axis=1)[:, rank]
    ignored = np.concatenate([j[2][:, :limit] for j in judged], axis=1)[:, rank]
    true_pos = np.cumsum(matched & ~ignored, axis=1).astype(float)
    false_pos = np.cumsum(~matched & ~ignored, axis=1).astype(float)
    precision = np.zeros((len(IOU_THRESHOLDS), len(RECALL_POINTS)))
    recall = np.zeros(len(IOU_THRESHOLDS))
    for t in range(len(IOU_THRESHOLDS)):
        rec = true_pos[t] / counted
        prec = true_pos[t] / (false_pos[t] + true_pos[t] + np.spacing(1))
        recall[t] = rec[-1] if len(rec) else 0.0
        # envelope: best precision at this rank or any later one
        envelope = np.maximum.accumulate(prec[::-1])[::-1] if len(prec) else prec
        where = np.searchsorted(rec, RECALL_POINTS, side="left")
        reachable = where < len(rec)
        precision[t, reachable] = envelope[where[reachable]]
    return precision, recall


def evaluate(case):
    n_classes = len(case["classes"])
    images = case["images"]
    # table[k][size][limit] -> (precision, recall) or None
    table = []
    for k in range(n_classes):
        per_size = []
        for _, low, high in SIZES:
            judged = []
            for image in images:
                gts = [g for g in image["truth"] if g["label"] == k]
                dets = [d for d in image["detections"] if d["label"] == k]
                if gts or dets:
                    judged.append(judge_image(gts, dets, low, high))
            per_size.append([curves(judged, limit) for limit in DETECTION_LIMITS])
        table.append(per_size)

    def mean_or_none(values):
        values = [v for v in values if v is not None]
        if not values:
            return None
        return float(np.mean(np.concatenate([np.ravel(v) for v in values])))

    def ap(size, thresholds, classes=None):
        ks = range(n_classes) if classes is None else classes
        return mean_or_none([None if table[k][size][2] is None else table[k][size][2][0][thresholds] for k in ks])

    def ar(size, limit):
        return mean_or_none([None if table[k][size][limit] is None else table[k][size][limit][1] for k in range(n_classes)])

    every = slice(None)
    figures = [ap(0, every), ap(0, [0]), ap(0, [5]), ap(1, every), ap(2, every), ap(3, every),
               ar(0, 0), ar(0, 1), ar(0, 2), ar(1, 2), ar(2, 2), ar(3, 2)]
    result = dict(zip(FIGURE_NAMES, figures))
    result["per_class"] = [{"ap": ap(0, every, [k]), "ap50": ap(0, [0], [k]), "ap75": ap(0, [5], [k])} for k in range(n_classes)]
    return result


# ---- random cases ----

def draw_box(rng):
    """A box of a random COCO size, on whole pixels or halves, sometimes straddling 32² or 96²."""
    kind = rng.integers(0, 5)
    if kind == 0:
        w, h = rng.integers(2, 31, size=2)
    elif kind == 1:
        w, h = rng.integers(33, 95, size=2)
    elif kind == 2:
        w, h = rng.integers(97, 200, size=2)
    elif kind == 3:
        w, h = (32, 32) if rng.random() < 0.5 else (96, 96)
    else:
        w, h = rng.integers(1, 120, size=2)
    x, y = rng.integers(0, 300, size=2)
    if rng.random() < 0.3:
        x, y = x + 0.5, y + 0.5
    return [float(x), float(y), float(w), float(h)]


def jitter(rng, box):
    x, y, w, h = box
    mode = rng.integers(0, 3)
    if mode == 0:
        return list(box)
    scale = 0.15 if mode == 1 else 0.4
    dx, dy = rng.normal(0, scale * w), rng.normal(0, scale * h)
    dw, dh = rng.normal(0, scale * w), rng.normal(0, scale * h)
    return [round(x + dx, 1), round(y + dy, 1), max(1.0, round(w + dw, 1)), max(1.0, round(h + dh, 1))]


def on_a_threshold(rng, box):
    """The object's box made a whole multiple wide, and a detection whose IoU with it is exactly 0.5, 0.6, 0.75,
    0.85 or 0.9 in floating point: shifted by w/k overlaps (k-1)/(k+1); shrunk to 17/20 of the width inside it, 0.85."""
    x, y, w, h = box
    kind = int(rng.integers(0, 5))
    k = [3, 4, 7, 19, 20][kind]
    w = float(k * max(1, round(w / k)))
    if kind == 4:
        return [x, y, w, h], [x, y, w * 17 / 20, h]
    return [x, y, w, h], [x + w / k, y, w, h]


def draw_score(rng):
    # one decimal often, so that scores tie within and across images
    return float(round(rng.random(), 1 if rng.random() < 0.6 else 3))


def draw_case(rng, index):
    n_classes = int(rng.integers(1, 5))
    n_images = int(rng.integers(1, 6))
    images = []
    for _ in range(n_images):
        truth = []
        for _ in range(int(rng.integers(0, 9)) if rng.random() < 0.2 else int(rng.integers(2, 9))):
            box = draw_box(rng)
            crowd = bool(rng.random() < 0.12)
            if crowd:
                box = [box[0], box[1], box[2] * 2.0, box[3] * 2.0]
            area = None if rng.random() < 0.7 else round(box[2] * box[3] * rng.uniform(0.4, 1.0), 1)
            truth.append({"box": box, "label": int(rng.integers(0, n_classes)), "crowd": crowd, "area": area})
        if truth and rng.random() < 0.3:
            truth.append(dict(truth[int(rng.integers(0, len(truth)))]))  # a duplicated object: equal IoUs
        detections = []
        if truth and rng.random() < 0.4:
            # twins: a second object shifted half a width, and a detection halfway between them, which
            # overlaps both equally (0.6), which COCOeval gives to the later one; then a weaker exact hit on the first
            first = truth[int(rng.integers(0, len(truth)))]
            x, y, w, h = first["box"]
            w = float(4 * max(1, round(w / 4)))
            first["box"] = [x, y, w, h]
            truth.append(dict(first, box=[x + w / 2, y, w, h]))
            detections.append({"box": [x + w / 4, y, w, h], "label": first["label"], "score": 0.9})
            detections.append({"box": [x, y, w, h], "label": first["label"], "score": 0.8})
        for g in truth:
            if rng.random() < 0.25:
                g["box"], on_boundary = on_a_threshold(rng, g["box"])
                detections.append({"box": on_boundary, "label": g["label"], "score": draw_score(rng)})
            for _ in range(int(rng.integers(0, 3))):
                label = g["label"] if rng.random() < 0.85 else int(rng.integers(0, n_classes))
                detections.append({"box": jitter(rng, g["box"]), "label": label, "score": draw_score(rng)})
        for _ in range(int(rng.integers(0, 5))):
            detections.append({"box": draw_box(rng), "label": int(rng.integers(0, n_classes)), "score": draw_score(rng)})
        order = rng.permutation(len(detections))
        images.append({"truth": truth, "detections": [detections[i] for i in order]})
    if index % 5 == 4:
        # more than 100 detections of one class in one image: only the best 100 count
        image = images[0]
        label = 0
        image["truth"].append({"box": [10.0, 10.0, 40.0, 40.0], "label": label, "crowd": False, "area": None})
        for g in [g for g in image["truth"] if g["label"] == label]:
            image["detections"].append({"box": list(g["box"]), "label": label, "score": 0.01})
        for _ in range(130):
            image["detections"].append({"box": draw_box(rng), "label": label, "score": draw_score(rng)})
    if index == 0:
        for image in images:
            image["detections"] = []
    if index == 1:
        for image in images:
            image["truth"] = [dict(g, crowd=True) for g in image["truth"]]
    if index == 2:
        images.append({"truth": [], "detections": []})
    return {"name": f"random-{index}", "classes": [f"class{k}" for k in range(n_classes)], "images": images}


def compact(case):
    """Rows instead of objects keep the fixture small: truth [x, y, w, h, label, crowd, area], detection [x, y, w, h, label, score]."""
    return {
        "name": case["name"],
        "classes": case["classes"],
        "images": [{
            "truth": [g["box"] + [g["label"], g["crowd"], g["area"]] for g in image["truth"]],
            "detections": [d["box"] + [d["label"], d["score"]] for d in image["detections"]],
        } for image in case["images"]],
    }


def with_size_area(case):
    """COCO judges an object's size by its annotated area, the box's when none is given."""
    for image in case["images"]:
        for g in image["truth"]:
            g["area"] = g["box"][2] * g["box"][3] if g["area"] is None else g["area"]
    return case


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--cases", type=int, default=20)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    cases = []
    for index in range(args.cases):
        case = draw_case(rng, index)
        stored = compact(case)
        stored["expected"] = evaluate(with_size_area(json.loads(json.dumps(case))))
        cases.append(stored)
    command = f"python3 bench/DetectionEval/coco_reference.py {args.output} --seed {args.seed} --cases {args.cases}"
    document = {
        "produced_by": command,
        "about": "COCO bbox figures of random cases, by an independent numpy implementation of COCOeval "
                 "(bench/DetectionEval/coco_reference.py); null where COCOeval has -1. "
                 "truth rows: x, y, w, h, label, crowd, area (null: the box's); detection rows: x, y, w, h, label, score.",
        "cases": cases,
    }
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("{\n")
        f.write(f' "produced_by": {json.dumps(document["produced_by"])},\n')
        f.write(f' "about": {json.dumps(document["about"])},\n')
        f.write(' "cases": [\n')
        f.write(",\n".join("  " + json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n ]\n}\n")
    summary = [(c["name"], sum(len(i["detections"]) for i in c["images"]), c["expected"]["map"]) for c in cases]
    for name, detections, value in summary:
        print(f"{name:10} {detections:4} detections  map {value}")


if __name__ == "__main__":
    main()
