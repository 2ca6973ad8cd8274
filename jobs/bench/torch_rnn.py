#!/usr/bin/python3
"""PyTorch baseline for jobs/bench/harness: row-by-row Fashion-MNIST (28 steps of 28 pixels) with the same
architecture, optimizer, minibatch and epochs as the harness's fashion workloads (conf/fashion-mnist.conf with the
tutorial model pinned, see ANCHOR_MODEL in the harness): one LSTM or GRU layer, its
last step into a 10-way softmax, Adam, pixels min-max scaled per pixel column on the training split, 10% of the
training images held out (not trained on), tested on the official 10,000 test images.

Prints one JSON object: per-epoch training examples/s, test accuracy, peak RSS. Run with Debian's python3-torch:
    /usr/bin/python3 jobs/bench/torch_rnn.py --cell lstm --units 128 --epochs 3 --threads 2 --data DIR
"""
import argparse
import gzip
import json
import resource
import struct
import time

import numpy as np
import torch


def idx(path):
    with gzip.open(path, "rb") as f:
        magic, = struct.unpack(">I", f.read(4))
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


class Net(torch.nn.Module):
    def __init__(self, cell, units):
        super().__init__()
        rnn = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
        self.rnn = rnn(28, units, batch_first=True)
        if cell == "lstm":
            # Forget-gate bias 1.0, as seqspark (and DL4J) start: gates are i, f, g, o in PyTorch.
            with torch.no_grad():
                self.rnn.bias_ih_l0[units:2 * units].fill_(1.0)
                self.rnn.bias_hh_l0[units:2 * units].fill_(0.0)
        self.out = torch.nn.Linear(units, 10)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h[:, -1, :])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cell", choices=["lstm", "gru"], default="lstm")
    p.add_argument("--units", type=int, default=128)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--data", default="../shared/data/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    x = idx(f"{a.data}/train-images-idx3-ubyte.gz").astype(np.float32)
    y = idx(f"{a.data}/train-labels-idx1-ubyte.gz").astype(np.int64)
    tx = idx(f"{a.data}/t10k-images-idx3-ubyte.gz").astype(np.float32)
    ty = idx(f"{a.data}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    perm = rng.permutation(len(x))
    train = perm[: int(round(len(x) * 0.9))]
    x, y = x[train], y[train]
    lo = x.min(axis=(0, 1))
    span = np.maximum(x.max(axis=(0, 1)) - lo, 1e-12)
    x = torch.from_numpy((x - lo) / span)
    tx = torch.from_numpy(np.clip((tx - lo) / span, 0, None).astype(np.float32))
    y, ty = torch.from_numpy(y), torch.from_numpy(ty)

    net = Net(a.cell, a.units)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    history = []
    for epoch in range(1, a.epochs + 1):
        order = torch.from_numpy(rng.permutation(len(x)))
        start = time.perf_counter()
        net.train()
        for i in range(0, len(x), a.batch):
            b = order[i:i + a.batch]
            opt.zero_grad()
            loss = loss_fn(net(x[b]), y[b])
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - start
        history.append({"epoch": epoch, "seconds": seconds, "examples_per_second": len(x) / seconds,
                        "train_loss": float(loss)})
    net.eval()
    with torch.no_grad():
        correct = sum(int((net(tx[i:i + 1000]).argmax(1) == ty[i:i + 1000]).sum()) for i in range(0, len(tx), 1000))
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "train_examples": len(x),
                      "history": history, "test_accuracy": correct / len(tx),
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
