#!/usr/bin/env bash
# Soak test of `autodl serve` on MODEL (issue 20's acceptance): for 10 minutes, 32 well-behaved clients, 200 slow
# clients that trickle bodies and bursts of oversized and malformed requests, all at once from a separate process on
# the same machine, while a prober asks /healthz ten times a second and the server's RSS is sampled once a second.
# Writes bench/results/soak.{md,json}: the figures and, per criterion, pass or fail (zero errors for the well-behaved
# clients, RSS below 1 GiB, /healthz p99 below 100 ms).
#
#   bench/LoadTest/soak.sh MODEL
#   DURATION=60 GOOD=32 SLOW=50 OUT=/tmp/soak-smoke SKIP_CLI_BUILD=1 bench/LoadTest/soak.sh MODEL
# OUT is the output stem (default bench/results/soak), so that a short trial does not replace the real results;
# IMAGES the folder of PNG files the clients post (default: the shipped Fashion-MNIST sample);
# SKIP_CLI_BUILD=1 serves with the CLI as already built (src/AutoDL.Cli in Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:?usage: bench/LoadTest/soak.sh MODEL}
duration=${DURATION:-600}
good=${GOOD:-32}
slow=${SLOW:-200}
burst_every=${BURST_EVERY:-10}
burst_size=${BURST_SIZE:-20}
out=${OUT:-bench/results/soak}
images=${IMAGES:-samples/fashion-mnist-1k}

# shellcheck source=bench/LoadTest/common.sh
source bench/LoadTest/common.sh

port=$(free_port)
dotnet "$cli" serve "$model" --port "$port" > "$work/server.log" 2>&1 &
server=$!
wait_until_healthy "$port" "$work/server.log"

echo "autodl serve $model --port $port" > "$work/commands"
echo "LoadTest soak http://127.0.0.1:$port $images --good $good --slow $slow --duration $duration --burst-every $burst_every --burst-size $burst_size --server-pid SERVER_PID" >> "$work/commands"
dotnet "$load" soak "http://127.0.0.1:$port" "$images" --good "$good" --slow "$slow" --duration "$duration" \
  --burst-every "$burst_every" --burst-size "$burst_size" --server-pid "$server" --json "$work/soak.json"

# A server that has survived the soak still stops cleanly: it answers what is in flight and exits 0.
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
echo "server exited with $status after SIGTERM"
echo "# server exited with $status after SIGTERM" >> "$work/commands"
# What the server logged during the soak (an internal error is logged with its id).
tail -n 50 "$work/server.log"

machine="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
mkdir -p "$(dirname "$out")"
dotnet "$load" soak-report "$out" "$machine" "$work/commands" "$work/soak.json"
