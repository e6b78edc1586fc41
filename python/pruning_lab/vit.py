"""The lab's ViT in plain PyTorch, with timm's VisionTransformer state-dict names. Each block's
head and MLP-neuron counts come from its tensors' shapes, so compacted exports load too."""
from typing import Dict

import torch
from torch import nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int, head_dim: int):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        # Called with the softmax [batch, heads, tokens, tokens] on each forward when set.
        self.attention_sink = None
        self.qkv = nn.Linear(dim, 3 * heads * head_dim)
        self.proj = nn.Linear(heads * head_dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        if self.heads == 0:  # every head cut: only proj's bias is left
            return self.proj.bias.expand(b, n, -1)
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        attn = (q @ k.transpose(-2, -1) * self.head_dim**-0.5).softmax(dim=-1)
        if self.attention_sink is not None:
            self.attention_sink(attn)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, self.heads * self.head_dim))


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.fc1.out_features == 0:
            return self.fc2.bias.expand(*x.shape[:-1], -1)
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, head_dim: int, hidden: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads, head_dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, hidden)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, channels: int, dim: int, patch: int):
        super().__init__()
        self.proj = nn.Conv2d(channels, dim, patch, stride=patch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)


class LabViT(nn.Module):
    """Class-token ViT, pre-norm blocks; input [N, C, H, W]."""

    def __init__(self, state: Dict[str, torch.Tensor], num_heads: int, patch: int):
        super().__init__()
        dim = state["cls_token"].shape[-1]
        head_dim = dim // num_heads
        channels = state["patch_embed.proj.weight"].shape[1]
        depth = len({k.split(".")[1] for k in state if k.startswith("blocks.")})
        self.patch_embed = PatchEmbed(channels, dim, patch)
        self.cls_token = nn.Parameter(torch.zeros_like(state["cls_token"]))
        self.pos_embed = nn.Parameter(torch.zeros_like(state["pos_embed"]))
        self.blocks = nn.Sequential(
            *[
                Block(
                    dim,
                    state[f"blocks.{i}.attn.qkv.weight"].shape[0] // (3 * head_dim),
                    head_dim,
                    state[f"blocks.{i}.mlp.fc1.weight"].shape[0],
                )
                for i in range(depth)
            ]
        )
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, state["head.weight"].shape[0])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(x)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        x = self.norm(self.blocks(x))
        return self.head(x[:, 0])


def timm_vit(state: Dict[str, torch.Tensor], config: dict, hwc) -> nn.Module:
    """timm's VisionTransformer of the same shape (dense models only: timm has one head count for all blocks)."""
    from timm.models.vision_transformer import VisionTransformer

    m = config["model"]
    return VisionTransformer(
        img_size=(hwc[0], hwc[1]),
        patch_size=m["patchSize"],
        in_chans=hwc[2],
        num_classes=state["head.weight"].shape[0],
        embed_dim=m["embedDim"],
        depth=m["depth"],
        num_heads=m["numHeads"],
        mlp_ratio=m["mlpRatio"],
        qkv_bias=True,
        class_token=True,
        global_pool="token",
    )
