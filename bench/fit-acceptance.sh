#!/usr/bin/env bash
# Times `autodl fit` on a dataset under a time limit, evaluates the package on a test set, and writes
# bench/results/fit-NAME.json with the machine, the commands and the figures.
#
#   bench/fit-acceptance.sh NAME DATA TIME_LIMIT [EVAL_DATA]
#
# e.g. bench/fit-acceptance.sh letters-10m /work/data/letters 10m /work/data/letters/test
#      bench/fit-acceptance.sh fashion-idx-10m /usr/share/datasets/fashion-mnist 10m
# Run it on an otherwise idle machine: the figures are wall-clock.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1 data=$2 limit=$3 eval_data=${4:-$2}
out=${AUTODL_BENCH_OUT:-/tmp/autodl-bench}/$name
mkdir -p bench/results "$(dirname "$out")"
rm -rf "$out"

dotnet build src/AutoDL.Cli -c Release -v quiet -nologo >/dev/null
cli=(dotnet src/AutoDL.Cli/bin/Release/net10.0/AutoDL.Cli.dll)

fit_cmd=("${cli[@]}" fit "$data" --time-limit "$limit" --output "$out")
start=$(date +%s.%N)
/usr/bin/time -f '%M %e %U %S' -o "$out.time" "${fit_cmd[@]}" > "$out.log" 2>&1
end=$(date +%s.%N)
eval_cmd=("${cli[@]}" evaluate "$out/model.adlpk" "$eval_data" --output "$out/eval.json")
"${eval_cmd[@]}" > "$out.eval.log" 2>&1

/usr/bin/python3 - "$name" "$data" "$limit" "$start" "$end" "$out" "${fit_cmd[*]}" "${eval_cmd[*]}" <<'PY'
import json, sys, platform, os, datetime, subprocess
name, data, limit, start, end, out, fit_cmd, eval_cmd = sys.argv[1:]
rss_kb, wall, user, sys_s = open(out + ".time").read().split()[-4:]
ev = json.load(open(os.path.join(out, "eval.json")))
board = json.load(open(os.path.join(out, "leaderboard.json")))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
result = {
    "benchmark": "fit-acceptance", "name": name,
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "memoryGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
    "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "commands": [fit_cmd, eval_cmd],
    "timeLimit": limit, "fitWallSeconds": round(float(end) - float(start), 1),
    "fitCpuSeconds": round(float(user) + float(sys_s), 1), "peakRssMiB": round(int(rss_kb) / 1024),
    "testImages": ev["count"], "testAccuracy": ev["accuracy"], "testMacroF1": ev["macroF1"],
    "trials": len(board["rows"]), "best": board["rows"][0],
}
json.dump(result, open(f"bench/results/fit-{name}.json", "w"), indent=2)
print(f"{name}: limit {limit}, wall {result['fitWallSeconds']} s, test accuracy {ev['accuracy']:.4f}, "
      f"macro-F1 {ev['macroF1']:.4f}, {result['trials']} trials, peak RSS {result['peakRssMiB']} MiB")
PY
