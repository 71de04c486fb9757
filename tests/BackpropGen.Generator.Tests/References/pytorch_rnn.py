#!/usr/bin/python3
"""Reference trajectory for RecurrentTests.MatchesPyTorchRnnTrajectory (run once, output committed).

An Elman net, x (2) -> h (3, tanh, recurrent) -> y (1, sigmoid) at every one of T = 4 steps, built from
torch.nn.RNN (tanh) and torch.nn.Linear + sigmoid, in float64. E = 1/2 sum over cases, steps and outputs of
(y - d)^2 (the paper's error, summed). Full-batch sweeps; the weights change by hand with the paper's rule,
as BackpropGen's UpdateRule does: dw(t) = -eps dE/dw + alpha dw(t-1); w <- w + dw(t).
nn.RNN has two biases (b_ih + b_hh); BackpropGen has one, so b_hh is held at 0 and not trained.

Run with Debian's python3-torch:  /usr/bin/python3 pytorch_rnn.py > pytorch_rnn.json
"""
import json

import torch

torch.manual_seed(1986)
T, I, H, O, CASES = 4, 2, 3, 1, 6
EPS, ALPHA, SWEEPS = 0.1, 0.9, 60

rnn = torch.nn.RNN(I, H, nonlinearity="tanh", batch_first=True).double()
out = torch.nn.Linear(H, O).double()
with torch.no_grad():
    for p in list(rnn.parameters()) + list(out.parameters()):
        p.uniform_(-0.5, 0.5)
    rnn.bias_hh_l0.zero_()
rnn.bias_hh_l0.requires_grad_(False)

inputs = torch.rand(CASES, T, I, dtype=torch.float64) * 2 - 1
targets = torch.rand(CASES, T, O, dtype=torch.float64)
params = [rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, out.weight, out.bias]


def layout():
    """The parameters in BackpropGen's order: per h unit j, w_ih[j, :] then w_hh[j, :]; then b_h; then w_out, b_out."""
    values = []
    for j in range(H):
        values += rnn.weight_ih_l0[j].tolist() + rnn.weight_hh_l0[j].tolist()
    values += rnn.bias_ih_l0.tolist()
    values += out.weight.reshape(-1).tolist() + out.bias.tolist()
    return values


initial = layout()
previous = [torch.zeros_like(p) for p in params]
errors = []
for sweep in range(SWEEPS):
    for p in params:
        p.grad = None
    states, _ = rnn(inputs)                 # h_t for every step, h_(-1) = 0
    y = torch.sigmoid(out(states))
    error = 0.5 * ((y - targets) ** 2).sum()
    error.backward()
    errors.append(error.item())
    with torch.no_grad():
        for p, d in zip(params, previous):
            d.mul_(ALPHA).add_(-EPS * p.grad)
            p.add_(d)

print(json.dumps({
    "description": "torch.nn.RNN tanh 2->3 + Linear+sigmoid 3->1 per step, T=4, 6 cases, float64, E = 1/2 sum (y-d)^2, full batch, eps 0.1, alpha 0.9, b_hh fixed at 0",
    "torch": torch.__version__,
    "timeSteps": T, "learningRate": EPS, "momentum": ALPHA,
    "inputs": inputs.reshape(CASES, -1).tolist(),
    "targets": targets.reshape(CASES, -1).tolist(),
    "initialParameters": initial,
    "errors": errors,
    "finalParameters": layout(),
}, indent=1))
