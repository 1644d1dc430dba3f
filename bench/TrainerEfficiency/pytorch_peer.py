"""The PyTorch peer of bench/TrainerEfficiency: the same ResNet(3,1,16), batch, optimiser, schedule and loss as
AutoDL's default, on Fashion-MNIST in memory. Prints one JSON line: version, threads, best and median images/s.

    python3 bench/TrainerEfficiency/pytorch_peer.py IDX_FOLDER STEPS ROUNDS
"""
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

BATCH, LR, WD, SMOOTHING = 128, 2e-2, 5e-4, 0.1


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.projection = None if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        return torch.relu(out + (x if self.projection is None else self.projection(x)))


def resnet_3_1_16(classes):
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
        BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.0), nn.Linear(64, classes))


def one_round(images, labels, steps, seed):
    torch.manual_seed(seed)
    network = resnet_3_1_16(10)
    network.train()
    optimizer = torch.optim.AdamW(network.parameters(), LR, weight_decay=WD)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, LR, total_steps=steps + 1, pct_start=0.25, cycle_momentum=False)
    order = torch.randperm(images.shape[0])
    loss_fn = nn.CrossEntropyLoss(label_smoothing=SMOOTHING)
    start = None
    for step in range(steps + 1):
        if step == 1:
            start = time.perf_counter()
        index = order[step * BATCH:(step + 1) * BATCH]
        x, y = images.index_select(0, index), labels.index_select(0, index)
        optimizer.zero_grad()
        loss = loss_fn(network(x), y)
        loss.item()
        loss.backward()
        optimizer.step()
        scheduler.step()
    return steps * BATCH / (time.perf_counter() - start)


def main():
    folder, steps, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(os.cpu_count())
    pixels = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    mean, std = pixels.mean(), pixels.std()
    images = torch.from_numpy((pixels - mean) / std).unsqueeze(1)
    labels = torch.from_numpy(read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    rates = [one_round(images, labels, steps, seed) for seed in range(rounds)]
    print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(),
                      "best": max(rates), "median": statistics.median(rates), "rates": rates}))


if __name__ == "__main__":
    main()
