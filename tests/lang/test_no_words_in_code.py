"""No English word list is written in the code of the stages: they read their words from the
language pack (``tacitus/lang/<code>/*.yaml``), so that a second language is one folder.

An AST scan of ``src/tacitus/{extract,resolve,clean}`` finds word lists: a set, list, tuple or
dict literal (a dict by its keys), or a ``"...".split()`` string, holding ``MIN_WORDS`` or more
lower-case words; and a string constant (a regular expression, f-strings included) whose
alternatives (``a|b|c``) are ``MIN_WORDS`` or more such words. What is found and is not
vocabulary (dependency labels, field and column names, enum values, HTML) is allowed below, each
with its reason; anything else fails the test with the place to move it from.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tacitus"
SCANNED = ("extract", "resolve", "clean")
MIN_WORDS = 5
WORD = re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}")  # a word or a short phrase, lower case
# regular-expression syntax around an alternative: "(?:", "\b", "^", ")?", "\s+" ...
_REGEX_EDGE = re.compile(r"^(?:\(\?:|\(\?P<\w+>|\(|\\b|\^|\\s[+*]?|\s)+|(?:\)[?*+]?|\\b|\$|\\s[+*]?|\s)+$")

# (file under src/tacitus, first word found) -> why the literal is not vocabulary, or why it stays
ALLOWED: dict[tuple[str, str], str] = {
    # spaCy's dependency labels and the names of the records' fields: the parse's and the store's
    # vocabulary, the same in every language
    ("extract/slots/casualties/phrases.py", "conj"): "spaCy dependency labels",
    ("extract/slots/casualties/predicates.py", "oprd"): "spaCy dependency labels",
    ("extract/slots/casualties/phrases.py", "appos"): "spaCy dependency labels",
    ("extract/triggers.py", "oprd"): "spaCy dependency labels",
    ("extract/slots/actors.py", "ccomp"): "spaCy dependency labels",
    ("extract/slots/place.py", "venue"): "place precisions (models.PLACE_PRECISIONS)",
    ("resolve/features.py", "venue"): "place precisions (models.PLACE_PRECISIONS)",
    ("resolve/features.py", "day"): "date precisions (models.DATE_PRECISIONS)",
    ("resolve/features.py", "date"): "the fields a score is explained by",
    ("resolve/summary.py", "venue"): "place precisions (models.PLACE_PRECISIONS)",
    ("resolve/incidents.py", "events"): "the keys of the graph dict the graph exports read",
    ("resolve/summary.py", "day"): "date precisions (models.DATE_PRECISIONS)",
    ("resolve/summary.py", "low"): "the names of an incident's toll estimates",
    ("resolve/summary.py", "type"): "incident columns",
    ("resolve/summary.py", "source"): "incident columns",
    ("resolve/summary.py", "event"): "incident columns",
    ("resolve/incidents.py", "id"): "incident columns",
    ("resolve/review.py", "kind"): "review item fields",
    ("clean/html.py", "script"): "HTML tag names",
    ("clean/html.py", "p"): "HTML tag names",
    ("clean/html.py", "sitename"): "trafilatura metadata fields",
    ("clean/html.py", "credit"): "CSS class and itemprop hints of page markup, not words of a text",
    ("clean/html.py", "standfirst"): "CSS class and itemprop hints of page markup, not words of a text",
    # vocabulary that stays for now, and why
    ("extract/slots/targets.py", "kill"):
        "killing verbs of the target slot: the lead engineer's file, to move when it is quiet",
    ("resolve/places.py", "just"):
        "place lead-ins ('near', 'the town of', 'northern'): geography, which belongs to geo/data "
        "with the geo package's own loader, and geo is being changed on its own branch",
}


def _strings(node: ast.AST) -> list[str]:
    """The string constants a literal holds (a dict: its keys; "a b c".split(): its words)."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = [k for k in node.keys if k is not None]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
        return node.func.value.value.split()
    else:
        return []
    return [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]


def _alternatives(text: str) -> list[str]:
    """The words among the alternatives of a regular expression: "(?:on|in|at)" -> on, in, at."""
    if "|" not in text:
        return []
    out = []
    for piece in text.split("|"):
        bare = _REGEX_EDGE.sub("", piece)
        if WORD.fullmatch(bare):
            out.append(bare)
    return out


def word_lists(path: Path) -> list[tuple[int, list[str]]]:
    """(line, words) of every word list written in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        words = [s for s in _strings(node) if WORD.fullmatch(s)]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = _alternatives(node.value)
        if len(words) >= MIN_WORDS:
            found.append((node.lineno, words))
    return sorted(found)


def _scan() -> dict[tuple[str, str], tuple[int, list[str]]]:
    out = {}
    for part in SCANNED:
        for path in sorted((SRC / part).rglob("*.py")):
            rel = path.relative_to(SRC).as_posix()
            for line, words in word_lists(path):
                out.setdefault((rel, words[0]), (line, words))
    return out


def test_no_word_lists_in_code():
    found = _scan()
    unexpected = [f"{rel}:{line}: {words[:6]}" for (rel, first), (line, words) in found.items()
                  if (rel, first) not in ALLOWED]
    assert not unexpected, ("word lists written in code: move them to lang/en/*.yaml (a SCHEMA "
                            "entry each) or, if they are not vocabulary, allow them with a reason:\n"
                            + "\n".join(unexpected))


def test_every_allowance_is_still_needed():
    found = _scan()
    assert not [key for key in ALLOWED if key not in found]


@pytest.mark.parametrize("code, first", [
    ('CUES = frozenset({"ambush", "raid", "siege", "blast", "clash"})\n', "ambush"),
    ('VERBS = ("say", "tell", "state", "announce", "report", "confirm")\n', "say"),
    ('ROLES = {"mayor": 1, "governor": 2, "minister": 3, "senator": 4, "judge": 5}\n', "mayor"),
    ('TITLES = frozenset("""mr mrs ms dr prof sir""".split())\n', "mr"),
    ('LEAD = re.compile(r"^(?:on|in|at|during|over|around)\\b")\n', "on"),
    ('AGO = re.compile(rf"^(.*?) {UNIT} (?:ago|back|earlier|before now|since then)$")\n', "ago"),
])
def test_a_planted_list_is_found(tmp_path, code, first):
    path = tmp_path / "planted.py"
    path.write_text("import re\nUNIT = 'day'\n" + code)
    found = word_lists(path)
    assert [words[0] for _, words in found] == [first]


@pytest.mark.parametrize("code", [
    'LABELS = frozenset({"nsubj", "dobj"})\n',  # too short to be a list of words
    'NAMES = ("United", "Democratic Republic", "Central African", "Philippines", "Netherlands")\n',
    'DIGITS = re.compile(r"\\d{1,2}(?:st|nd)|\\d{4}")\n',
    'DOC = "a|b"\n',
])
def test_what_is_no_word_list_is_not_found(tmp_path, code):
    path = tmp_path / "clean.py"
    path.write_text("import re\n" + code)
    assert word_lists(path) == []
