#!/usr/bin/python3
"""Plain PyTorch baseline for image classification at a fixed wall-time budget.

Usage:
    /usr/bin/python3 bench/PlainBaseline/baseline.py DATA --time-limit SECONDS
        [--seed 1] [--width 32] [--flip] [--output result.json]

DATA holds DATA/train/<class>/*.png and DATA/test/<class>/*.png; classes are
the sorted folder names of DATA/train.  Grayscale images stay one channel,
anything else is read as RGB.

One network, one recipe, trained for the whole budget:
  * small ResNet: 3x3 conv stem (width) + BN + ReLU; three stages of one
    BasicBlock each, widths width, 2*width, 4*width, strides 1, 2, 2
    (1x1 conv + BN shortcut where the shape changes); global average pool;
    linear;
  * per-channel normalisation with the training set's mean/std; random crop
    with 4-pixel reflect padding; horizontal flip only with --flip;
  * SGD, Nesterov momentum 0.9, weight decay 5e-4, batch 128 (drop_last),
    OneCycleLR with peak learning rate 0.1 over all planned steps, cross
    entropy with label smoothing 0.1.

Budget: the whole process wall time (from process start, image loading
included) counts.  After loading, 3 warm-up and 20 timed training steps
(fewer, but at least 5, once they take 5% of the budget) and a timed
inference pass give the epoch time and the test-evaluation time; the
model and optimiser are then re-created from the seed, and
    epochs = floor((budget - elapsed - eval estimate - 3% of budget) / epoch time)
(at least 1) are trained with one OneCycle schedule spanning exactly them.
Between batches the run stops early ("cut") if the next step plus the test
evaluation (its estimate + 10%) would overrun the budget.  Test accuracy is
measured once, at the end (no model selection on the test set).

Writes a JSON result to --output (if given) and to stdout; progress lines go
to stderr.  Needs Debian's python3-torch (1.13), python3-numpy, python3-pil.
"""
import time

T_IMPORT = time.time()

import argparse                                   # noqa: E402
import datetime                                   # noqa: E402
import json                                       # noqa: E402
import math                                       # noqa: E402
import os                                         # noqa: E402
import platform                                   # noqa: E402
import random                                     # noqa: E402
import sys                                        # noqa: E402

import numpy as np                                # noqa: E402
import torch                                      # noqa: E402
import torch.nn as nn                             # noqa: E402
import torch.nn.functional as F                   # noqa: E402
from PIL import Image                             # noqa: E402

BATCH = 128
PEAK_LR = 0.1
MOMENTUM = 0.9
WEIGHT_DECAY = 5e-4
LABEL_SMOOTHING = 0.1
PAD = 4
WARMUP_STEPS = 3
TIMED_STEPS = 20
SAFETY = 0.03
EVAL_MARGIN = 1.1         # the cut check reserves 110% of the eval estimate
MEASURE_MAX = 0.05        # share of the budget the step timing may take
EVAL_BATCH = 512


def process_start_time():
    """Wall-clock time at which this process started (Linux /proc), or the
    time this module began executing where /proc is not available."""
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])       # field 22: starttime
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        hz = os.sysconf("SC_CLK_TCK")
        t = time.time() - (uptime - start_ticks / hz)
        return min(t, T_IMPORT)
    except (OSError, ValueError, IndexError):
        return T_IMPORT


T0 = process_start_time()


def elapsed():
    return time.time() - T0


