#!/usr/bin/env bash
# Runs the whole speed suite (BenchmarkDotNet, Release) and then the first-call report of the large network.
# Extra arguments go to BenchmarkDotNet, e.g. `bash tests/BackpropGen.Benchmarks/run.sh --filter '*Family*'`;
# `--baseline DIR` adds jobs built against the checkout DIR (before/after a change in one run).
# Results: BenchmarkDotNet.Artifacts/results/ under the directory it is run from.
set -euo pipefail
project="$(cd "$(dirname "$0")" && pwd)"
if [ "$#" -eq 0 ]; then set -- --filter '*'; fi
dotnet run -c Release --project "$project" -- "$@"
dotnet run -c Release --project "$project" --no-build -- --first-call
# The README's table, from the CSV reports (needs python3).
if command -v python3 >/dev/null; then python3 "$project/summarize.py" BenchmarkDotNet.Artifacts/results; fi
