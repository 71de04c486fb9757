#!/usr/bin/python3
"""Makes the committed ONNX files the import tests read, and PyTorch's outputs for them.

Run with Debian's PyTorch (python3-torch 1.13): /usr/bin/python3 make_models.py
Writes, next to this script, NAME.onnx and NAME.json for each model below. The JSON holds 20 input
cases per graph input (each case flattened, in the graph's input order) and PyTorch's outputs for them.
The tests never run Python: they read these files.
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(12)


def export(name, model, example_inputs, input_names, opset, dynamic=True, cases=20):
    model.eval()
    dynamic_axes = {n: {0: "batch"} for n in input_names + ["output"]} if dynamic else None
    path = os.path.join(HERE, name + ".onnx")
    torch.onnx.export(model, tuple(example_inputs), path, input_names=input_names, output_names=["output"],
                      opset_version=opset, dynamic_axes=dynamic_axes, do_constant_folding=True)
    gen = torch.Generator().manual_seed(len(name))
    shape_of = [tuple(e.shape[1:]) for e in example_inputs]
    inputs = [torch.rand((cases,) + s, generator=gen, dtype=example_inputs[0].dtype) * 2 - 1 for s in shape_of]
    with torch.no_grad():
        if dynamic:
            outputs = model(*inputs)
        else:
            outputs = torch.cat([model(*[i[c:c + 1] for i in inputs]) for c in range(cases)])
    reference = {
        "model": name + ".onnx",
        "opset": opset,
        "inputs": {n: i.reshape(cases, -1).double().tolist() for n, i in zip(input_names, inputs)},
        "outputs": outputs.reshape(cases, -1).double().tolist(),
    }
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(reference, f, indent=1)
    print(name, "opset", opset, "written")


def train(model, x, y, loss, steps, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        e = loss(model(x), y)
        e.backward()
        optimizer.step()
    return float(e)


# The XOR net: 2-4-1 sigmoid, no dynamic batch (a fixed batch of 1, as a plain export gives), opset 11.
xor = nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 1), nn.Sigmoid())
X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
Y = torch.tensor([[0.], [1.], [1.], [0.]])
print("xor loss", train(xor, X, Y, nn.MSELoss(), 2000, 0.05))
export("xor", xor, [torch.zeros(1, 2)], ["x"], opset=11, dynamic=False)

# A 64-32-10 softmax classifier of 8x8 digits (scikit-learn's bundled digits), input [batch, 8, 8] flattened.
from sklearn.datasets import load_digits  # noqa: E402
digits = load_digits()
DX = torch.tensor(digits.images / 16.0, dtype=torch.float32)
DY = torch.tensor(digits.target)
classifier = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 10))
print("digits loss", train(classifier, DX, DY, nn.CrossEntropyLoss(), 300, 0.01))
export("classifier", nn.Sequential(classifier, nn.Softmax(dim=-1)), [torch.zeros(1, 8, 8)], ["image"], opset=13)


# Two inputs read through Concat (as the family-trees net reads person and relation).
class TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(7, 5)
        self.out = nn.Linear(5, 2)

    def forward(self, person, relation):
        return torch.sigmoid(self.out(torch.tanh(self.hidden(torch.cat([person, relation], dim=1)))))


export("concat", TwoInputs(), [torch.zeros(1, 3), torch.zeros(1, 4)], ["person", "relation"], opset=13)

# nn.Linear on a 2-D input exports as Gemm (transB = 1); ReLU and an Identity output layer; opset 17.
gemm = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
export("gemm", gemm, [torch.zeros(1, 6)], ["x"], opset=17)


# x @ W + b written out exports as MatMul + Add; the input [batch, 2, 3] reshaped to [batch, 6].
class MatMulAdd(nn.Module):
    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(6, 4) * 0.5)
        self.b1 = nn.Parameter(torch.randn(4) * 0.5)
        self.w2 = nn.Parameter(torch.randn(4, 2) * 0.5)
        self.b2 = nn.Parameter(torch.randn(2) * 0.5)

    def forward(self, x):
        h = torch.tanh(x.reshape(-1, 6) @ self.w1 + self.b1)
        return self.b2 + h @ self.w2


export("matmul", MatMulAdd(), [torch.zeros(1, 2, 3)], ["x"], opset=13)

# Double initializers: the Gemm net in float64.
export("gemm_double", nn.Sequential(nn.Linear(6, 5), nn.Sigmoid(), nn.Linear(5, 3)).double(),
       [torch.zeros(1, 6, dtype=torch.float64)], ["x"], opset=15)
