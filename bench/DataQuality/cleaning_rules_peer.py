#!/usr/bin/env python3
"""Which cleaning rule pays on the planted Fashion-MNIST set? A PyTorch replica of the DataQuality bench's
train-compare, fast enough on a GPU to give every rule many seeds.

Each run trains AutoDL's default recipe for this data (ResNet(3,1,16), AdamW 2e-2 with weight decay 5e-4, one-cycle
over 25 % warm-up, label smoothing 0.1, ±2 px random shifts, class-balanced loss, batch 128) for EPOCHS epochs on
the training images a rule keeps, validates on a stratified 10 % of them, keeps the epoch with the best validation
balanced accuracy, and scores it on the clean test split. It leaves out fit's weight averaging (EMA) unless the arm's
name ends in "+ema" (tau0.02+ema): then, as the product's WeightAverage does, an exponential moving average of the
weights and batch-norm statistics over a quarter epoch is what is validated and tested. This is a
peer for choosing what to measure with the product, not the product's figure: the product's own bench
(bench/DataQuality --train-compare) decides.

    python3 bench/DataQuality/cleaning_rules_peer.py PLANTED.npz OUT.jsonl EPOCHS SEEDS WORKERS [ARM ...]

SEEDS is a count (4: seeds 0-3) or a list (4,5). PLANTED.npz comes from export_planted_arrays.py. One JSON line per run is appended to OUT.jsonl as it finishes.
"""
import json
import multiprocessing as mp
import os
import sys
import time

import numpy as np


def keep_mask(arm, d):
    """The training images an arm keeps, and the labels it trains them with."""
    given, true, p = d["given"], d["true"], d["given_p"]
    base = ~d["always_out"]
    classes = len(d["quota"])
    labels = given.copy()

    def suspects(threshold, quota=True):
        """DataCleaner.SuspectsToExclude: given label under the threshold, by rank, per class at most the estimate."""
        out = np.zeros(len(given), bool)
        taken = np.zeros(classes, np.int64)
        for i in np.argsort(d["rank"], kind="stable"):
            if not base[i] or p[i] >= threshold:
                continue
            k = given[i]
            if quota and taken[k] >= d["quota"][k]:
                continue
            taken[k] += 1
            out[i] = True
        return out

    if arm == "dirty":
        keep = base
    elif arm == "oracle":
        keep = base & (given == true)
    elif arm.startswith("tau"):  # tau0.05: leave out given-label probability under 0.05
        keep = base & ~suspects(float(arm[3:]))
    elif arm.startswith("relabel"):  # relabel0.02: give the suspects the suggested label instead of leaving them out
        s = suspects(float(arm[7:]))
        keep = base
        labels = np.where(s, d["suggested"], given)
    else:
        raise SystemExit(f"unknown arm {arm}")
    return keep, labels


