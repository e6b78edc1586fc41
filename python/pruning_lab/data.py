"""The images a checkpoint's test split points into: mnist.bin (the lab's embedded digits) or an
IDX / CIFAR binary test file. Returns uint8 images [N, H, W, C] and labels [N]."""
import gzip
import struct

import numpy as np


def _bytes(path: str) -> bytes:
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def read_mnist_bin(path: str):
    data = _bytes(path)
    if data[:4] != b"PLMN":
        raise ValueError(f"{path}: not a Pruning Lab mnist.bin")
    count, rows, cols = struct.unpack_from("<IBB", data, 4)
    labels = np.frombuffer(data, np.uint8, count, 10)
    images = np.frombuffer(data, np.uint8, count * rows * cols, 10 + count).reshape(count, rows, cols, 1)
    return images, labels


def read_idx(path: str) -> np.ndarray:
    data = _bytes(path)
    dims = data[3]
    shape = struct.unpack_from(">" + "I" * dims, data, 4)
    return np.frombuffer(data, np.uint8, int(np.prod(shape)), 4 + 4 * dims).reshape(shape)


def read_cifar(path: str, label_bytes: int):
    data = np.frombuffer(_bytes(path), np.uint8)
    records = data.reshape(-1, label_bytes + 3072)
    images = records[:, label_bytes:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), records[:, label_bytes - 1]


def read_pool(paths, source: str):
    """(images, labels) the test indices point into. source: "mnist.bin" or "test-file"."""
    if source == "mnist.bin":
        return read_mnist_bin(paths[0])
    idx = [p for p in paths if _bytes(p)[2] == 0x08 and _bytes(p)[:2] == b"\x00\x00"]
    if len(idx) == 2:
        arrays = sorted((read_idx(p) for p in idx), key=lambda a: a.ndim)
        labels, images = arrays
        return (images[..., None] if images.ndim == 3 else images), labels
    label_bytes = 2 if any("100" in p or p.endswith("test.bin") for p in paths) else 1
    return read_cifar(paths[0], label_bytes)
