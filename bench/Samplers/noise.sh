#!/usr/bin/env bash
# Is a 20-seed gap to Optuna noise? The same benchmark as run.sh over 100 seeds, with bootstrap 90% intervals
# for each median and for its difference from Optuna 3.1's; both kernel-density variants of ours. Writes
# bench/results/samplers-100seeds.md. About 15 minutes on 2 cores.
#
#   bench/Samplers/noise.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
peer=$(mktemp)
trap 'rm -f "$peer"' EXIT
/usr/bin/python3 bench/Samplers/optuna_peer.py 100 > "$peer"
machine="$(lscpu | grep 'Model name' | sed 's/.*: *//'), $(nproc) cores"
dotnet run -c Release --project bench/Samplers -- noise 100 "$peer" "$machine" "bench/Samplers/noise.sh"
