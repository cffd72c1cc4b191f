"""tacitus.relevance.corpus: the bundled texts, the Lee labels, and the evaluation readers."""

from __future__ import annotations

import json

import pytest

from tacitus.errors import DataFileError, DataUnavailable
from tacitus.relevance import corpus
from tacitus.relevance.corpus import coder_records, lee_examples, muc4_split, own_texts


@pytest.mark.parametrize("name", ["violent", "offtopic"])
def test_own_texts_are_paragraphs_without_comments(name):
    docs = own_texts(name)
    assert len(docs) >= 50
    assert not any(d.startswith("#") or "\n" in d for d in docs)
    assert len(set(docs)) == len(docs), "a text is written twice"


def test_own_texts_fail_loudly_when_missing_or_empty(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "DATA", tmp_path)
    with pytest.raises(DataFileError, match="not found"):
        own_texts("violent")
    (tmp_path / "violent.txt").write_text("# only a comment\n\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="no documents"):
        own_texts("violent")


def test_coder_records_are_relevant_unless_quiet(tmp_path):
    path = tmp_path / "r.jsonl"
    rows = [{"id": "a", "text": "t1", "gold": {"event": True}}, {"id": "b", "text": "t2", "gold": {"event": False}},
            {"id": "c", "text": "t3", "gold": {}}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [(e.text, e.relevant, e.source) for e in coder_records(path)] == [
        ("t1", True, "coder:a"), ("t2", False, "coder:b"), ("t3", True, "coder:c")]
    with pytest.raises(DataUnavailable):
        coder_records(tmp_path / "absent.jsonl")


def test_muc4_documents_are_relevant_when_a_role_is_filled(tmp_path):
    empty = {r: [] for r in ["PerpInd", "PerpOrg", "Target", "Victim", "Weapon"]}
    rows = [{"docid": "D1", "doctext": "guerrillas attacked", "extracts": {**empty, "PerpInd": [[["guerrillas", 0]]]}},
            {"docid": "D2", "doctext": "the president spoke", "extracts": empty}]
    (tmp_path / "dev.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [(e.relevant, e.source) for e in muc4_split(tmp_path, "dev")] == [(True, "muc4:D1"), (False, "muc4:D2")]
    with pytest.raises(DataUnavailable):
        muc4_split(tmp_path, "train")


def test_lee_labels_refuse_lines_out_of_range_or_labelled_twice(tmp_path, monkeypatch):
    (tmp_path / "lee.cor").write_text("one\ntwo\nthree\n", encoding="latin-1")
    labels = tmp_path / "labels.yaml"
    monkeypatch.setattr(corpus, "LEE_LABELS", labels)
    labels.write_text("lee.cor:\n  violent: [0]\n  left_out: [1]\n", encoding="utf-8")
    assert [(e.text, e.relevant) for e in lee_examples(tmp_path)] == [("one", True), ("three", False)]
    labels.write_text("lee.cor:\n  violent: [0, 7]\n  left_out: [0]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"\[7, 0\]"):
        lee_examples(tmp_path)


def test_the_shipped_lee_corpus_matches_its_labels():
    try:
        folder = corpus.lee_dir()
    except DataUnavailable:
        pytest.skip("gensim (the Lee corpus) is not installed")
    from tacitus.datafiles import read_yaml

    labels = read_yaml(corpus.LEE_LABELS)
    examples = lee_examples(folder)
    lines = {name: len((folder / name).read_text(encoding="latin-1").splitlines()) for name in labels}
    assert sum(e.relevant for e in examples) == sum(len(m["violent"]) for m in labels.values())
    assert len(examples) == sum(lines[n] - len(m["left_out"]) for n, m in labels.items())


def _module(path, doc_paragraphs):
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(doc_paragraphs)
    path.write_text(f'"""{body}"""\n\ndef f():\n    """{body} Again."""\n', encoding="utf-8")


def test_docs_texts_cut_docstrings_into_pieces_and_skip_the_stream_benchmarks_sources(tmp_path):
    para = " ".join(f"word{i}" for i in range(60))
    _module(tmp_path / "a.py", [para, para + " two", "short one"])
    _module(tmp_path / "pydoc_data" / "topics.py", [para + " topics"] * 4)
    _module(tmp_path / "test" / "t.py", [para + " test"] * 4)
    (tmp_path / "broken.py").write_text("def (:\n", encoding="utf-8")
    texts = corpus.docs_texts(tmp_path, words=100)
    assert texts, "the module's docstrings give at least one piece"
    assert all(len(t.split()) >= 100 for t in texts)
    assert not any("topics" in t or " test" in t for t in texts)
    assert not any("short one" in t for t in texts), "paragraphs under eight words are left out"
    assert len(set(texts)) == len(texts)
    assert len(corpus.docs_texts(tmp_path, words=100, limit=1)) == 1


def test_docs_examples_are_off_topic_and_refuse_an_empty_folder(tmp_path):
    with pytest.raises(DataUnavailable):
        corpus.docs_examples(tmp_path)
    _module(tmp_path / "a.py", [" ".join(f"w{i}" for i in range(200))])
    examples = corpus.docs_examples(tmp_path)
    assert examples and not any(e.relevant for e in examples)
    assert all(e.source.startswith("docs:") for e in examples)
