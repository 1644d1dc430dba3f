"""What bench/DetectionPeer/peer.py and bench/SegmentationPeer/peer.py share: the ResNet backbone, the normalisation
arithmetic, the image decoder, Trainer.Train's step loop and best-epoch choice, the one-cycle schedule, EpochPlan.Fit
and the time-limit plan, and the run's plumbing (log lines, common options, machine, JSON report).

Only what the two peers do the same way lives here; what differs on purpose stays in each peer (detection's exact
System.Random port and the streams and augmentation drawn from it, segmentation's numpy draws; each task's data,
network head, loss, validation and report). Every part cites the C# of src/AutoDL it mirrors. The peers import it with
sys.path.insert relative to their own file; it needs Debian's python3-torch (1.13), python3-numpy and python3-pil.
"""
import json
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


# ---------------------------------------------------------------------------------------------------------------------
# Data: Data/ImageDecoder.cs, Data/NormalizationStats.cs, Data/BatchBuilder.cs.
# ---------------------------------------------------------------------------------------------------------------------

def rgb_on_white(image):
    """ImageDecoder: RGB, transparency composited on white (a loaded PIL image in, an RGB PIL image out)."""
    if image.mode in ("RGBA", "LA", "P", "PA") and ("A" in image.mode or "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return image.convert("RGB")


MIN_STD = np.float32(1e-3)  # NormalizationStats.MinStd


def channel_mean_std(histograms, count):
    """NormalizationStats.Compute's last step: per channel, from the exact integer counts of each byte value over
    `count` pixels, the mean and population std of x/255 (std floor 1e-3); float32 results."""
    values = np.arange(256, dtype=np.int64)
    mean, std = np.zeros(len(histograms), dtype=np.float32), np.zeros(len(histograms), dtype=np.float32)
    for c, histogram in enumerate(histograms):
        m = int(histogram @ values) / count
        variance = max(0.0, int(histogram @ (values * values)) / count - m * m)
        mean[c] = np.float32(m / 255)
        std[c] = max(MIN_STD, np.float32(math.sqrt(variance) / 255))
    return mean, std


def folded_normalisation(mean, std):
    """BatchBuilder.Write's (b/255 - mean)/std folded into one float32 multiply-add, b*scale + offset: (scale, offset)
    per channel."""
    return (np.float32(1) / (np.float32(255) * std)).astype(np.float32), (-mean / std).astype(np.float32)


# ---------------------------------------------------------------------------------------------------------------------
# The backbone: Models/ResNet.cs, BasicBlock.cs, Stems.cs, WeightInit.cs, ConvArithmetic.cs, TappedFeatures.cs,
# NetworkCost.cs. Modules are built in the product's order, so that libtorch's generator, seeded as Trainer.cs seeds it,
# is drawn in the same sequence.
# ---------------------------------------------------------------------------------------------------------------------

def conv_output(size, kernel, stride, padding):
    """ConvArithmetic.OutputSize (floor mode)."""
    return ((size + 2 * padding - kernel) // stride) + 1


def downsample_stride(height, width):
    """ConvArithmetic.DownsampleStride."""
    return 2 if min(height, width) > 1 else 1


def stem_output(kind, size):
    """Stems.OutputSize."""
    if kind == "conv3":
        return size
    if kind == "conv3stride2":
        return conv_output(size, 3, 2, 1)
    return conv_output(conv_output(size, 7, 2, 3), 3, 2, 1)


def resnet_plan(stages, blocks, width, stem, size):
    """ResNet.Plan for a size x size input: (stage, index, in, out, stride, out_h, out_w) per block. Stage i has
    width*2^i channels; the first block of every stage after the first has stride 2 unless the map is already 1 px
    (ConvArithmetic.DownsampleStride), decided at the size the network is built for."""
    height = width_px = stem_output(stem, size)
    plan = []
    channels = width
    for stage in range(stages):
        out = width << stage
        for index in range(blocks):
            stride = downsample_stride(height, width_px) if stage > 0 and index == 0 else 1
            height = conv_output(height, 3, stride, 1)
            width_px = conv_output(width_px, 3, stride, 1)
            plan.append((stage, index, channels, out, stride, height, width_px))
            channels = out
    return plan


def make_stem(kind, in_channels, out_channels):
    """Stems.Create (activation: ReLU(inplace: true), as ResNet.CreateBackbone passes it)."""
    if kind == "conv3":
        layers = [("conv", nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False))]
    elif kind == "conv3stride2":
        layers = [("conv", nn.Conv2d(in_channels, out_channels, 3, stride=2, padding=1, bias=False))]
    else:
        layers = [("conv", nn.Conv2d(in_channels, out_channels, 7, stride=2, padding=3, bias=False))]
    layers += [("bn", nn.BatchNorm2d(out_channels)), ("act", nn.ReLU(inplace=True))]
    if kind == "conv7pool":
        layers.append(("pool", nn.MaxPool2d(3, stride=2, padding=1)))
    return nn.Sequential(OrderedDict(layers))


class BasicBlock(nn.Module):
    """BasicBlock.cs: conv3x3-BN-ReLU-conv3x3-BN plus the identity or a strided 1x1 projection with BN, then ReLU.
    Attributes in the C# field order (conv1, bn1, conv2, bn2, projection), which is the order modules are visited."""

    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.projection = None if stride == 1 and in_channels == out_channels else nn.Sequential(OrderedDict([
            ("conv", nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)),
            ("bn", nn.BatchNorm2d(out_channels))]))

    def forward(self, x):
        e = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        shortcut = x if self.projection is None else self.projection(x)
        return F.relu(e + shortcut)


