"""The lab's CIFAR-style ResNet (basic blocks, no max-pool) with torchvision's names; every
width is read from the tensors' shapes, so compacted exports (narrower convs) load too."""
from typing import Dict, Optional

import torch
from torch import nn
import torch.nn.functional as F

OFFSET = "removed_input_offset"


class Conv(nn.Conv2d):
    """A bias-free conv; a compacted conv2 may carry the constant its removed inputs added."""

    def __init__(self, weight: torch.Tensor, stride: int, offset: Optional[torch.Tensor] = None):
        out, inp, k, _ = weight.shape
        super().__init__(inp, out, k, stride=stride, padding=(k - 1) // 2, bias=False)
        if offset is not None:
            self.register_buffer(OFFSET, torch.zeros_like(offset))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = super().forward(x)
        offset = getattr(self, OFFSET, None)
        return y if offset is None else y + offset


def _bn(state: Dict[str, torch.Tensor], name: str) -> nn.BatchNorm2d:
    return nn.BatchNorm2d(state[f"{name}.weight"].shape[0], eps=1e-5)


class BasicBlock(nn.Module):
    def __init__(self, state: Dict[str, torch.Tensor], name: str, stride: int):
        super().__init__()
        get = lambda key: state.get(f"{name}.{key}")  # noqa: E731
        self.conv1 = Conv(get("conv1.weight"), stride)
        self.bn1 = _bn(state, f"{name}.bn1")
        self.conv2 = Conv(get("conv2.weight"), 1, get(f"conv2.{OFFSET}"))
        self.bn2 = _bn(state, f"{name}.bn2")
        self.downsample = None
        if get("downsample.0.weight") is not None:
            self.downsample = nn.Sequential(Conv(get("downsample.0.weight"), stride), _bn(state, f"{name}.downsample.1"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class LabResNet(nn.Module):
    def __init__(self, state: Dict[str, torch.Tensor]):
        super().__init__()
        self.conv1 = Conv(state["conv1.weight"], 1)
        self.bn1 = _bn(state, "bn1")
        for stage in (1, 2, 3):
            count = len({k.split(".")[1] for k in state if k.startswith(f"layer{stage}.")})
            # The first block of stages 2 and 3 halves the resolution.
            blocks = [BasicBlock(state, f"layer{stage}.{b}", 2 if stage > 1 and b == 0 else 1) for b in range(count)]
            setattr(self, f"layer{stage}", nn.Sequential(*blocks))
        self.fc = nn.Linear(state["fc.weight"].shape[1], state["fc.weight"].shape[0])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(x.mean(dim=(2, 3)))
