#!/usr/bin/python3
"""PyTorch reference for BackpropGen's cross-entropy losses, trained with the paper's momentum rule.

Run with Debian's python3-torch (apt install python3-torch; tested with 1.13):

    /usr/bin/python3 tests/references/softmax_ce_momentum.py

It rewrites tests/references/softmax_ce_momentum.json, which is committed; the test
(tests/BackpropGen.Tests/PyTorchCrossEntropyTests.cs) reads that file, so tests and CI never need Python.

Two networks, both in float64, both a DAG with two hidden layers (the output reads h2 and h1):

    softmax_ce: x[4] -> h1[5] tanh -> h2[4] sigmoid (no bias) -> output[3] softmax  (output <- h2, h1)
                E = -sum_c sum_j d_jc ln y_jc           torch.nn.functional.cross_entropy(reduction="sum")
    sigmoid_bce: x[4] -> h1[5] tanh -> h2[4] sigmoid (no bias) -> output[3] sigmoid (output <- h2, h1)
                E = -sum_c sum_j [d ln y + (1-d) ln(1-y)]  torch.nn.functional.binary_cross_entropy(reduction="sum")
    sigmoid_sse: the same with the paper's E = 1/2 sum_c sum_j (y - d)^2   1/2 torch.nn.functional.mse_loss(reduction="sum")
                (the loss BackpropGen has always had: it checks the reading of this file and the update rule on its own)

E is SUMMED over the cases (BackpropGen's convention); the gradient dE/dw comes from torch.autograd.
The weight change is BackpropGen's (src/BackpropGen/UpdateRule.cs), written out by hand in the same order,
because torch.optim.SGD's weight decay is an L2 term added to the gradient, not the paper's w <- w - lambda w:

    dw(t) = -eps dE/dw(t) + alpha dw(t-1);   w <- w + dw(t);   w <- w - lambda w

Each sweep is one full batch: E and dE/dw at the current weights (E is what TrainBatch returns), then one change.
Parameters are written layout-neutral, per layer: W[j][i] (unit j, source unit i, sources concatenated in
From order) and b[j] (null for a layer without biases).
"""

import json
import os

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20261127
CASES = 12
SWEEPS = 20
LEARNING_RATE = 0.05
MOMENTUM = 0.9
WEIGHT_DECAY = 0.001
INIT_RANGE = 0.8

# name, size, activation, bias, sources (inputs or earlier layers, concatenated in this order)
LAYERS = [
    ("h1", 5, "tanh", True, ["x"]),
    ("h2", 4, "sigmoid", False, ["h1"]),
    ("output", 3, None, True, ["h2", "h1"]),  # the output's activation is the network's: softmax or sigmoid
]
INPUT = ("x", 4)


def make_data(rng):
    inputs = rng.uniform(-1.0, 1.0, size=(CASES, INPUT[1]))
    # Softmax targets are probabilities: one-hot for most cases, a few split between two answers
    # (like a family-trees query with two right answers: 1/2, 1/2).
    softmax_targets = np.zeros((CASES, 3))
    for c in range(CASES):
        if c % 4 == 3:
            softmax_targets[c, c % 3] = 0.5
            softmax_targets[c, (c + 1) % 3] = 0.5
        else:
            softmax_targets[c, c % 3] = 1.0
    # Sigmoid (binary) targets: each output its own yes/no, some soft.
    bce_targets = rng.integers(0, 2, size=(CASES, 3)).astype(np.float64)
    bce_targets[::5, 1] = 0.25
    return inputs, softmax_targets, bce_targets


def fan_in(sources):
    sizes = {INPUT[0]: INPUT[1]}
    for name, size, _, _, _ in LAYERS:
        sizes[name] = size
    return sum(sizes[s] for s in sources)


def make_parameters(rng):
    params = {}
    for name, size, _, bias, sources in LAYERS:
        w = rng.uniform(-INIT_RANGE, INIT_RANGE, size=(size, fan_in(sources)))
        b = rng.uniform(-INIT_RANGE, INIT_RANGE, size=size) if bias else None
        params[name] = (w, b)
    return params


def to_tensors(params):
    return {
        name: (torch.tensor(w, dtype=torch.float64, requires_grad=True),
               None if b is None else torch.tensor(b, dtype=torch.float64, requires_grad=True))
        for name, (w, b) in params.items()
    }


