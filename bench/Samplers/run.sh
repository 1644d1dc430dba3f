#!/usr/bin/env bash
# Our RandomSampler and TpeSampler against Optuna's TPESampler on Branin and Hartmann-6, 20 seeds x 100
# evaluations, in one invocation: Optuna runs first (Debian's python3-optuna under /usr/bin/python3), then
# the .NET side runs ours, merges both and writes bench/results/samplers.{json,md}.
#
#   bench/Samplers/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
peer=$(mktemp)
trap 'rm -f "$peer"' EXIT
/usr/bin/python3 bench/Samplers/optuna_peer.py > "$peer"
machine="$(lscpu | grep 'Model name' | sed 's/.*: *//'), $(nproc) cores"
dotnet run -c Release --project bench/Samplers -- "$peer" "$machine" "bench/Samplers/run.sh"