def weight_init_with_identity_residuals(root):
    """WeightInit.ApplyWithIdentityResiduals: Kaiming-normal (fan-out, ReLU) convolutions with zero bias, batch norms
    weight 1 bias 0 (Linear N(0, .01): none in the peers), then every residual block's bn2 scale zeroed."""
    with torch.no_grad():
        for module in root.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
            elif isinstance(module, nn.BatchNorm2d):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, 0, 0.01)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
        for module in root.modules():
            if isinstance(module, BasicBlock):
                nn.init.zeros_(module.bn2.weight)  # WeightInit.ZeroResidualScale


def tapped_features(stem, blocks, tap_children, x):
    """TappedFeatures.Run: the stem, then the blocks one by one, keeping the tapped blocks' outputs (finest first)."""
    x = stem(x)
    features = []
    for child, block in enumerate(blocks.children()):
        x = block(x)
        if child in tap_children:
            features.append(x)
    return features


def conv_norm_parameters(in_channels, out_channels, kernel):
    """NetworkCost.ConvNorm's parameters: k*k*in*out (no bias) + 2*out (the norm's weight and bias)."""
    return in_channels * out_channels * kernel * kernel + 2 * out_channels


def backbone_parameters(plan, width, stem):
    """ResNet.BackboneCost's parameters (Stems.Cost, BasicBlock.Cost) from resnet_plan's plan, without building it."""
    total = conv_norm_parameters(3, width, 7 if stem == "conv7pool" else 3)
    for _, _, cin, cout, stride, _, _ in plan:
        total += conv_norm_parameters(cin, cout, 3) + conv_norm_parameters(cout, cout, 3)
        if stride != 1 or cin != cout:
            total += conv_norm_parameters(cin, cout, 1)
    return total


# ---------------------------------------------------------------------------------------------------------------------
# Training: Training/OptimizerStep.cs, Training/Trainer.cs (steps per epoch, the step loop, best epoch, early stopping),
# TorchSharp 0.107's OneCycleLR as Trainer.CreateScheduler configures it, Training/EpochPlan.cs.
# ---------------------------------------------------------------------------------------------------------------------

def take_step(loss, optimizer):
    """OptimizerStep.Take, the end of every task's training step: the loss's value, and backward and one optimiser step
    on it unless it is not finite (NaN or infinite: training diverged)."""
    value = loss.item()
    if not math.isfinite(value):
        return value
    loss.backward()
    optimizer.step()
    return value


def epoch_steps(examples_per_epoch, train_count, batch_size):
    """Trainer.Train: (examples per epoch clamped to batch..train count, steps per epoch)."""
    examples = min(max(examples_per_epoch or train_count, batch_size), train_count)
    # A final batch of one example would break batch norm in training mode, so it is dropped.
    return examples, examples // batch_size + (1 if examples % batch_size >= 2 else 0)


def train_epoch(network, optimizer, steps, schedule, steps_per_epoch, batch_size, examples, deadline=None):
    """Trainer.Train's step loop for one epoch: train mode, n = min(batch, examples left) per step, the scheduler
    stepped after every batch. Returns (mean loss over the steps, examples trained, seconds, stop reason): "Diverged"
    at a loss that is not finite, "TimeLimit" past the deadline between batches (the product's cancellation,
    StopReason.Cancelled), else "Completed"."""
    network.train()
    loss_sum, loss_count, trained, stop = 0.0, 0, 0, "Completed"
    clock = time.perf_counter()
    for step in range(steps_per_epoch):
        if deadline is not None and time.perf_counter() > deadline:
            stop = "TimeLimit"
            break
        n = min(batch_size, examples - step * batch_size)
        batch_loss = steps.train_step(network, optimizer, n)
        schedule.step()
        if not math.isfinite(batch_loss):
            stop = "Diverged"
            break
        loss_sum += batch_loss
        loss_count += 1
        trained += n
    return loss_sum / max(1, loss_count), trained, time.perf_counter() - clock, stop


class BestEpoch:
    """Trainer.Train's best epoch and early stopping: the best epoch by the validation score, its weights kept (a NaN
    score never gains; on a tie the lower validation loss wins); early stopping only in the second half of the
    schedule, after `patience` epochs without a better score (0: never)."""

    def __init__(self):
        self.score, self.loss, self.epoch, self.last_gain, self.state = None, math.inf, 0, 0, None

    def update(self, epoch, score, loss, network):
        gained = not math.isnan(score) and (self.score is None or score > self.score)
        if gained:
            self.last_gain = epoch
        if gained or (score == self.score and loss < self.loss):
            self.score, self.loss, self.epoch = score, loss, epoch
            self.state = {k: v.detach().clone() for k, v in network.state_dict().items()}

    def stops(self, epoch, epochs, patience):
        return patience > 0 and epoch > epochs // 2 and epoch - self.last_gain >= patience


