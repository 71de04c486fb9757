"""PyTorch reference for BackpropGen's optimizers (OptimizerReferenceTests reads optimizers.json; no Python at test time).

Run with Debian's python3-torch (1.13):  /usr/bin/python3 optimizers.py > optimizers.json

The net is TorchReferenceNet in tests/BackpropGen.Tests/Networks.cs: 3 inputs -> 4 sigmoid (bias) -> 2 sigmoid (bias),
E = 1/2 sum_c sum_j (y_j,c - d_j,c)^2, all in float64. Parameters are laid out as BackpropGen's: per layer the weights
row by row (torch.nn.Linear's weight, [out, in]), then the biases.

Each run starts from the same initial parameters and records E before each step and the final parameters:
  * full-batch runs: every step uses all 6 cases with E summed (the paper's sweep, GradientScale.Sum);
  * the mini-batch run: batches of 4 in data-set order (cases 0-3, then 4-5), the loss averaged over the batch
    (reduction='mean' of the per-case E, i.e. GradientScale.Mean), 3 epochs.
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)

X = torch.tensor([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0], [0.5, 0.25, 0.0], [0.2, 0.9, 0.4]])
D = torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.3, 0.7], [0.8, 0.1]])

# Initial parameters: a fixed, readable formula (no RNG), in BackpropGen's layout.
N_PARAMS = 4 * 3 + 4 + 2 * 4 + 2
INITIAL = [round(0.5 * math.sin(1.7 * k + 0.3), 6) for k in range(N_PARAMS)]


def make_net():
    hidden = torch.nn.Linear(3, 4)
    output = torch.nn.Linear(4, 2)
    flat = torch.tensor(INITIAL)
    with torch.no_grad():
        hidden.weight.copy_(flat[0:12].reshape(4, 3))
        hidden.bias.copy_(flat[12:16])
        output.weight.copy_(flat[16:24].reshape(2, 4))
        output.bias.copy_(flat[24:26])
    return hidden, output


def flat(hidden, output):
    return torch.cat([hidden.weight.reshape(-1), hidden.bias, output.weight.reshape(-1), output.bias]).tolist()


def error(hidden, output, x, d):
    y = torch.sigmoid(output(torch.sigmoid(hidden(x))))
    return 0.5 * ((y - d) ** 2).sum(dim=1)  # E_c per case


def run(make_optimizer, steps, batch=None, epochs=None):
    hidden, output = make_net()
    opt = make_optimizer(list(hidden.parameters()) + list(output.parameters()))
    errors = []
    if batch is None:
        for _ in range(steps):
            opt.zero_grad()
            e = error(hidden, output, X, D).sum()
            errors.append(e.item())
            e.backward()
            opt.step()
    else:
        for _ in range(epochs):
            total = 0.0
            for start in range(0, X.shape[0], batch):
                opt.zero_grad()
                per_case = error(hidden, output, X[start:start + batch], D[start:start + batch])
                total += per_case.sum().item()
                per_case.mean().backward()
                opt.step()
            errors.append(total)
    return {"errors": errors, "final": flat(hidden, output)}


runs = {
    "adam": run(lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.001), steps=5),
    "adamw": run(lambda p: torch.optim.AdamW(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), steps=5),
    "nesterov": run(lambda p: torch.optim.SGD(p, lr=0.5, momentum=0.9, nesterov=True, weight_decay=0.001), steps=5),
    "momentum": run(lambda p: torch.optim.SGD(p, lr=0.5, momentum=0.9), steps=5),
    "adam_minibatch_mean": run(lambda p: torch.optim.Adam(p, lr=0.05), steps=None, batch=4, epochs=3),
}

print(json.dumps({
    "torch": torch.__version__,
    "inputs": X.reshape(-1).tolist(),
    "targets": D.reshape(-1).tolist(),
    "initial": INITIAL,
    "runs": runs,
}, indent=1))