def run(job):
    arm, seed, epochs, path = job
    rule, ema = (arm[:-4], True) if arm.endswith("+ema") else (arm, False)
    import copy
    import torch
    import torch.nn.functional as F
    from torch import nn

    torch.backends.cudnn.benchmark = True
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    device = "cuda" if torch.cuda.is_available() else "cpu"
    d = dict(np.load(path))
    keep, labels = keep_mask(rule, d)
    index = np.flatnonzero(keep)
    rng = np.random.RandomState(seed)
    validation = []
    for k in range(len(d["quota"])):
        members = index[labels[index] == k]
        rng.shuffle(members)
        validation.extend(members[:int(round(0.1 * len(members)))])
    validation = np.array(sorted(validation))
    train = np.setdiff1d(index, validation)

    def tensor(pixels):
        return torch.from_numpy(pixels.astype(np.float32) / 255.0).unsqueeze(1).to(device)

    x_train = tensor(d["train"][train])
    mean, std = x_train.mean(), x_train.std()
    x_train = (x_train - mean) / std
    y_train = torch.from_numpy(labels[train]).to(device)
    x_val = (tensor(d["train"][validation]) - mean) / std
    y_val = torch.from_numpy(labels[validation]).to(device)
    x_test = (tensor(d["test"]) - mean) / std
    y_test = torch.from_numpy(d["test_labels"]).to(device)
    classes = len(d["quota"])
    counts = torch.bincount(y_train, minlength=classes).double()
    weights = (counts.sum() / (classes * counts)).float()
    background = float(-mean / std)

    # The same network as the trainer-efficiency peer's, so both peers replicate one default.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "TrainerEfficiency"))
    from pytorch_peer import resnet_3_1_16

    torch.manual_seed(seed)
    net = resnet_3_1_16(classes).to(device)
    batch = 128
    steps_per_epoch = (len(train) + batch - 1) // batch
    optimizer = torch.optim.AdamW(net.parameters(), 2e-2, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 2e-2, total_steps=epochs * steps_per_epoch, pct_start=0.25, cycle_momentum=False)
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=0.1)
    rows = torch.arange(28, device=device)
    # WeightAverage.cs: decay 1 - 1/(0.25 epoch of steps), with TensorFlow's warm-up min(decay, (1+n)/(10+n)).
    averaged = copy.deepcopy(net).eval() if ema else None
    updates = 0
    generator = torch.Generator(device=device)
    generator.manual_seed(seed)

    def evaluate(x, y):
        kept = averaged if ema else net
        kept.eval()
        with torch.no_grad():
            predicted = torch.cat([kept(x[i:i + 4096]).argmax(1) for i in range(0, len(x), 4096)])
        net.train()
        per_class = torch.stack([(predicted[y == k] == k).float().mean() for k in range(classes)])
        return (predicted == y).float().mean().item(), per_class.mean().item(), per_class.tolist()

    started = time.time()
    best = None
    for epoch in range(epochs):
        order = torch.randperm(len(train), device=device, generator=generator)
        for step in range(steps_per_epoch):
            i = order[step * batch:(step + 1) * batch]
            x = F.pad(x_train[i], (2, 2, 2, 2), value=background)
            dy = torch.randint(0, 5, (len(i),), device=device, generator=generator)
            dx = torch.randint(0, 5, (len(i),), device=device, generator=generator)
            x = x[torch.arange(len(i), device=device)[:, None, None], 0, (dy[:, None] + rows)[:, :, None], (dx[:, None] + rows)[:, None, :]].unsqueeze(1)
            loss = loss_fn(net(x), y_train[i])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            if ema:
                updates += 1
                decay = min(1 - 1 / (0.25 * steps_per_epoch), (1 + updates) / (10 + updates))
                with torch.no_grad():
                    for (_, a), (_, v) in zip(averaged.state_dict().items(), net.state_dict().items()):
                        if a.is_floating_point():
                            a.mul_(decay).add_(v, alpha=1 - decay)
                        else:
                            a.copy_(v)
        _, val_balanced, _ = evaluate(x_val, y_val)
        if best is None or val_balanced > best[0]:
            test_accuracy, _, per_class = evaluate(x_test, y_test)
            best = (val_balanced, epoch + 1, test_accuracy, per_class)
    last_accuracy, _, _ = evaluate(x_test, y_test)
    flipped_kept = int((labels[train] != d["true"][train]).sum())
    return {"arm": arm, "seed": seed, "train": len(train), "wrong_labels_in_train": flipped_kept,
            "best_epoch": best[1], "val_balanced": best[0], "test_accuracy": best[2], "test_per_class": best[3],
            "test_accuracy_last_epoch": last_accuracy, "seconds": time.time() - started}


def seeds_of(text):
    """"4" is seeds 0-3; "4,5" is seeds 4 and 5."""
    return [int(s) for s in text.split(",")] if "," in text else list(range(int(text)))


def main():
    path, out, epochs, seeds, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
    arms = sys.argv[6:] or ["dirty", "tau0.02", "oracle"]
    jobs = [(arm, seed, epochs, path) for seed in seeds_of(seeds) for arm in arms]  # seed-major: a cut-off run stays paired
    with mp.get_context("spawn").Pool(workers) as pool, open(out, "a") as f:
        for result in pool.imap_unordered(run, jobs):
            f.write(json.dumps(result) + "\n")
            f.flush()
            print(f"{result['arm']:>12} seed {result['seed']}: {result['test_accuracy']:.4f} (epoch {result['best_epoch']}, {result['seconds']:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
