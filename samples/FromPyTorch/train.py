#!/usr/bin/python3
"""Trains a small digit classifier in PyTorch and exports it to ONNX for the FromPyTorch sample.

    /usr/bin/python3 train.py        (Debian's python3-torch and python3-sklearn)

Writes digits.onnx (the model: 8x8 image -> 24 tanh units -> 10 softmax outputs, opset 13) and digits-test.csv
(the held-out images the C# program classifies: label, then 64 pixels in [0, 1]). Both are committed, so the
sample builds and runs without Python; run this again only to retrain.
"""
import os

import torch
from sklearn.datasets import load_digits
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(1986)

digits = load_digits()  # 1797 8x8 images of handwritten digits, bundled with scikit-learn
x = torch.tensor(digits.images / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)
train, test = slice(0, 1500), slice(1500, None)

model = nn.Sequential(nn.Flatten(), nn.Linear(64, 24), nn.Tanh(), nn.Linear(24, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(200):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x[train]), y[train])
    loss.backward()
    optimizer.step()

model.eval()
with torch.no_grad():
    accuracy = (model(x[test]).argmax(dim=1) == y[test]).float().mean().item()
print(f"training loss {loss.item():.4f}, held-out accuracy {accuracy:.3f} on {len(y[test])} images")

# The exported graph ends in a softmax, so Forward returns probabilities.
classifier = nn.Sequential(model, nn.Softmax(dim=-1))
torch.onnx.export(classifier, torch.zeros(1, 8, 8), os.path.join(HERE, "digits.onnx"),
                  input_names=["image"], output_names=["probabilities"],
                  dynamic_axes={"image": {0: "batch"}, "probabilities": {0: "batch"}}, opset_version=13)

with open(os.path.join(HERE, "digits-test.csv"), "w") as f:
    for image, label in zip(x[test], y[test]):
        f.write(str(int(label)) + "," + ",".join(f"{v:.4f}" for v in image.reshape(-1).tolist()) + "\n")
print("wrote digits.onnx and digits-test.csv")
