#!/usr/bin/env python3
"""Prints the README's speed table from BenchmarkDotNet's CSV reports (BenchmarkDotNet.Artifacts/results, or the
directories given, a later one's rows replacing an earlier one's).

For each workload, precision and job: the sweep and inference means, BackpropGen's speed-up over the loop baseline
and over FANN (ratios of means measured in the same run), and the bytes allocated per operation.
"""
import csv
import glob
import os
import sys

UNITS = {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
WORKLOADS = [("Xor", "XOR 2-4-1, 4 cases"), ("Symmetry", "symmetry 6-2-1, 64 cases"),
             ("Family", "family-trees size 36-12-12-6-24, 104 cases"), ("Mnist", "784-128-10, 256 cases")]
# Layer sizes and case counts of the workloads (Workloads.cs), for the multiply-add counts of the physical-limit row.
SIZES = {"Xor": ([2, 4, 1], 4), "Symmetry": ([6, 2, 1], 64), "Family": ([36, 12, 12, 6, 24], 104), "Mnist": ([784, 128, 10], 256)}
# PeakBenchmarks: vector multiply-adds per call (12 chains x 100,000), and elements per 512-bit vector.
PEAK_OPERATIONS = 12 * 100_000
LANES_512 = {"Float": 16, "Double": 8}


# The jobs of run.sh (Program.cs): the default settings, the 512-bit path turned off, and --baseline's jobs.
JOBS = {"VectorT-default": "default (512-bit blocks on AVX-512)", "Lanes-256": "512 off (Vector<T>, 256-bit)",
        "Baseline-default": "before: default (256-bit)", "Baseline-512": "before: DOTNET_MaxVectorTBitWidth=512"}


def multiply_adds(key):
    """Per sweep: every case's forward sums (w and b), its dE/dy sums (the weights of every layer but the first) and its
    dE/dw += delta * y (w and b); per inference: the forward sums. Activations, E and the update are not counted."""
    sizes, cases = SIZES[key]
    weights = [a * b for a, b in zip(sizes, sizes[1:])]
    biases = sizes[1:]
    forward = sum(weights) + sum(biases)
    return cases * (2 * forward + sum(weights[1:])), forward


def nanoseconds(text):
    value, unit = text.replace(",", "").split()
    return float(value) * UNITS[unit]


def show(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def ratio(a, b):
    return "–" if a is None or b is None else f"{a / b:.1f}×"


def main(directories):
    rows = {}
    # Several directories: a later run's rows replace an earlier run's.
    paths = [p for d in directories for p in sorted(glob.glob(os.path.join(d, "BackpropGen.Benchmarks.*-report.csv")))]
    for path in paths:
        name = os.path.basename(path).split(".")[2].replace("-report", "")
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                mean = None if row["Mean"] in ("NA", "") else nanoseconds(row["Mean"])
                rows[(name, row["Job"], row.get("Categories", ""), row["Method"])] = (mean, row.get("Allocated", "?"))

    jobs = sorted({k[1] for k in rows})
    print("| workload | T | job | sweep: loop | FANN | BackpropGen | scalar path | ×loop | ×FANN | inference: loop | FANN | BackpropGen | ×loop | ×FANN | allocated (sweep / inference) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for key, title in WORKLOADS:
        for precision in ("Double", "Float"):
            name = key + precision
            for job in jobs:
                def get(category, method):
                    return rows.get((name, job, category, method), (None, "?"))
                loop, _ = get("Sweep", "Loop")
                fann, _ = get("Sweep", "FANN")
                gen, alloc_sweep = get("Sweep", "BackpropGen")
                scalar, _ = get("Sweep", "'BackpropGen scalar'")
                iloop, _ = get("Inference", "Loop")
                ifann, _ = get("Inference", "FANN")
                igen, alloc_inf = get("Inference", "BackpropGen")
                if gen is None and igen is None:
                    continue
                width = JOBS.get(job, job)
                print(f"| {title} | {precision.lower()} | {width} | {show(loop)} | {show(fann)} | **{show(gen)}** | {show(scalar)} | "
                      f"{ratio(loop, gen)} | {ratio(fann, gen)} | {show(iloop)} | {show(ifann)} | **{show(igen)}** | "
                      f"{ratio(iloop, igen)} | {ratio(ifann, igen)} | {alloc_sweep} / {alloc_inf} |")

    # The physical limit: the workload's multiply-adds at the measured one-core FMA rate (PeakBenchmarks, same run).
    peaks = {(k[1], k[3]): v[0] for k, v in rows.items() if k[0] == "PeakBenchmarks" and v[0]}
    if not peaks:
        return
    print()
    print("| workload | T | job | multiply-adds (sweep / inference) | one core at peak (sweep / inference) | BackpropGen sweep | of peak | BackpropGen inference | of peak | two cores at peak (sweep) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, title in WORKLOADS:
        sweep_madds, inference_madds = multiply_adds(key)
        for precision in ("Double", "Float"):
            for job in jobs:
                peak_ns = peaks.get((job, f"{precision}Peak")) or next((v for (j, m), v in peaks.items() if m == f"{precision}Peak"), None)
                gen, _ = rows.get((key + precision, job, "Sweep", "BackpropGen"), (None, "?"))
                igen, _ = rows.get((key + precision, job, "Inference", "BackpropGen"), (None, "?"))
                if peak_ns is None or (gen is None and igen is None):
                    continue
                rate = PEAK_OPERATIONS * LANES_512[precision] / peak_ns  # multiply-adds per ns, one core
                at_peak, inference_at_peak = sweep_madds / rate, inference_madds / rate

                def share(limit, actual):
                    return "–" if actual is None else f"{100 * limit / actual:.1f} %"
                print(f"| {title} | {precision.lower()} | {JOBS.get(job, job)} | {sweep_madds:,} / {inference_madds:,} | {show(at_peak)} / {show(inference_at_peak)} | "
                      f"{show(gen)} | {share(at_peak, gen)} | {show(igen)} | {share(inference_at_peak, igen)} | {show(at_peak / 2)} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["BenchmarkDotNet.Artifacts/results"])
