#!/usr/bin/env bash
# Load test of `autodl serve` on MODEL: 32 concurrent clients for 60 s against the server with dynamic
# micro-batching (largest batch and wait from the package's settings: 32 within 2 ms unless `autodl optimize`
# chose others), then again with --max-batch 1 (one image per forward pass). The load generator is a separate
# process on the same machine. Writes bench/results/serving.{md,json}.
#
#   bench/LoadTest/run.sh MODEL
#   CONFIGS="onnx onnx:1 torch" CLIENTS=32 DURATION=60 bench/LoadTest/run.sh MODEL
#   IMAGES=/tmp/dd/coco/test OUT=bench/results/serving-detector bench/LoadTest/run.sh DETECTOR_MODEL
# Each config is BACKEND or BACKEND:THREADS (intra-op threads for one forward pass; default: the package's
# settings, else every core). IMAGES is the folder of PNG files the clients post (default: the shipped
# Fashion-MNIST sample, for a classifier of it); OUT the output stem (default bench/results/serving).
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:?usage: bench/LoadTest/run.sh MODEL}
clients=${CLIENTS:-32}
duration=${DURATION:-60}
configs=${CONFIGS:-onnx}
images=${IMAGES:-samples/fashion-mnist-1k}
out=${OUT:-bench/results/serving}

# shellcheck source=bench/LoadTest/common.sh
source bench/LoadTest/common.sh

run=0
serve_and_load() {
  local label=$1 path=$2 extra=$3; shift 3
  local port; port=$(free_port)
  run=$((run + 1))
  dotnet "$cli" serve "$model" --port "$port" "$@" > "$work/server-$run.log" 2>&1 &
  server=$!
  wait_until_healthy "$port" "$work/server-$run.log"
  echo "autodl serve $model --port $port $*" >> "$work/commands"
  echo "LoadTest run http://127.0.0.1:$port$path $images --clients $clients --duration $duration --label \"$label\" $extra" >> "$work/commands"
  # shellcheck disable=SC2086 # $extra is zero or more options
  dotnet "$load" run "http://127.0.0.1:$port$path" "$images" --clients "$clients" --duration "$duration" --label "$label" \
    --json "$work/run-$run.json" --server-pid "$server" $extra || true
  kill -TERM "$server"
  wait "$server"
  server=""
}

for config in $configs; do
  backend=${config%%:*}
  engine=(--backend "$backend")
  name=$backend
  if [ "$config" != "$backend" ]; then
    engine+=(--threads "${config#*:}")
    name="$backend ${config#*:} thread(s)"
  fi
  serve_and_load "$name, micro-batching" /v1/predict "" "${engine[@]}"
  serve_and_load "$name, batch 1" /v1/predict "" "${engine[@]}" --max-batch 1
done
# The ceiling the HTTP stack alone reaches on this machine (no body, no image, no model), to read the rows above against.
serve_and_load "http only, GET /healthz" /healthz --get

machine="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
mkdir -p bench/results
dotnet "$load" report "$out" "$machine" "$work/commands" "$work"/run-*.json
