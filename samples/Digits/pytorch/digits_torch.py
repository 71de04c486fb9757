"""The Digits sample's network trained by PyTorch on the same split, for comparison (no Python at build or test time).

Run with Debian's python3-torch (1.13) from the repository root:
    /usr/bin/python3 samples/Digits/pytorch/digits_torch.py > samples/Digits/pytorch/digits_torch.json

Same data (samples/Digits/digits.csv.gz, pixels / 16), same split (BackpropGen's DataSplit.Stratified, seed 2026, 20 %
test: SplitMix64 + Fisher-Yates transcribed below, checked by DigitsTests against the C# split through test_indices),
same net (64 -> 32 tanh -> 10 softmax, cross-entropy averaged over the batch), Adam lr 0.005, batches of 32 shuffled
each epoch, 60 epochs, float32. PyTorch's own initialisation and shuffling (seeded by torch.manual_seed), five seeds.
"""
import gzip
import json
import math
import os

import torch

MASK = (1 << 64) - 1


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def shuffle(n, seed, epoch):
    """BackpropGen's CaseOrder.Shuffle."""
    order = list(range(n))
    state = seed ^ ((epoch * 0xD1B54A32D192ED03) & MASK)
    _, state = splitmix(state)
    for i in range(n - 1, 0, -1):
        state, z = splitmix(state)
        j = (z * (i + 1)) >> 64
        order[i], order[j] = order[j], order[i]
    return order


def stratified_test_indices(labels, fraction, seed):
    """BackpropGen's DataSplit.StratifiedTestMask: ceil(N f) test cases, floor(n_c f) per class, the rest by largest remainder."""
    members = [[k for k, label in enumerate(labels) if label == c] for c in range(10)]
    total = math.ceil(len(labels) * fraction - 1e-9)
    share = [math.floor(len(m) * fraction) for m in members]
    remainder = [len(m) * fraction - s for m, s in zip(members, share)]
    total -= sum(share)
    while total > 0:
        most = -1
        for c in range(10):
            if share[c] < len(members[c]) and (most < 0 or remainder[c] > remainder[most]):
                most = c
        share[most] += 1
        remainder[most] = -1
        total -= 1
    test = []
    for c in range(10):
        order = shuffle(len(members[c]), seed, c)
        test += [members[c][order[k]] for k in range(share[c])]
    return sorted(test)


here = os.path.dirname(os.path.abspath(__file__))
rows = [list(map(int, line.split(","))) for line in gzip.open(os.path.join(here, "..", "digits.csv.gz"), "rt") if line.strip()]
labels = [r[64] for r in rows]
x = torch.tensor([r[:64] for r in rows], dtype=torch.float32) / 16
y = torch.tensor(labels)
test_indices = stratified_test_indices(labels, 0.2, 2026)
is_test = torch.zeros(len(rows), dtype=torch.bool)
is_test[test_indices] = True
x_train, y_train, x_test, y_test = x[~is_test], y[~is_test], x[is_test], y[is_test]

accuracies = []
for seed in range(5):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.Tanh(), torch.nn.Linear(32, 10))
    opt = torch.optim.Adam(net.parameters(), lr=0.005)
    loss = torch.nn.CrossEntropyLoss()
    for epoch in range(60):
        perm = torch.randperm(len(x_train))
        for start in range(0, len(perm), 32):
            batch = perm[start:start + 32]
            opt.zero_grad()
            loss(net(x_train[batch]), y_train[batch]).backward()
            opt.step()
    with torch.no_grad():
        accuracies.append((net(x_test).argmax(1) == y_test).float().mean().item())

print(json.dumps({
    "torch": torch.__version__,
    "train": len(x_train),
    "test": len(x_test),
    "test_accuracies": accuracies,
    "test_indices": test_indices,
}))
