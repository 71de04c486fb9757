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
                rows[(name, row["Job"], row["Categories"], row["Method"])] = (mean, row.get("Allocated", "?"))

    jobs = sorted({k[1] for k in rows})
    print("| workload | T | Vector<T> | sweep: loop | FANN | BackpropGen | scalar path | ×loop | ×FANN | inference: loop | FANN | BackpropGen | ×loop | ×FANN | allocated (sweep / inference) |")
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
                width = "512-bit" if "512" in job else "default (256-bit)"
                print(f"| {title} | {precision.lower()} | {width} | {show(loop)} | {show(fann)} | **{show(gen)}** | {show(scalar)} | "
                      f"{ratio(loop, gen)} | {ratio(fann, gen)} | {show(iloop)} | {show(ifann)} | **{show(igen)}** | "
                      f"{ratio(iloop, igen)} | {ratio(ifann, igen)} | {alloc_sweep} / {alloc_inf} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["BenchmarkDotNet.Artifacts/results"])