def training_result(network, history, best, stop, steps_per_epoch, examples, batch_size):
    """Trainer.Train's TrainingResult, as the peers report it: the network as trained, the epochs, the best epoch (its
    weights, number and score, 0 when there is none) and the stop reason, with the epoch's shape."""
    return {"network": network, "history": history, "best_state": best.state, "best_epoch": best.epoch,
            "best_score": best.score or 0.0, "stop": stop, "steps_per_epoch": steps_per_epoch,
            "examples_per_epoch": examples, "batch_size": batch_size}


PCT_START, DIV_FACTOR, FINAL_DIV_FACTOR = 0.25, 25.0, 1e4  # Trainer.OneCycleWarmUp; OneCycleLR's defaults


def one_cycle_lr(step_num, total_steps, max_lr):
    """TorchSharp's OneCycleLR.get_lr (cos annealing, two phases, three_phase off; cycle_momentum off for AdamW, so
    betas stay (0.9, 0.999)), step by step: warm-up from max/25 to max over the first 25 % of steps (phase end at
    0.25*total - 1), then cosine down to max/25/1e4 at step total - 1. Its phase loop tests the parameter-group index
    where PyTorch tests the phase index, so past the last phase (only after the final step, never used for a step) it
    yields 0 where PyTorch would extrapolate."""
    initial = max_lr / DIV_FACTOR
    phases = [(PCT_START * total_steps - 1, initial, max_lr), (total_steps - 1, max_lr, initial / FINAL_DIV_FACTOR)]
    start_step = 0.0
    for end_step, start, end in phases:
        if step_num <= end_step:
            span = end_step - start_step
            # C# divides doubles: 0/0 is NaN (total_steps = 4 puts the warm-up's end at step 0), where Python raises.
            pct = (step_num - start_step) / span if span != 0 else math.nan
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        start_step = end_step
    return 0.0


MINIMUM_EPOCHS = 3  # EpochPlan.MinimumEpochs


def fit_epochs(planned, train_per_image, eval_per_image, seconds_left, train_count, val_count, batch):
    """EpochPlan.Fit with the measured costs: (epochs, examples per epoch or None), or None when nothing fits."""
    full = train_count * train_per_image + val_count * eval_per_image
    affordable = int(math.floor(seconds_left / full))
    if affordable >= planned:
        return planned, None
    minimum = min(MINIMUM_EPOCHS, planned)
    if affordable >= minimum:
        return affordable, None
    train_seconds = 0.9 * seconds_left / minimum - val_count * eval_per_image
    examples = int(min(train_count, train_seconds / train_per_image))
    return (minimum, examples) if examples >= 2 * batch else None


def plan_epochs(time_limit, start, test_reserve, planned, train_per_example, eval_per_image, train_count, val_count,
                batch, unit, log):
    """--time-limit's plan after the measurement (the peers' READMEs): the seconds left once the time spent since
    `start` and the test evaluation's reserve are taken off, fitted EpochPlan.Fit's way (fit_epochs); exits when not
    even two batches an epoch fit. Returns (epochs, examples per epoch or None, seconds spent, seconds left)."""
    elapsed = time.perf_counter() - start
    seconds_left = time_limit - elapsed - test_reserve
    fitted = fit_epochs(planned, train_per_example, eval_per_image, seconds_left, train_count, val_count, batch)
    if fitted is None:
        sys.exit(f"not even two batches per epoch fit in the {time_limit:.0f}s limit ({elapsed:.0f}s spent measuring)")
    epochs, examples_per_epoch = fitted
    log(f"time limit {time_limit:.0f}s: {elapsed:.1f}s spent; plan {epochs} epochs"
        + (f" of {examples_per_epoch} {unit}" if examples_per_epoch else "") + f" in {seconds_left:.0f}s")
    return epochs, examples_per_epoch, elapsed, seconds_left


# ---------------------------------------------------------------------------------------------------------------------
# The run: options, log lines, the machine, the JSON report.
# ---------------------------------------------------------------------------------------------------------------------

def add_run_arguments(parser):
    """The options both peers end with: threads, seed, smoke-test limits, the report's path."""
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-train-images", type=int, default=None, help="the first N training images (smoke tests)")
    parser.add_argument("--max-eval-images", type=int, default=None, help="the first N validation and test images")
    parser.add_argument("--json", default=None, help="write the report here")


def logger(start):
    """A log function: each message on its own line, after the seconds since `start` (the peer's PROGRAM_START)."""
    def log(message):
        print(f"[{time.perf_counter() - start:7.1f}s] {message}", flush=True)
    return log


def command_line():
    return " ".join([os.path.basename(sys.executable)] + sys.argv)


def fmt(value, digits=4):
    return "-" if value is None else f"{value:.{digits}f}"


def cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def write_report(path, summary, log):
    """--json: the summary, indented one space; nothing without a path."""
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1)
        log(f"report written to {path}")
