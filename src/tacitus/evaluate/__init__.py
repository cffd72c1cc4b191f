"""Measured extraction quality: the CEAF-REE scorer and the MUC-4 evaluation runner."""

from tacitus.evaluate.ceaf import ROLES, Score, normalize, score_corpus, score_document
from tacitus.evaluate.muc4 import Muc4Doc, Report, evaluate, load_split

__all__ = [
    "ROLES",
    "Muc4Doc",
    "Report",
    "Score",
    "evaluate",
    "load_split",
    "normalize",
    "score_corpus",
    "score_document",
]
