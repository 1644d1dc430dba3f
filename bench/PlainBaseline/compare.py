#!/usr/bin/python3
"""Puts `autodl fit` and the plain baseline side by side on one held-out set (issue 24).

    /usr/bin/python3 bench/PlainBaseline/compare.py [--output FILE] NAME FITCURVE_JSON BASELINE_JSON [BASELINE_JSON ...]

FITCURVE_JSON is what bench/FitCurve wrote for the set (bench/results/fit-curve-NAME.json: one run per seed);
each BASELINE_JSON is one run of baseline.py. Writes bench/results/heldout-NAME.md: per seed, the two test accuracies
and what each trained, and the medians over the seeds both have (or FILE, to keep an earlier comparison of the same set, say from another machine).
"""
import json
import statistics
import sys


def main():
    args = sys.argv[1:]
    out = None
    if args[:1] == ["--output"] and len(args) > 1:
        out, args = args[1], args[2:]
    if len(args) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    name, fit_path, baseline_paths = args[0], args[1], args[2:]
    fit = json.load(open(fit_path))
    product = {r["seed"]: r for r in fit["runs"]}
    plain = {}
    for path in baseline_paths:
        run = json.load(open(path))
        plain[run["seed"]] = run
    seeds = sorted(set(product) & set(plain))
    lines = [
        f"# Held-out set `{name}`: `autodl fit` against the plain PyTorch baseline at equal time",
        "",
        f"- Product: {fit['command'] if 'command' in fit else fit_path} (commit {fit.get('commit', '?')}, {fit.get('date', '?')}).",
        f"- Baseline: `bench/PlainBaseline/baseline.py` (PyTorch {next(iter(plain.values()))['torch_version']}, "
        f"{next(iter(plain.values()))['threads']} threads): `/usr/bin/python3 bench/PlainBaseline/baseline.py "
        f"{next(iter(plain.values()))['dataset']} --time-limit {next(iter(plain.values()))['time_limit_s']:g} --seed SEED --output FILE`; "
        "each run's JSON is listed below.",
        f"- Machine: {fit.get('machine', '?')}. Both count the whole process's wall time, data loading included; "
        "run one after the other on an otherwise idle machine.",
        "",
        "| seed | fit test accuracy | fit final model | fit wall s | baseline test accuracy | baseline epochs (width) | baseline wall s | difference |",
        "|---:|---:|---|---:|---:|---|---:|---:|",
    ]
    for seed in seeds:
        p, b = product[seed], plain[seed]
        lines.append(
            f"| {seed} | {p['testAccuracy']:.4f} | {p.get('finalModel', '')} | {p['wallSeconds']:.0f} | {b['test_accuracy']:.4f} | "
            f"{b['epochs_done']} of {b['epochs_planned']}{' (cut)' if b['cut'] else ''} ({b['width']}) | {b['wall_s']:.0f} | "
            f"{p['testAccuracy'] - b['test_accuracy']:+.4f} |")
    if seeds:
        fm = statistics.median(product[s]["testAccuracy"] for s in seeds)
        bm = statistics.median(plain[s]["test_accuracy"] for s in seeds)
        lines += ["", f"Median over {len(seeds)} seed(s): fit {fm:.4f}, baseline {bm:.4f} ({fm - bm:+.4f})."]
    lines += ["", "Baseline runs: " + ", ".join(f"`{p}`" for p in baseline_paths) + "."]
    out = out or f"bench/results/heldout-{name}.md"
    open(out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
