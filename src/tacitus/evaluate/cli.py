"""`tacitus eval muc4`: score an extractor on MUC-4 with CEAF-REE (strict)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console

from tacitus.config import Settings
from tacitus.evaluate.muc4 import Extractor, evaluate, load_split, split_path


def _model_extractor(data_dir: Path) -> Extractor:
    from tacitus.roles import RoleTagger, RoleModelMissing

    try:
        tagger = RoleTagger.load()
    except RoleModelMissing as exc:
        raise click.ClickException(str(exc)) from None
    return tagger.extract


def _pipeline_extractor(data_dir: Path) -> Extractor:
    try:
        from tacitus.pipeline import extract_roles  # provided by the extraction pipeline
    except ImportError:
        click.echo(
            "warning: tacitus.pipeline.extract_roles is not available yet; "
            "scoring the learned role model (--extractor model) instead",
            err=True,
        )
        return _model_extractor(data_dir)
    return extract_roles


def _lexicon_extractor(data_dir: Path) -> Extractor:
    from tacitus.roles.lexicon import LexiconExtractor

    return LexiconExtractor.fit(load_split(data_dir, "train"))


# name -> factory(data_dir); factories run only when chosen, so heavy imports stay lazy.
# "lexicon" is the memorising baseline fitted on the train split.
EXTRACTORS: dict[str, Callable[[Path], Extractor]] = {
    "model": _model_extractor,
    "pipeline": _pipeline_extractor,
    "lexicon": _lexicon_extractor,
}


@click.command("muc4")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="MUC-4 directory with train.jsonl and dev.jsonl [default: ../shared/data/muc4].",
)
@click.option("--split", type=click.Choice(["dev", "train", "test"]), default="dev", show_default=True,
              help="which SPLIT.jsonl of the data directory to score (test when it is present)")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N documents.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write predictions as JSON {docid: {role: [[mention, ...], ...]}}.")
@click.option("--extractor", "extractor_name", type=click.Choice(sorted(EXTRACTORS)),
              default="pipeline", show_default=True, help="What produces the role fillers.")
@click.option("--gate/--no-gate", default=None,
              help="The pipeline extractor's relevance gate (default: on, or $TACITUS_GATE).")
def muc4_command(
    data_dir: Path | None, split: str, limit: int | None, out: Path | None, extractor_name: str,
    gate: bool | None,
) -> None:
    """Score role extraction on MUC-4 (CEAF-REE strict, per role and micro)."""
    data_dir = data_dir or Settings.from_env().muc4_dir
    path = split_path(data_dir, split)
    if not path.is_file():
        raise click.ClickException(f"MUC-4 data not found: {path} (pass --data DIR)")
    docs = load_split(data_dir, split, limit)
    extractor = EXTRACTORS[extractor_name](data_dir)
    if extractor_name == "pipeline" and gate is not None:
        settings = Settings.from_env(gate=gate)
        base = extractor
        extractor = lambda text: base(text, settings)  # noqa: E731
    evaluate(extractor, docs, out=out, console=Console())
    if out is not None:
        click.echo(f"predictions written to {out}")
