# Shared by run.sh and soak.sh (sourced from the repository root): builds the CLI (unless SKIP_CLI_BUILD is set) and the
# load generator in Release, names them $cli and $load, makes a scratch folder $work, and stops the server in $server
# and removes $work however the script ends; wait_until_healthy PORT LOG waits for the server just started.
if [ -z "${SKIP_CLI_BUILD:-}" ]; then dotnet build -c Release src/AutoDL.Cli -v quiet -nologo; fi
dotnet build -c Release bench/LoadTest -v quiet -nologo
cli=src/AutoDL.Cli/bin/Release/net10.0/AutoDL.Cli.dll
load=bench/LoadTest/bin/Release/net10.0/LoadTest.dll

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_until_healthy() {
  local port=$1 log=$2
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/healthz" > /dev/null; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$log"; exit 1; fi
    sleep 0.5
  done
  cat "$log"
}
