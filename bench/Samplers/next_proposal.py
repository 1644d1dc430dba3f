"""Same history in, same distribution out? For a few Optuna 3.1 runs cut after n trials, draws the next
proposal DRAWS times from Optuna's TPESampler (seed = draw) and from ours (new Random(draw)), with and without
the -log(sigma) kernel term on each side, and prints per-dimension quantiles and the two-sample
Kolmogorov-Smirnov statistic. Needs the bench built (dotnet build -c Release bench/Samplers).

    /usr/bin/python3 bench/Samplers/next_proposal.py [DRAWS]
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import optuna
from optuna.distributions import FloatDistribution
from optuna.samplers._tpe import _truncnorm

sys.path.insert(0, os.path.dirname(__file__))
from optuna_peer import FUNCTIONS  # noqa: E402

DRAWS = int(sys.argv[1]) if len(sys.argv) > 1 else 500
CASES = (("branin", 0, 30), ("branin", 1, 60), ("hartmann6", 0, 30), ("hartmann6", 2, 80))
DLL = "bench/Samplers/bin/Release/net10.0/Samplers.dll"


def ks(a, b):
    """Two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical CDFs."""
    grid = np.sort(np.concatenate([a, b]))
    fa = np.searchsorted(np.sort(a), grid, side="right") / len(a)
    fb = np.searchsorted(np.sort(b), grid, side="right") / len(b)
    return float(np.max(np.abs(fa - fb)))


def optuna_draws(history, space, fixed):
    unfixed = _truncnorm.logpdf
    if fixed:
        _truncnorm.logpdf = lambda x, a, b, loc=0, scale=1: unfixed(x, a, b, loc, scale) - np.log(scale)
    try:
        study = optuna.create_study(direction="minimize")
        for t in history:
            study.add_trial(optuna.trial.create_trial(params=t["params"], distributions=space, value=t["value"]))
        out = []
        for d in range(DRAWS):
            study.sampler = optuna.samplers.TPESampler(seed=d)
            trial = study.ask(space)  # left running: TPE without constant_liar ignores running trials
            out.append([trial.params[k] for k in space])
        return np.asarray(out)
    finally:
        _truncnorm.logpdf = unfixed


def main():
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    critical = 1.36 * np.sqrt(2 / DRAWS)
    print(f"{DRAWS} draws per side; KS above {critical:.3f} rejects 'same distribution' at 5% for one dimension\n")
    for name, seed, n in CASES:
        objective, _ = FUNCTIONS[name]
        study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(objective, n_trials=n)
        space = study.trials[0].distributions
        history = [{"params": t.params, "value": t.value} for t in study.trials]
        with tempfile.TemporaryDirectory() as tmp:
            with open(f"{tmp}/history.json", "w") as f:
                json.dump({"function": name, "trials": history}, f)
            subprocess.run(["dotnet", DLL, "next", f"{tmp}/history.json", str(DRAWS), f"{tmp}/ours.json"], check=True)
            with open(f"{tmp}/ours.json") as f:
                ours = {k: np.asarray(v) for k, v in json.load(f).items()}
        theirs = {"optuna31": optuna_draws(history, space, fixed=False), "optuna31_fixed": optuna_draws(history, space, fixed=True)}
        best = min(history, key=lambda t: t["value"])
        print(f"## {name}, Optuna seed {seed}, first {n} trials (best f {best['value']:.4f} at "
              + ", ".join(f"{best['params'][k]:.3f}" for k in space) + ")")
        pairs = (("ours_omit_scale", "optuna31"), ("ours", "optuna31_fixed"), ("ours", "optuna31"), ("optuna31_fixed", "optuna31"))
        samples = {**ours, **theirs}
        for j, param in enumerate(space):
            print(f"  {param}: quantiles 5/25/50/75/95 %")
            for label in ("optuna31", "ours_omit_scale", "optuna31_fixed", "ours"):
                q = np.percentile(samples[label][:, j], [5, 25, 50, 75, 95])
                print(f"    {label:16s} " + " ".join(f"{v:8.4f}" for v in q) + f"   mean {samples[label][:, j].mean():.4f}")
            print("    KS " + ", ".join(f"{a} vs {b}: {ks(samples[a][:, j], samples[b][:, j]):.3f}" for a, b in pairs))
        print()


if __name__ == "__main__":
    main()