def log(msg):
    print(f"[{elapsed():7.1f}s] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------
GRAY_MODES = {"1", "L", "LA", "I", "I;16", "F"}


def list_split(root, split, classes):
    items = []
    for k, c in enumerate(classes):
        d = os.path.join(root, split, c)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.lower().endswith(".png"):
                items.append((os.path.join(d, f), k))
    return items


def read_images(items, size=None):
    """Read PNGs into a list of HxWxC uint8 arrays (C = 1 or 3)."""
    xs = []
    for path, _ in items:
        with Image.open(path) as im:
            gray = im.mode in GRAY_MODES
            im = im.convert("L" if gray else "RGB")
            if size is not None and im.size != size:
                im = im.resize(size, Image.BILINEAR)
            a = np.asarray(im, dtype=np.uint8)
        xs.append(a[:, :, None] if gray else a)
    return xs


def stack(xs, channels):
    if channels == 3:
        xs = [np.repeat(a, 3, axis=2) if a.shape[2] == 1 else a for a in xs]
    return np.stack(xs).transpose(0, 3, 1, 2).copy()   # N, C, H, W


def load_dataset(root):
    classes = sorted(d for d in os.listdir(os.path.join(root, "train"))
                     if os.path.isdir(os.path.join(root, "train", d)))
    tr_items = list_split(root, "train", classes)
    te_items = list_split(root, "test", classes)
    if not tr_items or not te_items:
        sys.exit(f"{root}: no PNGs under train/<class>/ or test/<class>/")
    with Image.open(tr_items[0][0]) as im:
        size = im.size
    xtr = read_images(tr_items, size)
    xte = read_images(te_items, size)
    channels = 3 if any(a.shape[2] == 3 for a in xtr + xte) else 1
    xtr, xte = stack(xtr, channels), stack(xte, channels)
    ytr = np.array([k for _, k in tr_items], dtype=np.int64)
    yte = np.array([k for _, k in te_items], dtype=np.int64)
    return classes, xtr, ytr, xte, yte


def channel_stats(x):
    """Per-channel mean and std (0..1 scale) of an N,C,H,W uint8 array."""
    n = x.shape[0] * x.shape[2] * x.shape[3]
    s = np.zeros(x.shape[1])
    s2 = np.zeros(x.shape[1])
    for i in range(0, x.shape[0], 4096):
        c = x[i:i + 4096].astype(np.float64) / 255.0
        s += c.sum(axis=(0, 2, 3))
        s2 += (c * c).sum(axis=(0, 2, 3))
    mean = s / n
    std = np.sqrt(np.maximum(s2 / n - mean * mean, 1e-12))
    return mean, std


class Batches:
    """Normalisation and augmentation of uint8 batches held in memory."""

    def __init__(self, mean, std, flip):
        self.mean = torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1)
        self.std = torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1)
        self.flip = flip

    def normalise(self, xb):
        return (xb.float() / 255.0 - self.mean) / self.std

    def augment(self, xb):
        x = self.normalise(xb)
        b, c, h, w = x.shape
        xp = F.pad(x, (PAD, PAD, PAD, PAD), mode="reflect")
        oy = torch.randint(0, 2 * PAD + 1, (b,))
        ox = torch.randint(0, 2 * PAD + 1, (b,))
        iy = (oy[:, None] + torch.arange(h)[None, :])[:, None, :, None]
        ix = (ox[:, None] + torch.arange(w)[None, :])[:, None, None, :]
        ib = torch.arange(b)[:, None, None, None]
        ic = torch.arange(c)[None, :, None, None]
        x = xp[ib, ic, iy, ix]
        if self.flip:
            m = torch.rand(b) < 0.5
            x = torch.where(m[:, None, None, None], x.flip(3), x)
        return x.contiguous()


