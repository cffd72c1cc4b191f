"""MUC-4 (GRIT's processed form): load a split, run an extractor over it, score with CEAF-REE."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tacitus.evaluate.ceaf import ROLES, Score, score_corpus

SPLITS = ("train", "dev", "test")  # test.jsonl is held back; scored when it is present

# text -> role -> entities, each entity the list of its mention strings as they appear in text
Extractor = Callable[[str], dict[str, list[list[str]]]]


@dataclass(frozen=True)
class Muc4Doc:
    docid: str
    text: str
    gold: dict[str, list[list[str]]]  # role -> entities -> mention strings
    spans: dict[str, list[list[tuple[int, int]]]]  # the same, as character spans


@dataclass
class Report:
    score: Score
    predictions: dict[str, dict[str, list[list[str]]]]
    seconds: float

    @property
    def docs_per_second(self) -> float:
        return len(self.predictions) / self.seconds if self.seconds else float("inf")


def split_path(data_dir: Path | str, split: str) -> Path:
    if split not in SPLITS:
        raise ValueError(f"unknown MUC-4 split {split!r}; expected one of {SPLITS}")
    return Path(data_dir) / f"{split}.jsonl"


def parse_doc(record: dict) -> Muc4Doc:
    gold: dict[str, list[list[str]]] = {}
    spans: dict[str, list[list[tuple[int, int]]]] = {}
    for role in ROLES:
        entities = record.get("extracts", {}).get(role, [])
        gold[role] = [[m for m, _ in ent] for ent in entities]
        spans[role] = [[(o, o + len(m)) for m, o in ent] for ent in entities]
    return Muc4Doc(record["docid"], record["doctext"], gold, spans)


def load_split(data_dir: Path | str, split: str, limit: int | None = None) -> list[Muc4Doc]:
    """The documents of `split` in file order (the first `limit` of them when given)."""
    docs = []
    with split_path(data_dir, split).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(parse_doc(json.loads(line)))
                if limit is not None and len(docs) >= limit:
                    break
    return docs


def _clean(prediction: dict) -> dict[str, list[list[str]]]:
    """Every role present, entities as lists of strings, empty entities dropped."""
    return {r: [list(e) for e in prediction.get(r, []) if e] for r in ROLES}


def evaluate(
    extractor: Extractor,
    docs: Sequence[Muc4Doc],
    out: Path | str | None = None,
    show: bool = True,
    console: Console | None = None,
) -> Report:
    """Run `extractor` on each document, score against gold, optionally write and print."""
    predictions: dict[str, dict[str, list[list[str]]]] = {}
    start = time.perf_counter()
    for doc in docs:
        predictions[doc.docid] = _clean(extractor(doc.text))
    seconds = time.perf_counter() - start
    score = score_corpus(predictions, {d.docid: d.gold for d in docs})
    report = Report(score, predictions, seconds)
    if out is not None:
        write_predictions(predictions, out)
    if show:
        print_report(report, console or Console())
    return report


def write_predictions(predictions: dict, out: Path | str) -> None:
    Path(out).write_text(json.dumps(predictions, indent=1, ensure_ascii=False) + "\n")


def score_table(score: Score, title: str = "MUC-4 CEAF-REE (strict)") -> Table:
    table = Table(title=title)
    for col in ("role", "P", "R", "F1", "matched", "predicted", "gold"):
        table.add_column(col, justify="left" if col == "role" else "right")
    rows: Iterable = [*score.roles.items(), ("micro", score.micro)]
    for name, c in rows:
        table.add_row(
            name,
            f"{100 * c.precision:.1f}",
            f"{100 * c.recall:.1f}",
            f"{100 * c.f1:.1f}",
            str(c.matched),
            str(c.predicted),
            str(c.gold),
            style="bold" if name == "micro" else None,
        )
    return table


def print_report(report: Report, console: Console) -> None:
    console.print(score_table(report.score))
    console.print(
        f"{len(report.predictions)} documents in {report.seconds:.1f} s "
        f"({report.docs_per_second:.1f} docs/s)"
    )
