#!/usr/bin/env bash
# Runs a command as if on a VM that hides its cache sizes (see empty-cache-leaf.c), on an AMD machine with CPUID
# faulting ("cpuid_fault" in /proc/cpuinfo).   bench/OneDnnIsaCap/empty-cache-leaf.sh COMMAND [ARGS...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
grep -qw cpuid_fault /proc/cpuinfo || { echo "empty-cache-leaf: this CPU or hypervisor offers no CPUID faulting" >&2; exit 2; }
grep -q AuthenticAMD /proc/cpuinfo || { echo "empty-cache-leaf: leaf 0x8000001D only matters on AMD" >&2; exit 2; }
library="${TMPDIR:-/tmp}/autodl-empty-cache-leaf.so"
if [ ! -f "$library" ] || [ "$here/empty-cache-leaf.c" -nt "$library" ]; then
  command -v cc >/dev/null || { echo "empty-cache-leaf: needs a C compiler (apt-get install gcc)" >&2; exit 2; }
  cc -O2 -shared -fPIC -o "$library" "$here/empty-cache-leaf.c" -ldl
fi
LD_PRELOAD="$library${LD_PRELOAD:+:$LD_PRELOAD}" exec "$@"
