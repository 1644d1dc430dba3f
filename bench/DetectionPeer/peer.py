#!/usr/bin/python3
"""A PyTorch 1.13 peer of AutoDL.NET's FCOS-style detector and its training, to compare speed and accuracy.

Every part mirrors one C# file of src/AutoDL (cited where it is written); see README.md beside this file for the
commands, what the figures mean, how --time-limit plans, and every place where the peer cannot match the product.

    /usr/bin/python3 bench/DetectionPeer/peer.py /tmp/dd-default-all/coco --epochs 10 --threads 2 --json out.json

Needs Debian's python3-torch (1.13), python3-torchvision (0.14), python3-numpy and python3-pil; nothing else.
"""
import argparse
import json
import math
import os
import platform
import sys
import time
from collections import OrderedDict, namedtuple

import numpy as np
import torch
from PIL import Image
import torch.nn.functional as F
from torch import nn
from torchvision.ops import generalized_box_iou_loss, nms, sigmoid_focal_loss

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "DetectionEval"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Shared"))
import coco_reference  # noqa: E402  (bench/DetectionEval: the numpy COCOeval the C# evaluator is checked against)
from peer_common import (  # noqa: E402  (bench/Shared: what this peer shares with bench/SegmentationPeer)
    BasicBlock, BestEpoch, add_run_arguments, backbone_parameters, channel_mean_std, command_line, cpu_name, epoch_steps,
    fmt, folded_normalisation, logger, make_stem, one_cycle_lr, plan_epochs, resnet_plan, rgb_on_white, tapped_features,
    take_step, train_epoch, training_result, weight_init_with_identity_residuals, write_report)

PROGRAM_START = time.perf_counter()


# ---------------------------------------------------------------------------------------------------------------------
# System.Random (seeded): the product draws shuffles and augmentation from `new Random(seed)` (Trainer.cs), whose
# seeded algorithm is .NET's compatibility generator (Knuth's subtractive method, dotnet/runtime
# Random.CompatImpl.cs). Ported exactly, so the peer draws the same batches and the same augmentations.
# ---------------------------------------------------------------------------------------------------------------------

INT_MAX = 2147483647


def _i32(v):
    """C#'s unchecked int arithmetic."""
    return ((v + 2147483648) % 4294967296) - 2147483648


class DotNetRandom:
    def __init__(self, seed):
        seed_array = [0] * 56
        subtraction = INT_MAX if seed == -2147483648 else abs(seed)
        mj = _i32(161803398 - subtraction)
        seed_array[55] = mj
        mk = 1
        ii = 0
        for _ in range(1, 55):
            ii += 21
            if ii >= 55:
                ii -= 55
            seed_array[ii] = mk
            mk = _i32(mj - mk)
            if mk < 0:
                mk += INT_MAX
            mj = seed_array[ii]
        for _ in range(1, 5):
            for i in range(1, 56):
                n = i + 30
                if n >= 55:
                    n -= 55
                seed_array[i] = _i32(seed_array[i] - seed_array[1 + n])
                if seed_array[i] < 0:
                    seed_array[i] += INT_MAX
        self._seed_array = seed_array
        self._inext = 0
        self._inextp = 21

    def internal_sample(self):
        inext = self._inext + 1
        if inext >= 56:
            inext = 1
        inextp = self._inextp + 1
        if inextp >= 56:
            inextp = 1
        a = self._seed_array
        ret = _i32(a[inext] - a[inextp])
        if ret == INT_MAX:
            ret -= 1
        if ret < 0:
            ret += INT_MAX
        a[inext] = ret
        self._inext = inext
        self._inextp = inextp
        return ret

    def next_double(self):
        return self.internal_sample() * (1.0 / INT_MAX)

    def next(self, max_value):
        return int(self.next_double() * max_value)

    def next_range(self, min_value, max_value):
        return int(self.next_double() * (max_value - min_value)) + min_value

    def shuffle(self, values):
        """Random.Shuffle<T>(T[]) of .NET 8+: for i < n-1, swap i with Next(i, n)."""
        n = len(values)
        for i in range(n - 1):
            j = self.next_range(i, n)
            values[i], values[j] = values[j], values[i]


def _check_dotnet_random():
    # dotnet/runtime's RandomTests.ExpectedValues: the first values of new Random(0) and new Random(1).Next().
    for seed, expected in ((0, [1559595546, 1755192844, 1649316166]), (1, [534011718, 237820880, 1002897798])):
        r = DotNetRandom(seed)
        got = [r.internal_sample() for _ in expected]
        assert got == expected, f"System.Random port drew {got} for seed {seed}, .NET draws {expected}"


class ShuffledStream:
    """Training/ShuffledStream.cs: indices in shuffled passes; successive epochs continue one stream."""

    def __init__(self, count, random):
        self._order = list(range(count))
        self._random = random
        self._cursor = count

    def next(self):
        if self._cursor == len(self._order):
            self._random.shuffle(self._order)
            self._cursor = 0
        value = self._order[self._cursor]
        self._cursor += 1
        return value


# ---------------------------------------------------------------------------------------------------------------------
# Data: Tasks/ObjectDetection/Data (CocoReader.cs, DetectionImporter.cs, AnnotationChecks.cs, Letterbox.cs,
# DetectionSetBuilder.cs) and Data (ImageDecoder.cs, NormalizationStats.cs, BatchBuilder.cs).
# A box is (x, y, w, h) in doubles, as BoundingBox.cs holds it; its right edge is x + w, computed as C# computes it.
# ---------------------------------------------------------------------------------------------------------------------

Obj = namedtuple("Obj", "box label ignored area")  # ObjectAnnotation.cs; area None when the annotation gives none

EDGE_TOLERANCE = 1.0  # AnnotationChecks.EdgeTolerance
PADDING = 114  # DetectionSetBuilder.Padding


def from_corners(left, top, right, bottom):
    return (left, top, right - left, bottom - top)


