#!/usr/bin/python3
"""A PyTorch 1.13 peer of AutoDL.NET's semantic-segmentation network (U-Net decoder on a ResNet) and its training.

It trains the product's DEFAULT segmentation configuration with the product's recipe, for a number of epochs or a time
budget, and reports the test mIoU of the best-validation epoch (scored as the product scores it) and the training
throughput in tiles per second. Every part cites the C# file of src/AutoDL it mirrors; README.md beside this file has
the commands, what the figures mean, how --time-limit plans, and every place where the peer differs from the product.

    /usr/bin/python3 bench/SegmentationPeer/peer.py /tmp/seg-bench/masks --time-limit 600 --threads 2 --json out.json

Needs Debian's python3-torch (1.13), python3-numpy and python3-pil; nothing else. What it does as
bench/DetectionPeer/peer.py does (the ResNet backbone, normalisation, Trainer.Train's step loop and best epoch, the
one-cycle schedule, EpochPlan.Fit, log lines and report) it imports from bench/Shared/peer_common.py.
"""
import argparse
import math
import os
import platform
import sys
import time
from collections import OrderedDict

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Shared"))
from peer_common import (  # noqa: E402  (bench/Shared: what this peer shares with bench/DetectionPeer)
    PCT_START, BasicBlock, BestEpoch, add_run_arguments, backbone_parameters, channel_mean_std, command_line,
    conv_norm_parameters, cpu_name, epoch_steps, fmt, folded_normalisation, logger, make_stem, one_cycle_lr, plan_epochs,
    resnet_plan, rgb_on_white, take_step, tapped_features, train_epoch, training_result,
    weight_init_with_identity_residuals, write_report)

PROGRAM_START = time.perf_counter()

IGNORE = 255  # SegmentationLoss.Ignore, PixelConfusion.IgnoreLabel
PADDING = 114  # Data/Letterbox.Padding: the image value of a tile's padding (TileSampler.Write)


# ---------------------------------------------------------------------------------------------------------------------
# Data: Tasks/SemanticSegmentation/Data (MaskFolderReader.cs, ClassNamesFile.cs, MaskDecoder.cs, SegmentationSetBuilder.cs),
# Data/ImageDecoder.cs, Data/NormalizationStats.cs (their shared arithmetic in bench/Shared/peer_common.py),
# Data/SquareInputSize.cs.
# ---------------------------------------------------------------------------------------------------------------------

def read_class_names(root):
    """ClassNamesFile: one name a line, line i names mask value i (trailing blank lines dropped)."""
    with open(os.path.join(root, "classes.txt"), encoding="utf-8-sig") as f:
        names = [line.strip() for line in f.read().splitlines()]
    while names and names[-1] == "":
        names.pop()
    if not names or "" in names or len(set(names)) != len(names) or len(names) > 255:
        sys.exit(f"{root}/classes.txt: expected 1-255 distinct, non-blank class names")
    return names


def decode_image(path):
    """ImageDecoder: RGB bytes, transparency composited on white; CHW uint8."""
    with Image.open(path) as image:
        image.load()
        return np.ascontiguousarray(np.asarray(rgb_on_white(image), dtype=np.uint8).transpose(2, 0, 1))


def decode_mask(path):
    """MaskDecoder for the 8-bit grayscale masks bench/DetectionData writes (pixel value = class index; 255 = not
    scored). Palette PNGs give their indices in PIL's 'P' mode; other modes are read as grey levels."""
    with Image.open(path) as mask:
        mask.load()
        if mask.mode not in ("L", "P"):
            mask = mask.convert("L")
        return np.array(mask, dtype=np.uint8)


def read_split(root, split, classes, limit=None):
    """MaskFolderReader + SegmentationSetBuilder: {split}/images/*.png with the mask of the same name in {split}/masks/.
    A label that is neither a class nor 255 fails, as PixelConfusion.Add would."""
    folder = os.path.join(root, split, "images")
    if not os.path.isdir(folder):
        return []
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(".png"))[:limit]
    images = []
    for name in names:
        mask_path = os.path.join(root, split, "masks", name)
        if not os.path.isfile(mask_path):
            continue  # the product skips (and lists) an image without its mask
        pixels, mask = decode_image(os.path.join(folder, name)), decode_mask(mask_path)
        if pixels.shape[1:] != mask.shape:
            continue  # ... and a pair whose sizes differ
        bad = (mask >= classes) & (mask != IGNORE)
        if bad.any():
            sys.exit(f"{mask_path}: label {int(mask[bad][0])} is not one of the {classes} classes (nor {IGNORE})")
        images.append((pixels, mask))
    return images


def normalization_stats(images):
    """NormalizationStats.Compute(channels, images) as PreparedSemanticSegmentation calls it: exact integer sums of every
    training image's pixels at its own size, population std, floor 1e-3; float32 results."""
    histograms = np.zeros((3, 256), dtype=np.int64)
    plane = 0
    for pixels, _ in images:
        for c in range(3):
            histograms[c] += np.bincount(pixels[c].reshape(-1), minlength=256)
        plane += pixels.shape[1] * pixels.shape[2]
    return channel_mean_std(histograms, plane)