# --------------------------------------------------------------------------
# model
# --------------------------------------------------------------------------
class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False),
                nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class SmallResNet(nn.Module):
    def __init__(self, channels, classes, width):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(channels, width, 3, 1, 1, bias=False),
            nn.BatchNorm2d(width), nn.ReLU(inplace=True))
        self.stages = nn.Sequential(
            BasicBlock(width, width, 1),
            BasicBlock(width, 2 * width, 2),
            BasicBlock(2 * width, 4 * width, 2))
        self.head = nn.Linear(4 * width, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out",
                                        nonlinearity="relu")

    def forward(self, x):
        x = self.stages(self.stem(x))
        return self.head(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def build(seed, channels, classes, width, total_steps):
    seed_all(seed)
    model = SmallResNet(channels, classes, width)
    opt = torch.optim.SGD(model.parameters(), lr=PEAK_LR, momentum=MOMENTUM,
                          nesterov=True, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=PEAK_LR, total_steps=max(total_steps, 2))
    return model, opt, sched


def train_step(model, opt, sched, loss_fn, x, y):
    loss = loss_fn(model(x), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    sched.step()
    return loss.item()


@torch.no_grad()
def predict(model, batches, x):
    model.eval()
    out = []
    for i in range(0, x.shape[0], EVAL_BATCH):
        out.append(model(batches.normalise(x[i:i + EVAL_BATCH])).argmax(1))
    return torch.cat(out)


# --------------------------------------------------------------------------
# run
# --------------------------------------------------------------------------
def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    ap = argparse.ArgumentParser(
        description="Plain PyTorch small-ResNet baseline at a wall-time budget")
    ap.add_argument("data")
    ap.add_argument("--time-limit", type=float, required=True,
                    help="whole-process wall-time budget in seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--width", type=int, default=32)
    ap.add_argument("--flip", action="store_true",
                    help="random horizontal flips (off by default)")
    ap.add_argument("--output", help="write the JSON result here too")
    args = ap.parse_args()
    budget = args.time_limit

    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    seed_all(args.seed)

    # ---- data
    t_load = time.time()
    classes, xtr, ytr, xte, yte = load_dataset(args.data)
    mean, std = channel_stats(xtr)
    xtr_t, ytr_t = torch.from_numpy(xtr), torch.from_numpy(ytr)
    xte_t, yte_t = torch.from_numpy(xte), torch.from_numpy(yte)
    load_s = time.time() - t_load
    n_train, n_test = len(ytr), len(yte)
    channels = xtr.shape[1]
    log(f"loaded {n_train} train / {n_test} test, {len(classes)} classes, "
        f"{channels}x{xtr.shape[2]}x{xtr.shape[3]} in {load_s:.1f}s")
    if n_train < BATCH:
        sys.exit(f"need at least {BATCH} training images")
    batches = Batches(mean, std, args.flip)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING)
    steps_per_epoch = n_train // BATCH

    # ---- measure: warm-up + timed steps, then one timed inference pass
    model, opt, sched = build(args.seed, channels, len(classes), args.width,
                              WARMUP_STEPS + TIMED_STEPS)
    model.train()
    timed = 0
    for k in range(WARMUP_STEPS + TIMED_STEPS):
        if k == WARMUP_STEPS:
            t_steps = time.time()
        idx = torch.randint(0, n_train, (BATCH,))
        train_step(model, opt, sched, loss_fn,
                   batches.augment(xtr_t[idx]), ytr_t[idx])
        if k >= WARMUP_STEPS:
            timed += 1
            # on a slow machine or a tiny budget, 5 timed steps will do
            if timed >= 5 and time.time() - t_steps > MEASURE_MAX * budget:
                break
    step_s = (time.time() - t_steps) / timed
    epoch_s = step_s * steps_per_epoch
    n_probe = min(n_test, 2 * EVAL_BATCH)
    predict(model, batches, xte_t[:min(n_test, 64)])          # warm-up
    t_eval = time.time()
    predict(model, batches, xte_t[:n_probe])
    eval_s = (time.time() - t_eval) / n_probe * n_test

    # ---- plan
    avail = budget - elapsed() - eval_s - SAFETY * budget
    epochs = max(1, int(math.floor(avail / epoch_s)))
    total_steps = epochs * steps_per_epoch
    log(f"step {step_s * 1000:.0f} ms, epoch ~{epoch_s:.1f}s, test eval "
        f"~{eval_s:.1f}s, {avail:.1f}s available -> {epochs} epoch(s) of "
        f"{steps_per_epoch} steps")

    # ---- train (fresh model and optimiser from the seed)
    del model, opt, sched
    model, opt, sched = build(args.seed, channels, len(classes), args.width,
                              total_steps)
    gen = torch.Generator().manual_seed(args.seed)
    cut = False
    steps_done = 0
    epochs_done = 0
    t_train = time.time()
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(n_train, generator=gen)
        t_ep = time.time()
        loss_sum, n_steps = 0.0, 0
        for s in range(steps_per_epoch):
            # running mean of the step time (the timed estimate until then)
            est = (time.time() - t_train) / steps_done if steps_done \
                else step_s
            if elapsed() + est + EVAL_MARGIN * eval_s > budget:
                cut = True
                break
            idx = perm[s * BATCH:(s + 1) * BATCH]
            loss_sum += train_step(model, opt, sched, loss_fn,
                                   batches.augment(xtr_t[idx]), ytr_t[idx])
            n_steps += 1
            steps_done += 1
        if n_steps:
            log(f"epoch {ep + 1}/{epochs} train loss "
                f"{loss_sum / n_steps:.4f} {time.time() - t_ep:.1f}s"
                + (f" (cut after {n_steps} of {steps_per_epoch} steps)"
                   if cut else ""))
        if cut:
            break
        epochs_done += 1
    train_s = time.time() - t_train

    # ---- test, once
    t_eval = time.time()
    pred = predict(model, batches, xte_t)
    test_eval_s = time.time() - t_eval
    acc = (pred == yte_t).float().mean().item()
    log(f"test accuracy {acc:.4f}" + (" (cut short)" if cut else ""))

    result = {
        "dataset": os.path.abspath(args.data),
        "seed": args.seed,
        "width": args.width,
        "flip": args.flip,
        "time_limit_s": budget,
        "epochs_planned": epochs,
        "epochs_done": epochs_done,
        "steps_per_epoch": steps_per_epoch,
        "steps_planned": total_steps,
        "steps_done": steps_done,
        "cut": cut,
        "train_count": n_train,
        "test_count": n_test,
        "classes": classes,
        "image_shape": [channels, int(xtr.shape[2]), int(xtr.shape[3])],
        "test_accuracy": acc,
        "wall_s": None,
        "load_s": round(load_s, 2),
        "train_s": round(train_s, 2),
        "test_eval_s": round(test_eval_s, 2),
        "plan": {"timed_steps": timed, "step_s": round(step_s, 4), "epoch_s": round(epoch_s, 2),
                 "test_eval_s": round(eval_s, 2),
                 "safety_s": round(SAFETY * budget, 2)},
        "recipe": {"optimizer": "SGD nesterov", "momentum": MOMENTUM,
                   "peak_lr": PEAK_LR, "weight_decay": WEIGHT_DECAY,
                   "schedule": "OneCycleLR", "batch": BATCH,
                   "label_smoothing": LABEL_SMOOTHING,
                   "crop_padding": PAD, "padding_mode": "reflect"},
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "machine": {"platform": platform.platform(), "cpu": cpu_model(),
                    "cpu_count": os.cpu_count()},
        "date_utc": datetime.datetime.now(datetime.timezone.utc)
        .isoformat(timespec="seconds"),
    }
    result["wall_s"] = round(elapsed(), 2)
    text = json.dumps(result, indent=1)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
