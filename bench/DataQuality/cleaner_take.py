#!/usr/bin/env python3
"""What `fit --exclude-suspects` would leave out of a written quality report, scored against the planted flips.

Mirrors DataCleaner.SuspectsToExclude (given label under 1/(5K) probability, per class at most the confident-learning
estimate; the half-a-class cap never binds on this set) for reports written before the DataQuality bench printed it.

    /usr/bin/python3 bench/DataQuality/cleaner_take.py /work/data/fmnist-planted-quality.json /work/data/fmnist-planted/truth.json
"""
import json
import os
import sys

report = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
flipped = {os.path.abspath(f["path"]) for f in truth["flipped"]}
classes = len(report["classNames"])
ruled_out = 1.0 / (5 * max(2, classes))
quota = report["estimatedLabelErrorsByClass"]
taken = [0] * classes
flips = 0
for suspect in report["labelSuspects"]:
    k = suspect["givenLabel"]
    if suspect["image"]["split"] != "Train" or suspect["givenProbability"] >= ruled_out or taken[k] >= quota[k]:
        continue
    taken[k] += 1
    flips += os.path.abspath(suspect["image"]["source"]) in flipped
left_out = sum(taken)
print(f"left out {left_out}, flips {flips} ({flips / max(1, left_out):.1%} precision, {flips / len(flipped):.1%} recall), "
      f"correct left out {left_out - flips}, flips kept {len(flipped) - flips}")
