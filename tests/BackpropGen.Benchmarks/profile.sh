#!/usr/bin/env bash
# Where one generated operation spends its time: `bash tests/BackpropGen.Benchmarks/profile.sh family float sweep [SECONDS]`
# (WORKLOAD xor|symmetry|family|mnist, T float|double, OPERATION sweep|forward|batch). Runs the operation in a loop
# (`--profile`, Profile.cs) under `perf record -e cpu-clock` (a KVM guest has no hardware counters) with the JIT's perf
# map, and prints each method's share of the samples, signatures shortened (each JIT tier of a method is its own line;
# the loop runs long enough that the tier-1 code's lines dominate). Needs perf (apt-get install linux-perf) and a Release build of this project.
set -euo pipefail
project="$(cd "$(dirname "$0")" && pwd)"
dll="$project/bin/Release/net10.0/BackpropGen.Benchmarks.dll"
[ -f "$dll" ] || dotnet build -c Release "$project" >/dev/null
data="$(mktemp /tmp/backpropgen-perf.XXXXXX)"
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -q -e cpu-clock -F 4999 -o "$data" -- dotnet "$dll" --profile "$@"
perf report -i "$data" --sort symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | sed -E \
  -e 's/\[\.\] (instance )?(valuetype |class )?[^ ]* //' \
  -e 's/\[[A-Za-z.]+\] //g' -e 's/\(.*\)\[/ [/' -e 's/ +- +- *$//' | head -"${TOP:-30}"
rm -f "$data"