def read_coco(root):
    """CocoReader.Read + DetectionImporter.Check: per split, the images in the JSON's order with their checked objects.
    Class names sorted ordinally (DetectionImporter), so an index means the same class as in the product."""
    splits = {}
    names = set()
    documents = {}
    for split in ("train", "val", "test"):
        path = os.path.join(root, "annotations", f"instances_{split}.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                documents[split] = json.load(f)
            names.update(c["name"] for c in documents[split]["categories"])
    classes = sorted(names)
    index = {name: k for k, name in enumerate(classes)}
    skipped = 0
    for split, doc in documents.items():
        categories = {c["id"]: c["name"] for c in doc["categories"]}
        by_image = {}
        for a in doc.get("annotations", []):
            by_image.setdefault(a["image_id"], []).append(a)
        images = []
        for image in doc["images"]:
            # CocoReader.Locate: the split's folder beside annotations/, then images/{split}/, images/, the root.
            candidates = [os.path.join(root, split, image["file_name"]), os.path.join(root, "images", split, image["file_name"]),
                          os.path.join(root, "images", image["file_name"]), os.path.join(root, image["file_name"])]
            file = next((c for c in candidates if os.path.isfile(c)), None)
            if file is None:
                continue
            with Image.open(file) as header:  # DetectionImporter reads the size from the file, not the JSON
                width, height = header.size
            objects = []
            for a in by_image.get(image["id"], []):
                name = categories.get(a.get("category_id"))
                x, y, w, h = (float(v) for v in a["bbox"])
                if name is None or w <= 0 or h <= 0 or x < -EDGE_TOLERANCE or y < -EDGE_TOLERANCE \
                        or x + w > width + EDGE_TOLERANCE or y + h > height + EDGE_TOLERANCE:
                    skipped += 1
                    continue
                box = from_corners(max(0.0, x), max(0.0, y), min(float(width), x + w), min(float(height), y + h))
                area = a.get("area")
                area = float(area) if isinstance(area, (int, float)) and area > 0 else None
                crowd = a.get("iscrowd", 0)
                objects.append(Obj(box, index[name], bool(crowd), area))
            images.append({"file": file, "width": width, "height": height, "objects": objects})
        splits[split] = images
    return classes, splits, skipped


def letterbox_for(width, height, size):
    """Letterbox.For: scaled so the longer side fills the input, placed at the top left. Python's round() rounds half
    to even, as C#'s Math.Round does."""
    scale = min(size / width, size / height)
    resized_w = min(max(int(round(width * scale)), 1), size)
    resized_h = min(max(int(round(height * scale)), 1), size)
    return (resized_w / width, resized_h / height, resized_w, resized_h)


def decode(path, width, height):
    """ImageDecoder: RGB, transparency composited on white; resized (bilinear) when the letterbox asks for it."""
    with Image.open(path) as image:
        image.load()
        image = rgb_on_white(image)
        if image.size != (width, height):
            image = image.resize((width, height), Image.BILINEAR)
        return np.asarray(image, dtype=np.uint8).transpose(2, 0, 1)


class DetectionSet:
    """DetectionSetBuilder.Build: letterboxed uint8 CHW pixels, boxes (and areas) scaled per axis to the input."""

    def __init__(self, images, size):
        n = len(images)
        self.size = size
        self.pixels = np.full((n, 3, size, size), PADDING, dtype=np.uint8)
        self.objects, self.letterboxes, self.originals = [], [], []
        for i, image in enumerate(images):
            sx, sy, rw, rh = letterbox_for(image["width"], image["height"], size)
            self.pixels[i, :, :rh, :rw] = decode(image["file"], rw, rh)
            self.letterboxes.append((sx, sy, rw, rh))
            self.originals.append(image["objects"])
            self.objects.append([o._replace(box=(o.box[0] * sx, o.box[1] * sy, o.box[2] * sx, o.box[3] * sy),
                                            area=None if o.area is None else o.area * sx * sy) for o in image["objects"]])

    def __len__(self):
        return len(self.objects)


def normalization_stats(pixels):
    """NormalizationStats.Compute: exact integer sums per channel of the training letterboxes (padding included)."""
    n = float(pixels.shape[0] * pixels.shape[2] * pixels.shape[3])
    histograms = [np.bincount(pixels[:, c].reshape(-1), minlength=256).astype(np.int64) for c in range(pixels.shape[1])]
    return channel_mean_std(histograms, n)


class BatchBuilder:
    """BatchBuilder.Write: (b/255 - mean)/std folded into one float32 multiply-add per pixel."""

    def __init__(self, mean, std):
        scale, offset = folded_normalisation(mean, std)
        self.scale, self.offset = scale.reshape(1, -1, 1, 1), offset.reshape(1, -1, 1, 1)

    def write(self, pixels):
        return torch.from_numpy(pixels.astype(np.float32) * self.scale + self.offset)


# ---------------------------------------------------------------------------------------------------------------------
# The network: the ResNet backbone (Models/ResNet.cs, BasicBlock.cs, Stems.cs, WeightInit.cs, ConvArithmetic.cs)
# from bench/Shared/peer_common.py, and Tasks/ObjectDetection/Models/FcosNetwork.cs, DetectorLayout.cs,
# PyramidLevel.cs. Modules are built and initialised in the product's order, so that libtorch's generator, seeded
# as Trainer.cs seeds it, is drawn in the same sequence.
# ---------------------------------------------------------------------------------------------------------------------

REACH_PER_STRIDE = 8.0  # DetectorLayout.ReachPerStride
OBJECT_PRIOR = 0.01  # FcosNetwork.ObjectPrior
MAX_LOG_DISTANCE = 8.0  # FcosNetwork.MaxLogDistance


def detector_layout(size, maps):
    """DetectorLayout: per level (stride, height, width, min reach, max reach); maps = [(h, w)] finest first."""
    levels = []
    for i, (h, w) in enumerate(maps):
        stride = size / w
        low = 0.0 if i == 0 else levels[i - 1][4]
        high = math.inf if i == len(maps) - 1 else REACH_PER_STRIDE * stride
        levels.append((stride, h, w, low, high))
    return levels


def layout_points(levels):
    """DetectorLayout.Points: L x 5 float32 (x, y of the cell centre, stride, min reach, max reach), level by level,
    row by row; an infinite reach is float.MaxValue."""
    values = []
    for stride, h, w, low, high in levels:
        for row in range(h):
            for column in range(w):
                values.append(((column + 0.5) * stride, (row + 0.5) * stride, stride, low,
                               float(np.finfo(np.float32).max) if math.isinf(high) else high))
    return torch.tensor(values, dtype=torch.float32)


class FcosNetwork(nn.Module):
    """FcosNetwork.cs: the backbone's last `levels` stage taps, lateral 1x1 convolutions, top-down nearest-upsampled
    sums, 3x3 smoothing, and one head shared by every level (towers of conv+GroupNorm+ReLU, then class, box and
    centre-ness convolutions); distances exp(clamp(scale*x, max 8))*stride. Output N x L x (classes + 5)."""

    def __init__(self, size, classes, stages, blocks, width, stem, levels, head_width, tower_depth):
        super().__init__()
        # ResNet.CreateBackbone: the stem, then the blocks named stage{s}_{i}; taps at each stage's last block.
        plan = resnet_plan(stages, blocks, width, stem, size)
        self.stem = make_stem(stem, 3, width)
        self.blocks = nn.Sequential(OrderedDict(
            (f"stage{s}_{i}", BasicBlock(cin, cout, stride)) for s, i, cin, cout, stride, _, _ in plan))
        taps = [(child, (cout, h, w)) for child, (s, i, cin, cout, stride, h, w) in enumerate(plan) if i == blocks - 1]
        if len(taps) < levels:
            raise ValueError(f"The backbone marks {len(taps)} stage(s); a {levels}-level pyramid needs as many.")
        taps = taps[len(taps) - levels:]
        self.tap_children = [child for child, _ in taps]
        self.levels = detector_layout(size, [(h, w) for _, (_, h, w) in taps])
        self.strides = [float(np.float32(level[0])) for level in self.levels]
        self.classes_count = classes
        # FcosNetwork's constructor initialises each backbone part before it builds the head.
        weight_init_with_identity_residuals(self.stem)
        weight_init_with_identity_residuals(self.blocks)
        self.lateral = nn.ModuleList([nn.Conv2d(c, head_width, 1) for _, (c, _, _) in taps])
        self.smooth = nn.ModuleList([nn.Conv2d(head_width, head_width, 3, padding=1) for _ in taps])
        self.class_tower = self._tower(head_width, tower_depth)
        self.box_tower = self._tower(head_width, tower_depth)
        self.classes = nn.Conv2d(head_width, classes, 3, padding=1)
        self.box = nn.Conv2d(head_width, 4, 3, padding=1)
        self.centerness = nn.Conv2d(head_width, 1, 3, padding=1)
        self.scales = nn.Parameter(torch.ones(levels))
        self._initialise_head()

    @staticmethod
    def _tower(width, depth):
        layers = []
        for i in range(depth):
            layers.append((f"conv{i}", nn.Conv2d(width, width, 3, padding=1)))
            layers.append((f"norm{i}", nn.GroupNorm(min(32, width // 8), width)))
            layers.append((f"relu{i}", nn.ReLU()))
        return nn.Sequential(OrderedDict(layers))

    def _initialise_head(self):
        """FcosNetwork.InitialiseHead: tower and prediction convolutions N(0, .01) with zero bias, the class bias at
        -log((1 - .01)/.01), GroupNorm weight 1 bias 0. The lateral and smoothing convolutions keep libtorch's
        default initialisation (Kaiming-uniform a=sqrt(5), uniform bias), as in the product."""
        with torch.no_grad():
            convs = [m for t in (self.class_tower, self.box_tower) for m in t.children() if isinstance(m, nn.Conv2d)]
            for conv in convs + [self.classes, self.box, self.centerness]:
                nn.init.normal_(conv.weight, 0, 0.01)
                nn.init.zeros_(conv.bias)
            self.classes.bias.fill_(-math.log((1 - OBJECT_PRIOR) / OBJECT_PRIOR))
            for norm in [m for t in (self.class_tower, self.box_tower) for m in t.children() if isinstance(m, nn.GroupNorm)]:
                nn.init.ones_(norm.weight)
                nn.init.zeros_(norm.bias)

    def features(self, x):
        """FcosNetwork.Features: the backbone's maps at the taps, finest first."""
        return tapped_features(self.stem, self.blocks, self.tap_children, x)

    def forward(self, x):
        laterals = [lateral(f) for lateral, f in zip(self.lateral, self.features(x))]
        for i in range(len(laterals) - 2, -1, -1):
            laterals[i] = laterals[i] + F.interpolate(laterals[i + 1], size=laterals[i].shape[2:], mode="nearest")
        rows = []
        for i in range(len(laterals)):
            level = self.smooth[i](laterals[i])
            class_tower = self.class_tower(level)
            box_tower = self.box_tower(level)
            distances = torch.exp((self.box(box_tower) * self.scales[i]).clamp_max(MAX_LOG_DISTANCE)).mul(self.strides[i])
            prediction = torch.cat([self.classes(class_tower), distances, self.centerness(box_tower)], 1)
            rows.append(prediction.flatten(2))
        return torch.cat(rows, 2).permute(0, 2, 1)


def planned_parameters(size, classes, stages, blocks, width, stem, levels, head_width, tower_depth):
    """The parameters as FcosCost.Of counts them from the plan (ResNet.BackboneCost, Stems.Cost, BasicBlock.Cost,
    NetworkCost.ConvNorm), without building anything."""
    def conv(cin, cout, k):  # FcosCost.Conv: with bias
        return cin * cout * k * k + cout

    plan = resnet_plan(stages, blocks, width, stem, size)
    total = backbone_parameters(plan, width, stem)
    taps = [cout for _, i, _, cout, _, _, _ in plan if i == blocks - 1]
    shared = 2 * tower_depth * (conv(head_width, head_width, 3) + 2 * head_width) \
        + conv(head_width, classes, 3) + conv(head_width, 4, 3) + conv(head_width, 1, 3)
    total += shared + levels
    for c in taps[len(taps) - levels:]:
        total += conv(c, head_width, 1) + conv(head_width, head_width, 3)
    return total


# By hand from the C# layer list, for the default configuration (ResNet 4 stages x 1 block, width 16, Conv7Pool stem,
# 3x128x128 input; head width 64, tower depth 2, 3 levels, 5 classes):
#   stem        conv 3*16*49 = 2,352 + bn 32                                                    =   2,384
#   stage0_0    16->16 s1: 2*(16*16*9 + 32)                                                     =   4,672
#   stage1_0    16->32 s2: 16*32*9+64 + 32*32*9+64 + 16*32+64                                   =  14,528
#   stage2_0    32->64 s2: 32*64*9+128 + 64*64*9+128 + 32*64+128                                =  57,728
#   stage3_0    64->128 s2: 64*128*9+256 + 128*128*9+256 + 64*128+256                           = 230,144
#   backbone                                                                                    = 309,456
#   towers      2 towers x 2 x (64*64*9+64 conv + 128 GroupNorm) = 4 x 37,056                   = 148,224
#   predictions 64*5*9+5 + 64*4*9+4 + 64*1*9+1 = 2,885 + 2,308 + 577                            =   5,770
#   scales      one per level                                                                   =       3
#   lateral     32*64+64 + 64*64+64 + 128*64+64 = 2,112 + 4,160 + 8,256                         =  14,528
#   smoothing   3 x (64*64*9+64)                                                                = 110,784
#   total                                                                                       = 588,765
DEFAULT_CONFIG_PARAMETERS = 588765
DEFAULT_CONFIG = dict(size=128, classes=5, stages=4, blocks=1, width=16, stem="conv7pool", levels=3, head_width=64,
                      tower_depth=2)


# ---------------------------------------------------------------------------------------------------------------------
# Targets and loss: Tasks/ObjectDetection/Training/FcosTargets.cs and FcosLoss.cs.
# ---------------------------------------------------------------------------------------------------------------------

CENTRE_RADIUS = 1.5  # FcosTargets.CentreRadius


def corners(objects):
    """FcosTargets.Corners: M x 4 float32 (left, top, right, bottom), right = X + Width in doubles, then cast."""
    return torch.tensor([[o.box[0], o.box[1], o.box[0] + o.box[2], o.box[1] + o.box[3]] for o in objects],
                        dtype=torch.float32).view(len(objects), 4)


def inside(points, boxes):
    x, y = points[:, 0:1], points[:, 1:2]
    return (x > boxes[:, 0]) & (y > boxes[:, 1]) & (x < boxes[:, 2]) & (y < boxes[:, 3])


def fcos_targets(points, objects, classes):
    """FcosTargets.For: (classes L x K, boxes L x 4, centre-ness L, positive L, class weight L)."""
    locations = points.shape[0]
    kept = [o for o in objects if not o.ignored]
    ignored = [o for o in objects if o.ignored]
    class_weight = torch.ones(locations)
    if ignored:
        class_weight.masked_fill_(inside(points, corners(ignored)).any(1), 0.0)
    if not kept:
        return (torch.zeros(locations, classes), torch.zeros(locations, 4), torch.zeros(locations),
                torch.zeros(locations, dtype=torch.bool), class_weight)
    boxes = corners(kept)
    x, y = points[:, 0:1], points[:, 1:2]
    stride, min_reach, max_reach = points[:, 2:3], points[:, 3:4], points[:, 4:5]
    left, top = x - boxes[:, 0], y - boxes[:, 1]
    right, bottom = boxes[:, 2] - x, boxes[:, 3] - y
    distances = torch.stack([left, top, right, bottom], 2)
    reach = distances.amax(2)
    radius = stride.mul(CENTRE_RADIUS)
    near_centre = (x - (boxes[:, 0] + boxes[:, 2]).mul(0.5)).abs().lt(radius) \
        & (y - (boxes[:, 1] + boxes[:, 3]).mul(0.5)).abs().lt(radius)
    candidate = distances.amin(2).gt(0) & near_centre & reach.gt(min_reach) & reach.le(max_reach)
    area = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])).unsqueeze(0).expand(locations, len(kept))
    smallest, assigned = area.masked_fill(~candidate, math.inf).min(1)
    positive = smallest.isfinite()
    labels = torch.tensor([o.label for o in kept], dtype=torch.long)
    class_targets = F.one_hot(labels[assigned], classes).to(torch.float32) * positive.unsqueeze(1)
    box_targets = boxes[assigned] * positive.unsqueeze(1)
    own = distances.gather(1, assigned.view(locations, 1, 1).expand(locations, 1, 4)).squeeze(1).clamp_min(1e-6)
    l, t, r, b = own[:, 0], own[:, 1], own[:, 2], own[:, 3]
    centerness = (torch.minimum(l, r) / torch.maximum(l, r) * (torch.minimum(t, b) / torch.maximum(t, b))).sqrt() * positive
    class_weight.masked_fill_(positive, 1.0)
    return class_targets, box_targets, centerness, positive, class_weight


def stack_targets(per_image):
    """FcosTargets.Stack."""
    return tuple(torch.stack(parts) for parts in zip(*per_image))


def fcos_loss(predictions, points, targets, box_weight=1.0):
    """FcosLoss.Compute: focal loss (alpha .25, gamma 2) on every location's classes per positive location; GIoU on
    positive boxes weighted by centre-ness, per unit of centre-ness; BCE on centre-ness per positive location."""
    classes_t, boxes_t, centerness_t, positive, class_weight = targets
    classes = predictions.shape[2] - 5
    logits = predictions[:, :, :classes]
    distances = predictions[:, :, classes:classes + 4]
    centerness = predictions[:, :, classes + 4]
    positives = positive.sum().clamp_min(1).to(torch.float32)
    class_loss = (sigmoid_focal_loss(logits, classes_t, 0.25, 2.0, "none") * class_weight.unsqueeze(2)).sum() / positives
    x, y = points[:, 0], points[:, 1]
    predicted = torch.stack([x - distances[:, :, 0], y - distances[:, :, 1], x + distances[:, :, 2], y + distances[:, :, 3]], 2)
    weight = centerness_t[positive]
    if weight.numel() == 0:
        box_loss = predictions.sum().mul(0)
        centerness_loss = predictions.sum().mul(0)
    else:
        box_loss = (generalized_box_iou_loss(predicted[positive], boxes_t[positive]) * weight).sum() / weight.sum().clamp_min(1e-6)
        centerness_loss = F.binary_cross_entropy_with_logits(centerness[positive], weight, reduction="sum") / positives
    total = class_loss + box_weight * box_loss + centerness_loss
    return total, class_loss, box_loss, centerness_loss


# ---------------------------------------------------------------------------------------------------------------------
# Augmentation: Tasks/ObjectDetection/Training/DetectionAugmentation.cs and BoxAwareAugmenter.cs.
# ---------------------------------------------------------------------------------------------------------------------

MIN_VISIBLE_SHARE = 0.25  # DetectionAugmentation.MinVisibleShare


class BoxAwareAugmenter:
    def __init__(self, max_zoom, max_shift, horizontal_flip, colour_jitter, size, random):
        self.max_zoom, self.max_shift, self.flip, self.jitter = max_zoom, max_shift, horizontal_flip, colour_jitter
        self.size = size
        self.random = random

    def apply(self, images, objects):
        n = len(objects)
        r = self.random
        theta = [0.0] * (6 * n)
        gains, offsets, moved = [0.0] * n, [0.0] * n, []
        width = height = float(self.size)
        for i in range(n):
            zoom = math.exp((r.next_double() * 2 - 1) * math.log(1 + self.max_zoom))
            shift_x = (r.next_double() * 2 - 1) * self.max_shift * width
            shift_y = (r.next_double() * 2 - 1) * self.max_shift * height
            flip = self.flip and r.next(2) == 0
            sign = -1.0 if flip else 1.0
            theta[6 * i + 0] = sign / zoom
            theta[6 * i + 2] = -2 * shift_x / width / zoom
            theta[6 * i + 4] = 1 / zoom
            theta[6 * i + 5] = -2 * shift_y / height / zoom
            moved.append(self._move(objects[i], zoom, shift_x, shift_y, flip))
            gains[i] = 1 + ((r.next_double() * 2 - 1) * self.jitter)
            offsets[i] = (r.next_double() * 2 - 1) * self.jitter
        grid = F.affine_grid(torch.tensor(theta, dtype=torch.float32).view(n, 2, 3), [n, images.shape[1], self.size, self.size],
                             align_corners=False)
        warped = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        jittered = warped.mul(torch.tensor(gains, dtype=torch.float32).view(n, 1, 1, 1)) \
            .add(torch.tensor(offsets, dtype=torch.float32).view(n, 1, 1, 1))
        return jittered, moved

    def _move(self, objects, zoom, shift_x, shift_y, flip):
        width = height = float(self.size)
        kept = []
        for o in objects:
            x, y, w, h = o.box
            left = (zoom * (x - (width / 2))) + (width / 2) + shift_x
            right = (zoom * ((x + w) - (width / 2))) + (width / 2) + shift_x
            top = (zoom * (y - (height / 2))) + (height / 2) + shift_y
            bottom = (zoom * ((y + h) - (height / 2))) + (height / 2) + shift_y
            if flip:
                left, right = width - right, width - left
            whole = from_corners(left, top, right, bottom)
            clipped = from_corners(max(0.0, left), max(0.0, top), min(width, right), min(height, bottom))
            if clipped[2] <= 1 or clipped[3] <= 1 or clipped[2] * clipped[3] < MIN_VISIBLE_SHARE * (whole[2] * whole[3]):
                continue
            kept.append(o._replace(box=clipped, area=None if o.area is None else o.area * zoom * zoom))
        return kept


# ---------------------------------------------------------------------------------------------------------------------
# Decoding: Tasks/ObjectDetection/Inference/FcosDecoder.cs.
# ---------------------------------------------------------------------------------------------------------------------

MIN_SCORE, MAX_CANDIDATES, SUPPRESSION_IOU, MAX_DETECTIONS = 0.05, 1000, 0.6, 100


@torch.no_grad()
def decode_detections(predictions, points, width, height):
    """Per image: [((x, y, w, h), label, score)] best first, in the input's pixels."""
    classes = predictions.shape[2] - 5
    result = []
    for n in range(predictions.shape[0]):
        image = predictions[n].to(torch.float32)
        scores = (image[:, :classes].sigmoid() * image[:, classes + 4].sigmoid().unsqueeze(1)).sqrt()
        candidates = scores.gt(MIN_SCORE).nonzero()
        if candidates.shape[0] == 0:
            result.append([])
            continue
        location, label = candidates[:, 0], candidates[:, 1]
        score = scores[location, label]
        if score.shape[0] > MAX_CANDIDATES:
            best = score.topk(MAX_CANDIDATES).indices
            location, label, score = location[best], label[best], score[best]
        distances = image.index_select(0, location)[:, classes:classes + 4]
        at = points.index_select(0, location)
        x, y = at[:, 0], at[:, 1]
        boxes = torch.stack([(x - distances[:, 0]).clamp(0, width), (y - distances[:, 1]).clamp(0, height),
                             (x + distances[:, 2]).clamp(0, width), (y + distances[:, 3]).clamp(0, height)], 1)
        apart = boxes + label.to(torch.float32).mul(max(width, height) + 1).unsqueeze(1)
        keep = nms(apart, score, SUPPRESSION_IOU)
        keep = keep[:MAX_DETECTIONS]
        kept, kept_scores, kept_labels = boxes[keep].tolist(), score[keep].tolist(), label[keep].tolist()
        # Detection(BoundingBox.FromCorners(...), label, score): (x, y, w, h) in doubles from the float32 corners.
        result.append([((b[0], b[1], b[2] - b[0], b[3] - b[1]), int(k), s) for b, k, s in zip(kept, kept_labels, kept_scores)])
    return result


# ---------------------------------------------------------------------------------------------------------------------
# Evaluation: COCO box metrics by bench/DetectionEval/coco_reference.py (the numpy COCOeval the C# CocoEvaluator is
# checked against to 1e-12). Detections and truth go in as its cases do: boxes [x, y, w, h], truth with its area.
# ---------------------------------------------------------------------------------------------------------------------

COCO_SIZES = list(coco_reference.SIZES)


def scaled_sizes(image_side):
    """bench/datasets/README.md: COCO's 32 and 96 divided by 256/side (16 and 48 at 128 px)."""
    small, medium = (32.0 * image_side / 256) ** 2, (96.0 * image_side / 256) ** 2
    return [("all", 0.0, 1e10), ("small", 0.0, small), ("medium", small, medium), ("large", medium, 1e10)]


def coco_case(classes, truths, detections):
    images = []
    for truth, found in zip(truths, detections):
        images.append({
            "truth": [{"box": list(o.box), "label": o.label, "crowd": o.ignored,
                       "area": o.area if o.area is not None else o.box[2] * o.box[3]} for o in truth],
            "detections": [{"box": list(box), "label": k, "score": s} for box, k, s in found],
        })
    return {"classes": classes, "images": images}


def coco_figures(case, sizes):
    saved = coco_reference.SIZES
    coco_reference.SIZES = sizes
    try:
        return coco_reference.evaluate(case)
    finally:
        coco_reference.SIZES = saved


EVALUATION_BATCH = 32  # DetectionTraining.EvaluationBatch


@torch.no_grad()
def predict(network, dataset, builder, points, box_weight, with_loss):
    """DetectionTraining.Validate's pass: eval mode, batches of 32, the loss on the unaugmented targets (per image),
    and the decoded detections in the input's pixels."""
    network.eval()
    loss_sum, detections = 0.0, []
    for start in range(0, len(dataset), EVALUATION_BATCH):
        count = min(EVALUATION_BATCH, len(dataset) - start)
        predictions = network(builder.write(dataset.pixels[start:start + count]))
        if with_loss:
            targets = stack_targets([fcos_targets(points, dataset.objects[i], network.classes_count)
                                     for i in range(start, start + count)])
            loss_sum += fcos_loss(predictions, points, targets, box_weight)[0].item() * count
        detections += decode_detections(predictions, points, dataset.size, dataset.size)
    return loss_sum / max(1, len(dataset)), detections


def validate(network, dataset, builder, points, classes, box_weight):
    """DetectionTraining.Validate: (loss, COCO mAP@[.5:.95] on the letterboxed boxes; 0 when undefined)."""
    loss, detections = predict(network, dataset, builder, points, box_weight, with_loss=True)
    figures = coco_figures(coco_case(classes, dataset.objects, detections), COCO_SIZES)
    return loss, figures["map"] if figures["map"] is not None else 0.0


def test_figures(network, dataset, builder, points, classes, image_side):
    """The best weights on the test images: detections mapped back to each image's pixels (Letterbox.ToImage) and
    scored against the images' own boxes and areas, with COCO's absolute size ranges and with the scaled ones."""
    _, detections = predict(network, dataset, builder, points, 0.0, with_loss=False)
    back = []
    for (sx, sy, _, _), found in zip(dataset.letterboxes, detections):
        back.append([((x / sx, y / sy, w / sx, h / sy), k, s) for (x, y, w, h), k, s in found])  # Letterbox.ToImage
    case = coco_case(classes, dataset.originals, back)
    coco = coco_figures(case, COCO_SIZES)
    scaled = coco_figures(case, scaled_sizes(image_side))
    return coco, scaled, sum(len(d) for d in detections)


# ---------------------------------------------------------------------------------------------------------------------
# Training: Training/Trainer.cs (seeding, steps per epoch, best epoch, early stopping: the last two and the step loop
# in bench/Shared/peer_common.py), TrainingNetwork.cs (channels-last convolution weights), Optimizers/HeldScalarAdamW.cs
# (TorchSharp's AdamW = torch.optim.AdamW), TorchSharp 0.107's OneCycleLR as Trainer.CreateScheduler configures it
# (one_cycle_lr in bench/Shared/peer_common.py), and DetectionSteps.cs (one step).
# ---------------------------------------------------------------------------------------------------------------------

class OneCycle:
    """The scheduler object: the constructor steps once (lr = max/25 for the first batch); step() after each batch."""

    def __init__(self, optimizer, max_lr, total_steps, log=None):
        self.optimizer, self.max_lr, self.total_steps = optimizer, max_lr, total_steps
        self.last = -1
        self.step()
        if log is not None and math.isnan(optimizer.param_groups[0]["lr"]):
            log(f"warning: a one-cycle schedule of {total_steps} steps starts at a NaN learning rate in the product "
                "(TorchSharp's OneCycleLR divides 0 by 0 when pct_start x total_steps = 1); the peer does the same")

    def step(self):
        self.last += 1
        if self.last > self.total_steps:
            raise RuntimeError(f"Tried to step {self.last + 1} times. The specified number of total steps is {self.total_steps}")
        for group in self.optimizer.param_groups:
            group["lr"] = one_cycle_lr(self.last, self.total_steps, self.max_lr)


class DetectionSteps:
    """DetectionSteps.TrainStep: n images drawn from the shuffled stream, normalised, warped with their boxes, their
    targets computed, one optimiser step on the loss."""

    def __init__(self, train, builder, points, classes, augmenter, box_weight, random):
        self.train, self.builder, self.points, self.classes = train, builder, points, classes
        self.stream = ShuffledStream(len(train), random)
        self.augmenter, self.box_weight = augmenter, box_weight

    def train_step(self, network, optimizer, n):
        indices = [self.stream.next() for _ in range(n)]
        x = self.builder.write(self.train.pixels[indices])
        objects = [self.train.objects[i] for i in indices]
        if self.augmenter is not None:
            x, objects = self.augmenter.apply(x, objects)
        targets = stack_targets([fcos_targets(self.points, o, self.classes) for o in objects])
        optimizer.zero_grad()
        loss = fcos_loss(network(x), self.points, targets, self.box_weight)[0]
        return take_step(loss, optimizer)


def build_network(args, classes_count, seed):
    """Trainer.Train: torch.manual_seed(seed), then TrainingNetwork.Create: the task's network, its convolution weights
    laid out channels-last (ResNet trains faster so; the input stays NCHW, as DetectionSteps leaves it), train mode."""
    torch.manual_seed(seed)
    network = FcosNetwork(args.input, classes_count, args.stages, args.blocks, args.backbone_width, args.stem,
                          args.levels, args.head_width, args.tower_depth)
    if args.channels_last:
        with torch.no_grad():
            for module in network.modules():
                if isinstance(module, nn.Conv2d):
                    module.weight.data = module.weight.data.contiguous(memory_format=torch.channels_last)
    network.train()
    return network


def train(args, data, epochs, examples_per_epoch, log):
    """Trainer.Train for the detection task: returns the history, the best epoch's weights and how it stopped."""
    train_set, val_set, builder, points, classes = data["train"], data["val"], data["builder"], data["points"], data["classes"]
    network = build_network(args, len(classes), args.seed)
    random = DotNetRandom(args.seed)
    optimizer = torch.optim.AdamW(network.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    batch_size = min(args.batch, len(train_set))
    examples, steps_per_epoch = epoch_steps(examples_per_epoch, len(train_set), batch_size)
    scheduler = OneCycle(optimizer, args.lr, max(1, epochs * steps_per_epoch), log)
    augmenter = None
    if (args.max_zoom, args.max_shift, args.flip, args.colour_jitter) != (0.0, 0.0, False, 0.0):  # DetectionAugmentation.None
        augmenter = BoxAwareAugmenter(args.max_zoom, args.max_shift, args.flip, args.colour_jitter, args.input, random)
    steps = DetectionSteps(train_set, builder, points, len(classes), augmenter, args.box_weight, random)

    history, best, stop = [], BestEpoch(), "Completed"
    for epoch in range(1, epochs + 1):
        train_loss, trained, train_seconds, stop = train_epoch(network, optimizer, steps, scheduler, steps_per_epoch,
                                                               batch_size, examples)
        if stop != "Completed":
            break
        lr_last = optimizer.param_groups[0]["lr"]
        clock = time.perf_counter()
        val_loss, val_map = validate(network, val_set, builder, points, classes, args.box_weight)
        val_seconds = time.perf_counter() - clock
        report = {"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss, "val_map": val_map,
                  "train_images": trained, "train_seconds": train_seconds, "val_seconds": val_seconds,
                  "epoch_seconds": train_seconds + val_seconds, "images_per_second": trained / train_seconds,
                  "lr_after": lr_last}
        history.append(report)
        best.update(epoch, val_map, val_loss, network)
        log(f"epoch {epoch:3}/{epochs}  train loss {report['train_loss']:.4f}  val loss {val_loss:.4f}  val mAP {val_map:.4f}"
            f"  train {train_seconds:.1f}s ({report['images_per_second']:.1f} img/s)  val {val_seconds:.1f}s"
            f"{'  *' if best.epoch == epoch else ''}")
        if best.stops(epoch, epochs, args.patience):
            stop = "EarlyStopped"
            break
    return training_result(network, history, best, stop, steps_per_epoch, examples, batch_size)


# ---------------------------------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description="PyTorch peer of AutoDL.NET's FCOS-style detector (see README.md).")
    p.add_argument("data", nargs="?", default="/tmp/dd-default-all/coco", help="COCO-layout folder (annotations/instances_{train,val,test}.json)")
    p.add_argument("--input", type=int, default=128, help="square input side (letterbox)")
    p.add_argument("--backbone-width", type=int, default=16)
    p.add_argument("--stages", type=int, default=4)
    p.add_argument("--blocks", type=int, default=1)
    p.add_argument("--stem", choices=["conv7pool", "conv3", "conv3stride2"], default="conv7pool")
    p.add_argument("--head-width", type=int, default=64)
    p.add_argument("--tower-depth", type=int, default=2)
    p.add_argument("--levels", type=int, default=3)
    p.add_argument("--box-weight", type=float, default=1.0, help="DetectorHead.BoxWeight")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.002, help="one-cycle peak learning rate")
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--epochs", type=int, default=None, help="epochs (default 10; with --time-limit, the most to plan)")
    p.add_argument("--time-limit", type=float, default=None, help="seconds for the whole run; see README")
    p.add_argument("--patience", type=int, default=0,
                   help="TrainingConfig.EarlyStoppingPatience; 0 (default) never stops early, as bench/DetectionTrain's "
                        "patience = epochs never does; 5 is TrainingConfig's default")
    p.add_argument("--max-zoom", type=float, default=0.5)
    p.add_argument("--max-shift", type=float, default=0.2)
    p.add_argument("--no-flip", dest="flip", action="store_false")
    p.add_argument("--colour-jitter", type=float, default=0.2)
    p.add_argument("--no-channels-last", dest="channels_last", action="store_false")
    add_run_arguments(p)  # --threads, --seed, --max-train-images, --max-eval-images, --json
    args = p.parse_args(argv)
    # The product's checks (ResNet.Validate, FcosNetwork's constructor, Trainer.Validate).
    if not 2 <= args.stages <= 4 or not 1 <= args.blocks <= 4 or not 1 <= args.backbone_width <= 512:
        p.error("stages 2-4, blocks 1-4 and backbone width 1-512, as ResNet.Validate allows")
    if not 1 <= args.levels <= min(3, args.stages) or not 1 <= args.tower_depth <= 4 or args.head_width < 8 or args.head_width % 8:
        p.error("levels 1-3 (at most the stages), tower depth 1-4 and a head width that is a positive multiple of 8")
    if args.batch < 2 or not args.lr > 0 or args.weight_decay < 0 or (args.epochs is not None and args.epochs < 1):
        p.error("batch >= 2, a positive learning rate, non-negative weight decay, epochs >= 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    _check_dotnet_random()
    log = logger(PROGRAM_START)

    log(f"torch {torch.__version__}, torchvision ops, numpy {np.__version__}; torch.get_num_threads() = {torch.get_num_threads()}")
    classes, splits, skipped = read_coco(args.data)
    train_images = splits["train"][:args.max_train_images]
    val_images = splits["val"][:args.max_eval_images]
    test_images = splits.get("test", [])[:args.max_eval_images]
    clock = time.perf_counter()
    train_set, val_set = DetectionSet(train_images, args.input), DetectionSet(val_images, args.input)
    test_set = DetectionSet(test_images, args.input) if test_images else None
    load_seconds = time.perf_counter() - clock
    mean, std = normalization_stats(train_set.pixels)
    builder = BatchBuilder(mean, std)
    log(f"data {args.data}: classes {classes}; train {len(train_set)}, val {len(val_set)}, test {len(test_set or [])} images"
        f" ({sum(len(o) for o in train_set.objects)} / {sum(len(o) for o in val_set.objects)} / "
        f"{sum(len(o) for o in (test_set.objects if test_set else []))} boxes, {skipped} skipped); decoded in {load_seconds:.1f}s;"
        f" mean {np.round(mean, 4).tolist()} std {np.round(std, 4).tolist()}")

    probe = build_network(args, len(classes), args.seed)
    points = layout_points(probe.levels)
    parameters = sum(p.numel() for p in probe.parameters())
    config = dict(size=args.input, classes=len(classes), stages=args.stages, blocks=args.blocks, width=args.backbone_width,
                  stem=args.stem, levels=args.levels, head_width=args.head_width, tower_depth=args.tower_depth)
    planned = planned_parameters(**config)
    log(f"parameters: network {parameters:,}; FcosCost formula {planned:,}"
        + (f"; by hand from the C# layers {DEFAULT_CONFIG_PARAMETERS:,}" if config == DEFAULT_CONFIG else ""))
    assert parameters == planned, f"the network has {parameters} parameters, FcosCost counts {planned}"
    if config == DEFAULT_CONFIG:
        assert parameters == DEFAULT_CONFIG_PARAMETERS, f"{parameters} != {DEFAULT_CONFIG_PARAMETERS} counted by hand"
    log(f"layout: {len(points)} locations; levels (stride, h, w, min reach, max reach) {probe.levels}")
    del probe
    data = {"train": train_set, "val": val_set, "builder": builder, "points": points, "classes": classes}

    plan = None
    epochs, examples_per_epoch = (args.epochs or 10), None
    if args.time_limit is not None:
        # Measure one epoch of the real recipe (training and a full validation with decoding and mAP), then plan
        # EpochPlan.Fit's way with the measured costs, keeping time for the test evaluation; then train from scratch.
        log("time limit: measuring one epoch (trained and validated, then discarded)")
        measurement = train(args, data, 1, None, log)
        if not measurement["history"]:
            sys.exit(f"the measuring epoch stopped: {measurement['stop']}")
        measured = measurement["history"][0]
        train_per_image = measured["train_seconds"] / measured["train_images"]
        eval_per_image = measured["val_seconds"] / len(val_set)
        test_reserve = eval_per_image * len(test_set or [])
        epochs, examples_per_epoch, elapsed, seconds_left = plan_epochs(
            args.time_limit, PROGRAM_START, test_reserve, args.epochs or 1_000_000, train_per_image, eval_per_image,
            len(train_set), len(val_set), min(args.batch, len(train_set)), "images", log)
        plan = {"measured_train_seconds_per_image": train_per_image, "measured_eval_seconds_per_image": eval_per_image,
                "measurement_seconds": elapsed, "seconds_left_for_training": seconds_left, "test_reserve_seconds": test_reserve,
                "planned_epochs": epochs, "examples_per_epoch": examples_per_epoch}

    result = train(args, data, epochs, examples_per_epoch, log)
    history = result["history"]
    network = result["network"]
    if result["best_state"] is not None:
        network.load_state_dict(result["best_state"])

    test = None
    if test_set is not None and history:
        clock = time.perf_counter()
        image_side = max(max(i["width"], i["height"]) for i in test_images)
        coco, scaled, found = test_figures(network, test_set, builder, points, classes, image_side)
        test = {"best_epoch": result["best_epoch"], "images": len(test_set), "detections": found,
                "coco_sizes": coco, "scaled_sizes": scaled,
                "scaled_size_ranges": [list(s) for s in scaled_sizes(image_side)], "seconds": time.perf_counter() - clock}
        log(f"test (epoch {result['best_epoch']} weights): mAP {coco['map']:.4f}  mAP50 {coco['map50']:.4f}  mAP75 {coco['map75']:.4f}"
            f"  | scaled sizes S/M/L {fmt(scaled['map_small'])} / {fmt(scaled['map_medium'])} / {fmt(scaled['map_large'])}"
            f"  | COCO sizes S/M/L {fmt(coco['map_small'])} / {fmt(coco['map_medium'])} / {fmt(coco['map_large'])}")

    train_seconds = sum(h["train_seconds"] for h in history)
    trained = sum(h["train_images"] for h in history)
    wall = time.perf_counter() - PROGRAM_START
    summary = {
        "peer": "bench/DetectionPeer/peer.py",
        "command": command_line(),
        "torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
        "torch_num_threads": torch.get_num_threads(), "machine": platform.machine(), "cpu": cpu_name(),
        "config": {k: v for k, v in vars(args).items()},
        "data": {"path": args.data, "classes": classes, "train": len(train_set), "val": len(val_set),
                 "test": len(test_set or []), "skipped_boxes": skipped, "decode_seconds": load_seconds,
                 "mean": mean.tolist(), "std": std.tolist()},
        "parameters": parameters, "parameters_fcos_cost_formula": planned,
        "plan": plan, "epochs_planned": epochs, "steps_per_epoch": result["steps_per_epoch"],
        "examples_per_epoch": result["examples_per_epoch"], "stop_reason": result["stop"],
        "epochs": history,
        "val_map_per_epoch": [h["val_map"] for h in history],
        "best_epoch": result["best_epoch"], "best_val_map": result["best_score"],
        "train_images_per_second": trained / train_seconds if train_seconds else None,
        "train_seconds_per_epoch": train_seconds / len(history) if history else None,
        # bench/DetectionTrain's figures: EpochReport.Seconds includes validation (Trainer.cs times both).
        "train_images_per_second_including_validation":
            trained / sum(h["epoch_seconds"] for h in history) if history else None,
        "seconds_per_epoch": [h["epoch_seconds"] for h in history],
        "epoch_seconds_with_validation": sum(h["epoch_seconds"] for h in history) / len(history) if history else None,
        "test": test,
        "wall_seconds": wall,
    }
    log(f"training: {summary['train_images_per_second']:.1f} images/s, {summary['train_seconds_per_epoch']:.1f}s per epoch "
        f"({summary['epoch_seconds_with_validation']:.1f}s with validation); best epoch {result['best_epoch']} "
        f"(val mAP {result['best_score']:.4f}); stop: {result['stop']}; wall {wall:.1f}s")
    write_report(args.json, summary, log)
    return summary


if __name__ == "__main__":
    main()