def logits(tensors, x):
    """x_j = sum_i y_i w_ji + b_j for every layer; returns the output layer's net input."""
    units = {INPUT[0]: x}
    out = None
    for name, _, activation, _, sources in LAYERS:
        w, b = tensors[name]
        y_in = torch.cat([units[s] for s in sources], dim=1)
        net = y_in @ w.T
        if b is not None:
            net = net + b
        if activation == "tanh":
            units[name] = torch.tanh(net)
        elif activation == "sigmoid":
            units[name] = torch.sigmoid(net)
        else:
            out = net
    return out


def loss(kind, tensors, x, d):
    z = logits(tensors, x)
    if kind == "softmax_ce":
        # Probability targets (torch >= 1.10); summed over cases.
        return F.cross_entropy(z, d, reduction="sum")
    if kind == "sigmoid_sse":
        return 0.5 * F.mse_loss(torch.sigmoid(z), d, reduction="sum")
    return F.binary_cross_entropy(torch.sigmoid(z), d, reduction="sum")


def train(kind, params, inputs, targets):
    tensors = to_tensors(params)
    x = torch.tensor(inputs, dtype=torch.float64)
    d = torch.tensor(targets, dtype=torch.float64)
    flat = [p for name in tensors for p in tensors[name] if p is not None]
    previous = [torch.zeros_like(p) for p in flat]
    errors = []
    for _ in range(SWEEPS):
        for p in flat:
            p.grad = None
        e = loss(kind, tensors, x, d)
        e.backward()
        errors.append(e.item())
        with torch.no_grad():
            for p, prev in zip(flat, previous):
                # dw(t) = -eps dE/dw(t) + alpha dw(t-1)   (UpdateRule.Apply, same operation order)
                delta = -(LEARNING_RATE * p.grad) + MOMENTUM * prev
                prev.copy_(delta)
                # w <- w + dw(t)
                w = p + delta
                # w <- w - lambda w
                w = w - WEIGHT_DECAY * w
                p.copy_(w)
    with torch.no_grad():
        final_error = loss(kind, tensors, x, d).item()
    final = {name: (w.detach().numpy(), None if b is None else b.detach().numpy()) for name, (w, b) in tensors.items()}
    return errors, final_error, final


def layers_json(params):
    return [
        {"name": name, "W": params[name][0].tolist(), "b": None if params[name][1] is None else params[name][1].tolist()}
        for name, *_ in LAYERS
    ]


def main():
    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(SEED)
    inputs, softmax_targets, bce_targets = make_data(rng)
    initial = make_parameters(rng)

    networks = {}
    for kind, targets in (("softmax_ce", softmax_targets), ("sigmoid_bce", bce_targets), ("sigmoid_sse", bce_targets)):
        errors, final_error, final = train(kind, initial, inputs, targets)
        smallest = min(float(np.min(np.abs(a))) for pair in final.values() for a in pair if a is not None)
        assert smallest > 1e-3, f"{kind}: a final parameter is {smallest}; a relative check needs none near 0"
        networks[kind] = {
            "loss": {"softmax_ce": "CrossEntropy", "sigmoid_bce": "BinaryCrossEntropy", "sigmoid_sse": "SumSquaredError"}[kind],
            "outputActivation": "Softmax" if kind == "softmax_ce" else "Sigmoid",
            "targets": targets.tolist(),
            "errorPerSweep": errors,
            "errorAfterLastSweep": final_error,
            "final": layers_json(final),
        }

    document = {
        "generator": f"tests/references/softmax_ce_momentum.py with torch {torch.__version__}, numpy {np.__version__}, float64",
        "network": {
            "input": {"name": INPUT[0], "size": INPUT[1]},
            "layers": [
                {"name": n, "size": s, "activation": a or "see networks.*.outputActivation", "bias": bias, "from": src}
                for n, s, a, bias, src in LAYERS
            ],
        },
        "errorIsSummedOverCases": True,
        "learningRate": LEARNING_RATE,
        "momentum": MOMENTUM,
        "weightDecay": WEIGHT_DECAY,
        "sweeps": SWEEPS,
        "inputs": inputs.tolist(),
        "initial": layers_json(initial),
        "networks": networks,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "softmax_ce_momentum.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    for kind, net in networks.items():
        print(kind, "E:", net["errorPerSweep"][0], "->", net["errorPerSweep"][-1])


if __name__ == "__main__":
    main()