def tile_side(images):
    """SquareInputSize.For: the training images' median longer side (sides sorted, element n/2), rounded up to a
    multiple of 32, clamped to 64..256."""
    sides = sorted(max(p.shape[1], p.shape[2]) for p, _ in images)
    median = sides[len(sides) // 2]
    return min(max((median + 31) // 32 * 32, 64), 256)


class Normaliser:
    """TileSampler's and BatchBuilder's (b/255 - mean)/std folded into one float32 multiply-add: b*scale + offset."""

    def __init__(self, mean, std):
        self.scale, self.offset = folded_normalisation(mean, std)

    def apply(self, pixels):  # (..., 3, H, W) float32 or uint8
        return pixels.astype(np.float32) * self.scale[:, None, None] + self.offset[:, None, None]


# ---------------------------------------------------------------------------------------------------------------------
# Training tiles: Tasks/SemanticSegmentation/Training/TileSampler.cs, SegmentationAugmentation.cs, SegmentationSteps.cs,
# Training/ShuffledStream.cs. The product draws from System.Random(seed); the peer from numpy's seeded generator (the
# same kind of draws in the same order, not the same numbers).
# ---------------------------------------------------------------------------------------------------------------------

class ShuffledStream:
    """ShuffledStream.cs: indices in shuffled passes; successive epochs continue one stream."""

    def __init__(self, count, rng):
        self._order = np.arange(count)
        self._rng = rng
        self._cursor = count

    def next(self):
        if self._cursor == len(self._order):
            self._rng.shuffle(self._order)
            self._cursor = 0
        value = int(self._order[self._cursor])
        self._cursor += 1
        return value


class TileSampler:
    """TileSampler.Write: a square tile at a random place (an image smaller than the tile sits at the top left, padded
    with 114 in the image and 255 in the mask), mirrored left-right half the time (within the tile's content, so the
    padding stays on the right), brightness x(1 +- 0.2) clamped at 255 (the mask untouched), normalised."""

    def __init__(self, side, normaliser, flip, brightness, rng):
        self.side, self.normaliser, self.flip, self.brightness, self.rng = side, normaliser, flip, brightness, rng
        self.padding = (np.float32(PADDING) * normaliser.scale + normaliser.offset).astype(np.float32)

    def write(self, image, tile, mask_tile):
        pixels, mask = image
        side, (_, height, width) = self.side, pixels.shape
        # Draw order of the C#: left, top, flip, gain.
        left = int(self.rng.integers(width - side + 1)) if width > side else 0
        top = int(self.rng.integers(height - side + 1)) if height > side else 0
        flip = self.flip and int(self.rng.integers(2)) == 1
        gain = np.float32(1 + self.brightness * (2 * self.rng.random() - 1)) if self.brightness > 0 else np.float32(1)
        w, h = min(side, width), min(side, height)
        crop = pixels[:, top:top + h, left:left + w].astype(np.float32)
        crop = np.minimum(crop * gain, np.float32(255)) * self.normaliser.scale[:, None, None] + self.normaliser.offset[:, None, None]
        labels = mask[top:top + h, left:left + w]
        if flip:
            crop, labels = crop[:, :, ::-1], labels[:, ::-1]
        if w < side or h < side:
            tile[:] = self.padding[:, None, None]
            mask_tile[:] = IGNORE
        tile[:, :h, :w] = crop
        mask_tile[:h, :w] = labels


# ---------------------------------------------------------------------------------------------------------------------
# The network: the ResNet backbone (Models/ResNet.cs, ResNetConfig.cs, Stems.cs, BasicBlock.cs, ConvArithmetic.cs,
# WeightInit.cs, TappedFeatures.cs) from bench/Shared/peer_common.py, FeatureTap.cs, and
# Tasks/SemanticSegmentation/Models/UNetNetwork.cs, SegmentationHead.cs, UNetCost.cs.
# ---------------------------------------------------------------------------------------------------------------------

def conv_norm_relu(in_channels, out_channels, kernel):
    """UNetNetwork.ConvNormRelu: conv (no bias, 'same' padding) - BatchNorm - ReLU."""
    return nn.Sequential(OrderedDict([
        ("conv", nn.Conv2d(in_channels, out_channels, kernel, padding=kernel // 2, bias=False)),
        ("norm", nn.BatchNorm2d(out_channels)),
        ("relu", nn.ReLU())]))


class UNetNetwork(nn.Module):
    """UNetNetwork.cs on ResNet.CreateBackbone: the stem and the blocks (parts "_stem" and "_blocks"), each part
    initialised with WeightInit.ApplyWithIdentityResiduals; the decoder (bottom, stages, classifier) keeps libtorch's
    default initialisation, as in the C#. Taps: the last block of every stage (ResNet.CreateBackbone); the decoder
    climbs the last `depth` of them (UNetNetwork: backbone.Taps.Skip(count - depth))."""

    def __init__(self, tile, classes, stages, blocks, width, stem, depth, head_width):
        super().__init__()
        plan = resnet_plan(stages, blocks, width, stem, tile)  # square: out_h = out_w, the side
        self._stem = make_stem(stem, 3, width)
        self._blocks = nn.Sequential(OrderedDict(
            (f"stage{s}_{i}", BasicBlock(cin, cout, stride)) for s, i, cin, cout, stride, _, _ in plan))
        taps = [(child, cout, side) for child, (_, i, _, cout, _, side, _) in enumerate(plan) if i == blocks - 1]
        self.taps = taps[len(taps) - depth:]
        self._tap_children = {child for child, _, _ in self.taps}
        for part in (self._stem, self._blocks):
            weight_init_with_identity_residuals(part)
        self._bottom = conv_norm_relu(self.taps[-1][1], head_width, 1)
        # One stage per shallower tap, deepest first: what joins the upsampled map there is that tap's map.
        self._stages = nn.ModuleList(nn.Sequential(OrderedDict([
            ("join", conv_norm_relu(head_width + channels, head_width, 3)),
            ("refine", conv_norm_relu(head_width, head_width, 3))])) for _, channels, _ in reversed(self.taps[:-1]))
        self._classifier = nn.Conv2d(head_width, classes, 1)

    def forward(self, x):
        size = x.shape[2:]
        features = tapped_features(self._stem, self._blocks, self._tap_children, x)
        x = self._bottom(features[-1])
        for i, stage in enumerate(self._stages):
            skip = features[len(features) - 2 - i]
            up = F.interpolate(x, size=skip.shape[2:], mode="bilinear", align_corners=False)
            x = stage(torch.cat([up, skip], 1))
        # Logits at the input's own size: training tiles and whole images alike.
        return F.interpolate(self._classifier(x), size=size, mode="bilinear", align_corners=False)


def planned_parameters(tile, classes, stages, blocks, width, stem, depth, head_width):
    """UNetCost.Of's parameter count (NetworkCost.ConvNorm: k*k*in*out + 2*out; classifier with bias), over
    ResNet.BackboneCost and Stems.Cost, from the plan: checked against the built network at start."""
    conv_norm = conv_norm_parameters
    plan = resnet_plan(stages, blocks, width, stem, tile)
    total = backbone_parameters(plan, width, stem)
    taps = [cout for _, i, _, cout, _, _, _ in plan if i == blocks - 1][-depth:]
    total += conv_norm(taps[-1], head_width, 1)
    for channels in taps[:-1]:
        total += conv_norm(head_width + channels, head_width, 3) + conv_norm(head_width, head_width, 3)
    return total + head_width * classes + classes


def decoder_depth(requested, stages):
    """SegmentationSearchSpace.ToModel: clamp(head.depth, min(2, taps), taps)."""
    return min(max(requested, min(2, stages)), stages)


# ---------------------------------------------------------------------------------------------------------------------
# Loss: Tasks/SemanticSegmentation/Training/SegmentationLoss.cs.
# ---------------------------------------------------------------------------------------------------------------------

def dice_loss(logits, target):
    """SegmentationLoss.Dice: 1 - the mean soft Dice coefficient over the classes present in the batch's scored pixels
    (sums over the whole batch and all pixels, per class: (2*overlap + 1) / (sum p + sum truth + 1)); 255 not scored."""
    classes = logits.shape[1]
    ignored = target == IGNORE
    scored = (~ignored).unsqueeze(1).to(logits.dtype)
    truth = F.one_hot(target.masked_fill(ignored, 0), classes).permute(0, 3, 1, 2).to(logits.dtype) * scored
    probabilities = F.softmax(logits, 1) * scored
    truth_pixels = truth.sum((0, 2, 3))
    overlap = (probabilities * truth).sum((0, 2, 3))
    sizes = probabilities.sum((0, 2, 3)) + truth_pixels
    coefficient = (overlap * 2.0 + 1.0) / (sizes + 1.0)
    present = (truth_pixels > 0).to(logits.dtype)
    mean = (coefficient * present).sum() / present.sum().clamp_min(1.0)
    # With no scored pixel the term is zero, still attached to the graph.
    return logits.sum() * 0.0 if present.sum().item() == 0 else 1.0 - mean


def segmentation_loss(logits, target, dice_weight):
    """SegmentationLoss.Compute: cross-entropy (mean over scored pixels, ignore 255, no class weights as
    SegmentationTraining.CrossEntropyWeights is null) + dice_weight x Dice (left out at 0)."""
    ce = F.cross_entropy(logits, target, ignore_index=IGNORE)
    return ce if dice_weight <= 0 else ce + dice_weight * dice_loss(logits, target)


# ---------------------------------------------------------------------------------------------------------------------
# Evaluation: Tasks/SemanticSegmentation/Evaluation (SegmentationScoring.cs, PixelConfusion.cs, SegmentationReport.cs),
# Inference/PixelLogits.cs, TorchSegmentationEngine.cs, LogitRows.cs.
# ---------------------------------------------------------------------------------------------------------------------

ALIGNMENT = 32  # PixelLogits.Alignment
WINDOW = 512  # TileGrid.DefaultSide
PASS_PIXELS = 4 * WINDOW * WINDOW  # PixelLogits.PassPixels
MAX_BATCH = 16  # PixelLogits.MaxBatch


def aligned(length):
    return (length + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def mirror_pad(pixels):
    """PixelLogits.Pad: mirrored out at the right and bottom edges to a multiple of 32 (index i >= n reads
    max(0, 2(n-1) - i))."""
    _, height, width = pixels.shape
    ph, pw = aligned(height), aligned(width)
    if (ph, pw) == (height, width):
        return pixels
    rows = [y if y < height else max(0, 2 * (height - 1) - y) for y in range(ph)]
    cols = [x if x < width else max(0, 2 * (width - 1) - x) for x in range(pw)]
    return pixels[:, rows][:, :, cols]


def score(network, images, classes, normaliser, channels_last_input=False):
    """SegmentationScoring.Score: eval mode, whole images at their own size (padded to 32), consecutive images of one
    size batched up to min(16, 4*512^2 / pixels); argmax per pixel into one confusion matrix of the set's scored pixels;
    the mean cross-entropy per scored pixel. Images over 512 px after padding run in the product's blended windows
    (TileGrid), which the peer does not implement."""
    confusion = np.zeros((classes, classes), dtype=np.int64)
    loss_sum, scored = 0.0, 0
    network.eval()
    with torch.no_grad():
        start = 0
        while start < len(images):
            height, width = images[start][1].shape
            ph, pw = aligned(height), aligned(width)
            if ph > WINDOW or pw > WINDOW:
                raise NotImplementedError(f"a {width}x{height} image: the product scores it in blended {WINDOW}-px windows, "
                                          "which the peer does not implement")
            per_pass = min(max(PASS_PIXELS // (ph * pw), 1), MAX_BATCH)
            count = 1
            while count < per_pass and start + count < len(images) and images[start + count][1].shape == (height, width):
                count += 1
            batch = np.stack([mirror_pad(images[start + i][0]) for i in range(count)])
            x = torch.from_numpy(normaliser.apply(batch))
            if channels_last_input:
                x = x.contiguous(memory_format=torch.channels_last)
            logits = network(x)[:, :, :height, :width].float()
            truth = torch.from_numpy(np.stack([images[start + i][1] for i in range(count)]).astype(np.int64))
            loss_sum += float(F.cross_entropy(logits, truth, ignore_index=IGNORE, reduction="sum"))
            keep = truth != IGNORE
            scored += int(keep.sum())
            predicted = logits.argmax(1)
            confusion += torch.bincount(truth[keep] * classes + predicted[keep], minlength=classes * classes) \
                .reshape(classes, classes).numpy()
            start += count
    return report(confusion), (loss_sum / scored if scored else 0.0)


def report(confusion):
    """SegmentationReport.From: per class IoU = hits / (true + predicted - hits), None where the class is in neither
    truth nor prediction; mIoU the mean over the others (None when no pixel was scored); pixel accuracy."""
    true_pixels, predicted_pixels, hits = confusion.sum(1), confusion.sum(0), np.diag(confusion)
    union = true_pixels + predicted_pixels - hits
    iou = [None if u == 0 else float(h) / float(u) for h, u in zip(hits, union)]
    present = [v for v in iou if v is not None]
    total = int(true_pixels.sum())
    return {"miou": sum(present) / len(present) if present else None,
            "pixel_accuracy": float(hits.sum()) / total if total else None,
            "iou": iou, "true_pixels": true_pixels.tolist(), "predicted_pixels": predicted_pixels.tolist(),
            "confusion": confusion.tolist()}


# ---------------------------------------------------------------------------------------------------------------------
# Schedule: TorchSharp 0.107's OneCycleLR (one_cycle_lr in bench/Shared/peer_common.py) / CosineAnnealingLR as
# Training/Trainer.CreateScheduler configures them.
# ---------------------------------------------------------------------------------------------------------------------

class Schedule:
    """Trainer.CreateScheduler: one-cycle over epochs x steps per epoch, stepped after every batch; a run so short that
    0.25 x total steps < 2 gets CosineAnnealingLR(total) instead (eta_min 0, closed form). 'cosine' is the search's
    other schedule."""

    def __init__(self, optimizer, kind, max_lr, total_steps):
        self.optimizer, self.max_lr, self.total_steps = optimizer, max_lr, total_steps
        self.kind = "cosine" if kind == "onecycle" and total_steps * PCT_START < 2 else kind
        self.last = -1
        self.step()

    def lr(self, step):
        if self.kind == "onecycle":
            return one_cycle_lr(step, self.total_steps, self.max_lr)
        return self.max_lr * (1 + math.cos(math.pi * step / self.total_steps)) / 2

    def step(self):
        self.last += 1
        for group in self.optimizer.param_groups:
            group["lr"] = self.lr(self.last)


# ---------------------------------------------------------------------------------------------------------------------
# Training: Training/Trainer.cs (steps per epoch, the step loop, best epoch and early stopping in
# bench/Shared/peer_common.py), TrainingNetwork.cs, ChannelsLast.cs, OptimizerStep.cs, Optimizers/HeldScalarAdamW.cs,
# Tasks/SemanticSegmentation/Training/SegmentationSteps.cs, SegmentationTraining.cs; EpochPlan.cs (fit_epochs and
# plan_epochs in bench/Shared/peer_common.py).
# ---------------------------------------------------------------------------------------------------------------------

def build_network(args, classes, seed):
    """Trainer.Train: torch.manual_seed(seed), then TrainingNetwork.Create: the network, every convolution's weights
    laid out channels-last (SegmenterConfig.TrainsFasterChannelsLast = the ResNet's BaseWidth >= 16), train mode."""
    torch.manual_seed(seed)
    network = UNetNetwork(args.tile, classes, args.stages, args.blocks, args.width, args.stem, args.depth, args.head_width)
    if args.channels_last:
        network = network.to(memory_format=torch.channels_last)  # only 4-D tensors (conv weights) change layout
    network.train()
    return network


class SegmentationSteps:
    """SegmentationSteps.TrainStep: n tiles of images drawn from the shuffled stream, the input relaid channels-last
    when the network is, one AdamW step on the loss unless it is not finite (OptimizerStep.Take)."""

    def __init__(self, train, sampler, side, dice_weight, batch_size, channels_last, rng):
        self.train, self.sampler, self.dice_weight, self.channels_last = train, sampler, dice_weight, channels_last
        self.stream = ShuffledStream(len(train), rng)
        self.pixels = np.empty((batch_size, 3, side, side), dtype=np.float32)
        self.masks = np.empty((batch_size, side, side), dtype=np.int64)

    def train_step(self, network, optimizer, n):
        for i in range(n):
            self.sampler.write(self.train[self.stream.next()], self.pixels[i], self.masks[i])
        x = torch.from_numpy(self.pixels[:n])
        target = torch.from_numpy(self.masks[:n])
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        optimizer.zero_grad()
        loss = segmentation_loss(network(x), target, self.dice_weight)
        return take_step(loss, optimizer)


def make_steps(args, data, batch_size, rng):
    sampler = TileSampler(args.tile, data["normaliser"], args.flip, args.brightness, rng)
    return SegmentationSteps(data["train"], sampler, args.tile, args.dice_weight, batch_size, args.channels_last, rng)


def make_optimizer(args, network):
    """HeldScalarAdamW = TorchSharp's AdamW(lr, weight_decay): betas (.9, .999), eps 1e-8, decoupled decay on every
    parameter (batch norms and biases included), no amsgrad: the same update as torch.optim.AdamW."""
    return torch.optim.AdamW(network.parameters(), lr=args.lr, weight_decay=args.weight_decay)


def train(args, data, epochs, examples_per_epoch, log, deadline=None):
    """Trainer.Train for the segmentation task: returns the history, the best epoch's weights and how it stopped."""
    train_set, val_set, classes = data["train"], data["val"], len(data["classes"])
    network = build_network(args, classes, args.seed)
    rng = np.random.default_rng(args.seed)
    optimizer = make_optimizer(args, network)
    batch_size = min(args.batch_size, len(train_set))
    examples, steps_per_epoch = epoch_steps(examples_per_epoch, len(train_set), batch_size)
    schedule = Schedule(optimizer, args.schedule, args.lr, max(1, epochs * steps_per_epoch))
    if math.isnan(optimizer.param_groups[0]["lr"]):
        log("warning: a one-cycle schedule of 4 steps starts at a NaN learning rate in the product (TorchSharp's "
            "OneCycleLR divides 0 by 0); the peer does the same")
    steps = make_steps(args, data, batch_size, rng)

    history, best, stop = [], BestEpoch(), "Completed"
    for epoch in range(1, epochs + 1):
        # Stops "TimeLimit" past the deadline, between batches: the product's cancellation (StopReason.Cancelled).
        train_loss, trained, train_seconds, stop = train_epoch(network, optimizer, steps, schedule, steps_per_epoch,
                                                               batch_size, examples, deadline)
        if stop != "Completed":
            history.append({"epoch": epoch, "incomplete": True, "train_tiles": trained, "train_seconds": train_seconds})
            break
        lr_last = optimizer.param_groups[0]["lr"]
        clock = time.perf_counter()
        figures, val_loss = score(network, val_set, classes, data["normaliser"], args.channels_last_eval)
        val_seconds = time.perf_counter() - clock
        val_miou = figures["miou"] if figures["miou"] is not None else 0.0  # SegmentationTraining.Validate
        entry = {"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss, "val_miou": val_miou,
                 "val_pixel_accuracy": figures["pixel_accuracy"], "train_tiles": trained, "train_seconds": train_seconds,
                 "val_seconds": val_seconds, "epoch_seconds": train_seconds + val_seconds,
                 "tiles_per_second": trained / train_seconds, "lr_after": lr_last}
        history.append(entry)
        # The best epoch by validation mIoU; on a tie the lower validation loss wins.
        best.update(epoch, val_miou, val_loss, network)
        log(f"epoch {epoch:3}/{epochs}  train loss {entry['train_loss']:.4f}  val loss {val_loss:.4f}  val mIoU {val_miou:.4f}"
            f"  train {train_seconds:.1f}s ({entry['tiles_per_second']:.1f} tiles/s)  val {val_seconds:.1f}s"
            f"{'  *' if best.epoch == epoch else ''}")
        # Early stopping only in the second half of the schedule, counting epochs without a better mIoU.
        if best.stops(epoch, epochs, args.patience):
            stop = "EarlyStopped"
            break
    return training_result(network, history, best, stop, steps_per_epoch, examples, batch_size)


def warmed_up(args, data):
    """What the throughput run and the step probe time: the network and optimiser as train() builds them, the steps drawn
    from numpy's generator seeded as train() seeds it, full batches, 2 untimed warm-up steps taken."""
    network = build_network(args, len(data["classes"]), args.seed)
    optimizer = make_optimizer(args, network)
    batch_size = min(args.batch_size, len(data["train"]))
    steps = make_steps(args, data, batch_size, np.random.default_rng(args.seed))
    for _ in range(2):
        steps.train_step(network, optimizer, batch_size)
    return network, optimizer, steps, batch_size


def throughput_only(args, data, log):
    """Training steps only: 2 untimed warm-up steps, then --bench-steps timed full batches (as Trainer.MeasureCost
    times them, but all of them, not the median of 5)."""
    network, optimizer, steps, batch_size = warmed_up(args, data)
    seconds = []
    for _ in range(args.bench_steps):
        clock = time.perf_counter()
        steps.train_step(network, optimizer, batch_size)
        seconds.append(time.perf_counter() - clock)
    total = sum(seconds)
    result = {"steps": args.bench_steps, "batch_size": batch_size, "seconds": total,
              "tiles_per_second": args.bench_steps * batch_size / total,
              "median_step_seconds": float(np.median(seconds))}
    log(f"throughput: {result['tiles_per_second']:.1f} tiles/s over {args.bench_steps} steps of {batch_size} "
        f"(median step {result['median_step_seconds'] * 1000:.0f} ms)")
    return result


# ---------------------------------------------------------------------------------------------------------------------

def parse_args(argv):
    # Defaults: SegmentationSearchSpace.Default (epochs aside) at DefaultBatchSize 16, AdamWRecipeSpace.Default and
    # ToTraining, SegmentationAugmentation's defaults; see README.md.
    p = argparse.ArgumentParser(description="PyTorch peer of AutoDL.NET's semantic-segmentation network (see README.md).")
    p.add_argument("data", help="a masks folder: {train,val,test}/images/*.png, {train,val,test}/masks/*.png, classes.txt")
    p.add_argument("--tile", type=int, default=None, help="training tile side (default: SquareInputSize's rule)")
    p.add_argument("--stages", type=int, default=4, help="resnet.stages")
    p.add_argument("--blocks", type=int, default=1, help="resnet.blocks")
    p.add_argument("--width", type=int, default=16, help="resnet.width (the first stage's channels)")
    p.add_argument("--stem", choices=["conv3", "conv3stride2", "conv7pool"], default="conv3stride2")
    p.add_argument("--depth", type=int, default=4, help="head.depth (taps the decoder climbs, clamped to the stages)")
    p.add_argument("--head-width", type=int, default=32, help="head.width")
    p.add_argument("--dice-weight", type=float, default=0.5, help="dice_weight")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=None,
                   help="adamw.lr, the peak (default 0.001 x sqrt(batch size / 16): SegmentationSearchSpace.DefaultLearningRateAt)")
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--schedule", choices=["onecycle", "cosine"], default="onecycle")
    p.add_argument("--patience", type=int, default=5, help="TrainingConfig.EarlyStoppingPatience (0: never stop early)")
    p.add_argument("--no-flip", dest="flip", action="store_false")
    p.add_argument("--brightness", type=float, default=0.2)
    p.add_argument("--no-channels-last", dest="channels_last", action="store_false")
    p.add_argument("--channels-last-eval", action="store_true",
                   help="also relay the evaluation input channels-last (the product leaves it NCHW)")
    p.add_argument("--epochs", type=int, default=None,
                   help="epochs (default 10; with --time-limit, the most to plan, default 60 = the space's maximum)")
    p.add_argument("--time-limit", type=float, default=None, help="seconds for the whole run; see README")
    p.add_argument("--probe-steps", type=int, default=0,
                   help="with --time-limit: measure N timed training steps (after 2 warm-ups) and one validation pass "
                        "instead of a whole epoch (0, the default: a whole epoch)")
    p.add_argument("--bench-steps", type=int, default=0, help="only time N training steps, report tiles/s and exit")
    add_run_arguments(p)  # --threads, --seed, --max-train-images, --max-eval-images, --json
    args = p.parse_args(argv)
    if args.lr is None:  # LearningRateRange.ScaledTo: square-root scaling from 0.001 at batch 16
        args.lr = 0.001 * math.sqrt(args.batch_size / 16)
    # The product's checks (ResNet.Validate, UNetNetwork.Check, Trainer.Validate).
    if not 2 <= args.stages <= 4 or not 1 <= args.blocks <= 4 or not 1 <= args.width <= 512:
        p.error("stages 2-4, blocks 1-4 and width 1-512, as ResNet.Validate allows")
    if not 2 <= args.depth <= 4 or args.head_width < 8 or args.head_width % 8:
        p.error("depth 2-4 and a head width that is a positive multiple of 8, as UNetNetwork.Check allows")
    if args.batch_size < 2 or not args.lr > 0 or args.weight_decay < 0 or (args.epochs is not None and args.epochs < 1):
        p.error("batch size >= 2, a positive learning rate, non-negative weight decay, epochs >= 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    log = logger(PROGRAM_START)

    log(f"torch {torch.__version__}, numpy {np.__version__}; torch.get_num_threads() = {torch.get_num_threads()}")
    clock = time.perf_counter()
    class_names = read_class_names(args.data)
    k = len(class_names)
    train_set = read_split(args.data, "train", k, args.max_train_images)
    val_set = read_split(args.data, "val", k, args.max_eval_images)
    test_set = read_split(args.data, "test", k, args.max_eval_images)
    load_seconds = time.perf_counter() - clock
    if len(train_set) < 2 or not val_set:
        sys.exit("training needs at least two training images and one validation image (Trainer.Validate)")
    mean, std = normalization_stats(train_set)
    if args.tile is None:
        args.tile = tile_side(train_set)
    requested_depth = args.depth
    args.depth = decoder_depth(args.depth, args.stages)
    data = {"train": train_set, "val": val_set, "classes": class_names, "normaliser": Normaliser(mean, std),
            "test_count": len(test_set)}
    log(f"data {args.data}: classes {class_names}; train {len(train_set)}, val {len(val_set)}, test {len(test_set)} images;"
        f" decoded in {load_seconds:.1f}s; tile {args.tile}; mean {np.round(mean, 4).tolist()} std {np.round(std, 4).tolist()}")

    probe = build_network(args, k, args.seed)
    parameters = sum(p.numel() for p in probe.parameters())
    planned = planned_parameters(args.tile, k, args.stages, args.blocks, args.width, args.stem, args.depth, args.head_width)
    log(f"network: resnet stages={args.stages} blocks={args.blocks} width={args.width} stem={args.stem}; decoder depth="
        f"{args.depth}{'' if requested_depth == args.depth else f' (asked {requested_depth})'} width={args.head_width};"
        f" taps (channels, side) {[(c, s) for _, c, s in probe.taps]}; parameters {parameters:,} (UNetCost formula {planned:,})")
    assert parameters == planned, f"the network has {parameters} parameters, UNetCost counts {planned}"
    del probe

    summary = {
        "peer": "bench/SegmentationPeer/peer.py",
        "command": command_line(),
        "machine": {"cpu": cpu_name(), "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
                    "arch": platform.machine(), "torch": torch.__version__, "numpy": np.__version__,
                    "python": platform.python_version(), "torch_num_threads": torch.get_num_threads(),
                    "mkldnn": torch.backends.mkldnn.is_available()},
        "config": dict(vars(args)),
        "data": {"path": args.data, "classes": class_names, "train": len(train_set), "val": len(val_set),
                 "test": len(test_set), "decode_seconds": load_seconds, "mean": mean.tolist(), "std": std.tolist(),
                 "tile": args.tile},
        "parameters": parameters,
    }
    if args.bench_steps > 0:
        summary["throughput_only"] = throughput_only(args, data, log)
        return finish(summary, args, log)

    plan, deadline = None, None
    epochs, examples_per_epoch = (args.epochs or 10), None
    if args.time_limit is not None:
        test_reserve, measurement = plan_measurement(args, data, log)
        epochs, examples_per_epoch, elapsed, seconds_left = plan_epochs(
            args.time_limit, PROGRAM_START, test_reserve, args.epochs or 60, measurement["train_per_tile"],
            measurement["eval_per_image"], len(train_set), len(val_set), min(args.batch_size, len(train_set)), "tiles", log)
        deadline = PROGRAM_START + args.time_limit - test_reserve
        plan = dict(measurement, measurement_seconds=elapsed, seconds_left_for_training=seconds_left,
                    test_reserve_seconds=test_reserve, planned_epochs=epochs, examples_per_epoch=examples_per_epoch)

    result = train(args, data, epochs, examples_per_epoch, log, deadline)
    history = [h for h in result["history"] if not h.get("incomplete")]
    network = result["network"]
    if result["best_state"] is not None:
        network.load_state_dict(result["best_state"])

    test = None
    if test_set and result["best_state"] is not None:
        clock = time.perf_counter()
        figures, test_loss = score(network, test_set, k, data["normaliser"], args.channels_last_eval)
        test = {"best_epoch": result["best_epoch"], "images": len(test_set), "miou": figures["miou"],
                "pixel_accuracy": figures["pixel_accuracy"], "loss": test_loss,
                "per_class_iou": dict(zip(class_names, figures["iou"])), "true_pixels": figures["true_pixels"],
                "predicted_pixels": figures["predicted_pixels"], "confusion": figures["confusion"],
                "seconds": time.perf_counter() - clock}
        log(f"test (epoch {result['best_epoch']} weights): mIoU {fmt(figures['miou'])}  pixel accuracy "
            f"{fmt(figures['pixel_accuracy'])}  IoU " + " ".join(f"{n} {fmt(v)}" for n, v in zip(class_names, figures["iou"])))

    all_train = result["history"]  # incomplete epochs' steps count in throughput too
    train_seconds = sum(h["train_seconds"] for h in all_train)
    trained = sum(h["train_tiles"] for h in all_train)
    summary.update({
        "plan": plan, "epochs_planned": epochs, "epochs_run": len(history), "steps_per_epoch": result["steps_per_epoch"],
        "examples_per_epoch": result["examples_per_epoch"], "batch_size": result["batch_size"],
        "stop_reason": result["stop"], "epochs": result["history"],
        "val_miou_per_epoch": [h["val_miou"] for h in history],
        "best_epoch": result["best_epoch"], "best_val_miou": result["best_score"],
        "test": test,
        "test_miou": test["miou"] if test else None,
        "test_pixel_accuracy": test["pixel_accuracy"] if test else None,
        "train_tiles": trained, "train_seconds": train_seconds,
        "train_tiles_per_second": trained / train_seconds if train_seconds else None,
        "train_tiles_per_second_including_validation":
            trained / (train_seconds + sum(h["val_seconds"] for h in history)) if train_seconds else None,
        "val_seconds_per_epoch": sum(h["val_seconds"] for h in history) / len(history) if history else None,
    })
    log(f"training: {fmt(summary['train_tiles_per_second'], 1)} tiles/s over {train_seconds:.1f}s of steps; "
        f"{len(history)} epochs; best epoch {result['best_epoch']} (val mIoU {result['best_score']:.4f}); stop: {result['stop']}")
    return finish(summary, args, log)


def plan_measurement(args, data, log):
    """What --time-limit measures before it plans (README): the costs per training tile and per validation image, and
    the time to keep back for the test evaluation."""
    val_set = data["val"]
    test_count = data["test_count"]
    if args.probe_steps <= 0:
        log("time limit: measuring one epoch (trained and validated, then discarded)")
        measurement = train(args, data, 1, None, log)
        first = measurement["history"][0] if measurement["history"] else None
        if first is None or first.get("incomplete"):
            sys.exit(f"the measuring epoch stopped: {measurement['stop']}")
        train_per_tile = first["train_seconds"] / first["train_tiles"]
        eval_per_image = first["val_seconds"] / len(val_set)
        method = "epoch"
    else:
        log(f"time limit: measuring {args.probe_steps} training steps and one validation pass (then discarded)")
        network, optimizer, steps, batch_size = warmed_up(args, data)
        clock = time.perf_counter()
        for _ in range(args.probe_steps):
            steps.train_step(network, optimizer, batch_size)
        train_per_tile = (time.perf_counter() - clock) / (args.probe_steps * batch_size)
        clock = time.perf_counter()
        score(network, val_set, len(data["classes"]), data["normaliser"], args.channels_last_eval)
        eval_per_image = (time.perf_counter() - clock) / len(val_set)
        method = f"{args.probe_steps} steps"
    return eval_per_image * test_count, {"method": method, "train_per_tile": train_per_tile, "eval_per_image": eval_per_image}


def finish(summary, args, log):
    summary["wall_seconds"] = time.perf_counter() - PROGRAM_START
    if args.time_limit is not None:
        summary["within_time_limit"] = summary["wall_seconds"] <= args.time_limit
    log(f"wall {summary['wall_seconds']:.1f}s")
    write_report(args.json, summary, log)
    return summary


if __name__ == "__main__":
    main()
