"""The labelled texts the gate is trained and measured on, read at run time.

Training (``training_set``):
- MUC-4 train: a document with at least one filled role reports an incident (relevant); one
  with none is a hard negative, still Latin American politics and often violence talked about.
- ``data/violent.txt`` and ``data/offtopic.txt``: text written for tacitus in coder and wire
  styles, and news with no political violence (sport, business, disasters, peaceful politics).
- The Lee corpus of ABC news shipped in the gensim wheel, labelled in ``data/lee_labels.yaml``.
- Software documentation (``docs_examples``): the docstrings of the Python standard library's
  own modules, read from their source with ``ast`` (nothing is imported) and cut into pieces of
  about 150 words; off-topic text full of "kill", "execute", "target" and "attack" in their
  technical senses. Not the installed packages' metadata descriptions nor the reference
  manual's topics (``pydoc_data``): those are the off-topic half of ``benchmarks/stream.py``.

Measurement (``muc4_split``, ``coder_records``): MUC-4 dev, coder_dev and the repository's
coder-style sets. None of those is ever part of training.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from tacitus.datafiles import read_yaml
from tacitus.errors import DataFileError, DataUnavailable
from tacitus.evaluate.muc4 import load_split

DATA = Path(__file__).with_name("data")
LEE_LABELS = DATA / "lee_labels.yaml"


@dataclass(frozen=True)
class Example:
    text: str
    relevant: bool
    source: str  # where it came from: "muc4:TST1-MUC3-0001", "own:violent:3", "lee:lee.cor:14"


def own_texts(name: str) -> list[str]:
    """The documents of ``data/{name}.txt``: one per paragraph, ``#`` lines are comments."""
    path = DATA / f"{name}.txt"
    if not path.is_file():
        raise DataFileError(f"{path}: data file not found")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    docs = [" ".join(p.split()) for p in "\n".join(lines).split("\n\n") if p.strip()]
    if not docs:
        raise DataFileError(f"{path}: no documents")
    return docs


def own_examples() -> list[Example]:
    return [Example(t, True, f"own:violent:{i}") for i, t in enumerate(own_texts("violent"))] + [
        Example(t, False, f"own:offtopic:{i}") for i, t in enumerate(own_texts("offtopic"))]


def muc4_split(data_dir: Path | str, split: str) -> list[Example]:
    """A MUC-4 split, each document relevant when it fills at least one role."""
    path = Path(data_dir) / f"{split}.jsonl"
    if not path.is_file():
        raise DataUnavailable(f"MUC-4 {split} split not found: {path}")
    return [Example(d.text, any(d.gold.values()), f"muc4:{d.docid}") for d in load_split(data_dir, split)]


def coder_records(path: Path | str) -> list[Example]:
    """Coder-style records (coder_dev's format): relevant unless the gold says ``event: false``."""
    path = Path(path)
    if not path.is_file():
        raise DataUnavailable(f"coder records not found: {path}")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append(Example(r["text"], bool(r["gold"].get("event", True)), f"coder:{r['id']}"))
    return out


def lee_dir() -> Path:
    """gensim's test data folder, found without importing gensim."""
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise DataUnavailable("the Lee corpus comes with gensim: pip install -c constraints.txt -e '.[train]'")
    return Path(next(iter(spec.submodule_search_locations))) / "test" / "test_data"


def lee_examples(folder: Path | None = None) -> list[Example]:
    """The Lee news items with their labels; the left-out ones are skipped."""
    folder = folder or lee_dir()
    labels = read_yaml(LEE_LABELS)
    out = []
    for name, marks in labels.items():
        path = folder / name
        if not path.is_file():
            raise DataUnavailable(f"Lee corpus file not found: {path}")
        lines = path.read_text(encoding="latin-1").splitlines()  # the files are Latin-1
        violent, left_out = set(marks["violent"]), set(marks["left_out"])
        bad = sorted(i for i in violent | left_out if not 0 <= i < len(lines)) + sorted(violent & left_out)
        if bad:
            raise DataFileError(f"{LEE_LABELS}: {name}: lines out of range or labelled twice: {bad}")
        out += [Example(t, i in violent, f"lee:{name}:{i}")
                for i, t in enumerate(lines) if t.strip() and i not in left_out]
    return out


DOCS_WORDS = 150  # words per piece of documentation, as an article's worth
DOCS_MAX = 1500  # pieces kept (every k-th, in a stable order): beside ~1,800 other texts
# stdlib folders left out: the reference manual's topics (the stream benchmark's text), tests
# (test data, not prose) and vendored third-party code
_DOCS_SKIP = {"pydoc_data", "test", "tests", "site-packages", "dist-packages", "idlelib", "lib2to3"}


def _docstrings(path: Path) -> list[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return []
    nodes = [tree, *(n for n in ast.walk(tree)
                     if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)))]
    return [d for d in (ast.get_docstring(n) for n in nodes) if d]


def docs_texts(root: Path | None = None, words: int = DOCS_WORDS, limit: int = DOCS_MAX) -> list[str]:
    """Pieces of about ``words`` words of the standard library's docstrings (see the module
    docstring), paragraphs kept whole, deduplicated, at most ``limit`` of them."""
    root = Path(root or sysconfig.get_paths()["stdlib"])
    seen, out = set(), []
    for path in sorted(root.rglob("*.py")):
        if _DOCS_SKIP & set(path.relative_to(root).parts[:-1]):
            continue
        piece: list[str] = []
        for doc in _docstrings(path):
            for p in re.split(r"\n\s*\n", doc):
                if len(p.split()) < 8:
                    continue
                piece.append(" ".join(p.split()))
                if sum(len(x.split()) for x in piece) >= words:
                    text = "\n\n".join(piece)
                    if text not in seen:
                        seen.add(text)
                        out.append(text)
                    piece = []
    step = max(1, -(-len(out) // limit))
    return out[::step][:limit]


def docs_examples(root: Path | None = None) -> list[Example]:
    texts = docs_texts(root)
    if not texts:
        raise DataUnavailable("no standard-library docstrings found")
    return [Example(t, False, f"docs:{i}") for i, t in enumerate(texts)]


def training_set(muc4_dir: Path | str, lee: bool = True, docs: bool = True) -> list[Example]:
    """Everything the gate learns from (see the module docstring)."""
    return (muc4_split(muc4_dir, "train") + own_examples() + (lee_examples() if lee else [])
            + (docs_examples() if docs else []))
