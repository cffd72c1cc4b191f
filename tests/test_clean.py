"""Tests for tacitus.clean: furniture, headline, standfirst, captions, offsets, HTML safety."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from tacitus.clean import assemble, clean, clean_lines, load_furniture
from tacitus.clean.furniture import parse_furniture
from tacitus.config import Settings
from tacitus.errors import DataFileError, InputError
from tacitus.ingest import iter_documents
from tacitus.models import Article, Document

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path("/work/shared/data/sample-scraped-article.txt")
FURNITURE = load_furniture()


def make_doc(content: str | bytes, media_type="text", **kw) -> Document:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return Document(
        source=kw.pop("source", "test"),
        data=data,
        content_hash=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        **kw,
    )


def fixture_article(name: str, **kw) -> Article:
    path = FIXTURES / name
    return clean(make_doc(path.read_bytes(), "html" if name.endswith(".html") else "text", source=str(path), **kw))


def assert_offsets(article: Article) -> None:
    for p in article.paragraphs:
        assert article.text[p.start : p.end] == p.text
        assert p.text == p.text.strip() and "  " not in p.text
    assert article.text == "\n\n".join(p.text for p in article.paragraphs)


# --- pasted text ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pasted() -> Article:
    return fixture_article("pasted_article.txt")


def test_pasted_headline_and_standfirst(pasted):
    assert pasted.title == "Gunmen storm Karvan bus terminal, killing nine as militant group claims raid"
    kinds = [p.kind for p in pasted.paragraphs]
    assert kinds[:3] == ["headline", "standfirst", "standfirst"]
    assert pasted.paragraphs[1].text.startswith("Attackers in police uniforms")  # bullet marker gone
    assert "headline" not in kinds[1:]


def test_pasted_furniture_removed(pasted):
    for line in (
        "ADVERTISEMENT",
        "Advertisement",
        "World | Middle East",
        "Reading Time: 4 minutes",
        "Why you can trust The Harbour Courier",
        "128",
        "Share | Save | Comments (12)",
        "Related: Karvan market blast leaves five dead",
        "Sign up for our Security Brief newsletter",
        "Read more",
        "Copyright © 2024 Harbour Courier Media. All rights reserved.",
    ):
        assert line in pasted.removed
        assert line not in pasted.text.split("\n\n")
    assert "Advertisement" not in pasted.text and "ADVERTISEMENT" not in pasted.text
    assert "Reading Time" not in pasted.text


def test_pasted_metadata_captured(pasted):
    assert pasted.metadata["reading_time_minutes"] == 4
    assert pasted.publisher == "The Harbour Courier"
    assert pasted.metadata["copyright"].startswith("Copyright © 2024 Harbour Courier Media")
    assert pasted.metadata["removed_by_category"]["advertisement"] == 2
    assert pasted.id == hashlib.sha256((FIXTURES / "pasted_article.txt").read_bytes()).hexdigest()[:16]


def test_pasted_captions_apart_with_credit(pasted):
    captions = [(c.text, c.credit) for c in pasted.captions]
    assert captions == [
        ("Police officers cordon off the entrance to the Karvan bus terminal on Tuesday morning.", "Reuters"),
        ("Mourners gather outside the district hospital where the wounded were taken.", "Getty Images"),
        ("A bus burnt out in the terminal car park.", "AFP"),  # credit on its own line below
    ]
    assert "Photo: Reuters" not in pasted.text and "Photograph:" not in pasted.text
    assert all(not p.text.startswith("Police officers cordon") for p in pasted.paragraphs_of("body"))


def test_pasted_duplicates_once(pasted):
    assert pasted.text.count("Police officers cordon off the entrance") == 1
    assert pasted.text.count("Two of the gunmen were shot dead by guards.") == 1
    assert pasted.metadata["removed_by_category"]["duplicate"] == 2


def test_pasted_offsets_exact(pasted):
    assert_offsets(pasted)


def test_pasted_page_order(pasted):
    body = pasted.paragraphs_of("body", "caption")
    assert body[0].text.startswith("Police officers cordon")
    assert body[1].text.startswith("At least nine people were killed")
    assert body[-1].text.startswith("A bus burnt out")


# --- the shared sample page -------------------------------------------------------------


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample article not present")
def test_sample_scraped_article():
    doc = next(iter_documents([str(SAMPLE)], Settings()))
    assert isinstance(doc, Document)
    article = clean(doc)
    assert_offsets(article)
    lines = article.text.split("\n\n")
    for furniture in ("Advertisement", "Reading Time:6 minutes", "Why you can trust SCMP", "47"):
        assert furniture not in lines
        assert furniture in article.removed
    assert "Advertisement" not in article.text and "Reading Time" not in article.text
    assert article.metadata["reading_time_minutes"] == 6
    assert article.publisher == "SCMP"
    assert article.title.startswith("Asia’s terrorism surge")
    standfirst = article.paragraphs_of("standfirst")
    assert len(standfirst) == 2
    assert standfirst[0].text.startswith("Using Afghanistan as a base")
    assert standfirst[1].text.startswith("Pakistan blames the Afghan Taliban")
    captions = article.captions
    assert [c.credit for c in captions] == ["AP", "AFP"]
    assert captions[0].text.startswith("A Russian soldier secures the area")
    assert captions[1].text.startswith("A combination of pictures shows four Tajik men")
    assert article.text.count("A combination of pictures shows four Tajik men") == 1
    assert "Photo: AP" not in article.text and "Photo AFP" not in article.text
    assert any(p.text.startswith("“All these attacks") for p in article.paragraphs_of("body"))


# --- HTML ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> Article:
    return fixture_article("article_page.html")


def test_html_fixture_really_carries_the_dangerous_bits():
    raw = (FIXTURES / "article_page.html").read_text()
    for marker in ("SCRIPT_MARKER_TEXT", "INLINE_SCRIPT_MARKER", "onerror", "<figcaption>", "<nav>", "<footer>"):
        assert marker in raw


def test_html_scripts_and_chrome_never_in_text(page):
    for marker in (
        "SCRIPT_MARKER_TEXT",
        "WRITTEN_BY_SCRIPT",
        "INLINE_SCRIPT_MARKER",
        "IMG_ONERROR_MARKER",
        "NOSCRIPT_MARKER",
        "IFRAME_MARKER",
        "STYLE_MARKER_TEXT",
        "alert(",
        "We use cookies",
        "Advertisement",
        "Sign up",
        "All rights reserved",
        "Karvan market blast",  # related links aside
    ):
        assert marker not in page.text, marker
        assert all(marker not in str(v) for v in page.metadata.values()), marker


def test_html_article_fields(page):
    assert page.title == "Gunmen storm Karvan bus terminal, killing nine"
    assert page.publisher == "The Harbour Courier"
    assert page.published == date(2024, 5, 14)
    assert page.byline == "Leila Haddad"
    assert page.language == "en"
    assert page.metadata["reading_time_minutes"] == 4
    assert page.paragraphs[0].kind == "headline"
    assert page.paragraphs[1].kind == "standfirst"
    assert page.paragraphs[1].text.startswith("Attackers dressed as police")
    assert len(page.paragraphs_of("body")) == 5
    assert_offsets(page)


def test_html_figure_captions_in_page_order(page):
    captions = page.captions
    assert [(c.text, c.credit) for c in captions] == [
        ("Police officers cordon off the entrance to the Karvan bus terminal on Tuesday morning.", "Reuters"),
        ("Mourners gather outside the district hospital where the wounded were taken.", "AFP"),
    ]
    order = [p.text[:20] for p in page.paragraphs]
    # the lead image sits before the first body paragraph, the second after the third one
    assert order.index(captions[0].text[:20]) == 2
    third = next(i for i, p in enumerate(page.paragraphs) if p.text.startswith("Two of the gunmen"))
    assert order.index(captions[1].text[:20]) == third + 1


def test_html_doc_fields_win(page):
    doc = make_doc((FIXTURES / "article_page.html").read_bytes(), "html", published=date(2024, 5, 15),
                   url="https://courier.example/karvan", title="Given title")
    article = clean(doc)
    assert article.published == date(2024, 5, 15)
    assert article.metadata["html_date"] == "2024-05-14"
    assert article.url == "https://courier.example/karvan"
    assert article.title == "Given title"  # the record's title; the page keeps its headline
    assert article.paragraphs[0].text == "Gunmen storm Karvan bus terminal, killing nine"


def test_html_duplicate_figcaption_once_and_credit_in_text():
    html = """<html><body><article><h1>Blast hits Karvan market</h1>
    <p>A bomb exploded in the crowded central market of Karvan on Friday, killing five people
    and wounding dozens more, police said. The blast destroyed several stalls.</p>
    <figure><img src="a.jpg"><figcaption>Smoke rises over the market. (Reuters)</figcaption></figure>
    <figure><img src="a.jpg"><figcaption>Smoke rises over the market. (Reuters)</figcaption></figure>
    <p>No group has said it carried out the attack. Officials blamed the Dastgir Liberation Front,
    which has attacked markets and bus stations in the province before.</p>
    </article></body></html>"""
    article = clean(make_doc(html, "html"))
    assert [(c.text, c.credit) for c in article.captions] == [("Smoke rises over the market.", "Reuters")]
    assert_offsets(article)


def test_html_without_text_raises_input_error():
    with pytest.raises(InputError) as err:
        clean(make_doc("<html><head><script>x()</script></head><body></body></html>", "html", source="p.html"))
    assert err.value.source == "p.html"


# --- text rules ---------------------------------------------------------------------------


def test_text_param_is_used_instead_of_data():
    doc = make_doc("ignored bytes", "text")
    article = clean(doc, "Bomb hits Karvan depot\nFive people were killed on Friday, police said.")
    assert article.title == "Bomb hits Karvan depot"
    assert article.body == "Five people were killed on Friday, police said."


def test_mojibake_repaired_end_to_end():
    data = "Karvan’s governor said the attackâ€™s toll rose to nine.".encode("utf-8")
    doc = next(iter_documents(["-"], Settings(), stdin=io.BytesIO(data)))
    article = clean(doc)
    assert article.text == "Karvan’s governor said the attack’s toll rose to nine."


def test_single_paragraph_has_no_headline():
    article = clean(make_doc("On 3 May gunmen killed four people at a checkpoint near Karvan."))
    assert [p.kind for p in article.paragraphs] == ["body"]
    assert article.title is None


def test_known_title_drops_kicker_or_is_prepended():
    doc = make_doc("Security\nBlast at Karvan depot\nFive were killed.", title="Blast at Karvan depot")
    article = clean(doc)
    assert [p.kind for p in article.paragraphs] == ["headline", "body"]
    assert "Security" in article.removed
    doc = make_doc("Five were killed in a blast at the depot.", title="Blast at Karvan depot")
    article = clean(doc)
    assert [(p.kind, p.text) for p in article.paragraphs][0] == ("headline", "Blast at Karvan depot")
    assert_offsets(article)


def test_hard_wrapped_text_is_joined():
    text = (
        "Gunmen kill four at Karvan checkpoint\n\n"
        "Four soldiers were killed when gunmen opened fire on a checkpoint on the\n"
        "road into Karvan early on Sunday, the provincial army command said in a\n"
        "statement. Two attackers were also killed in the exchange of fire that\n"
        "followed.\n\n"
        "No group has said it carried out the attack.\n"
    )
    article = clean(make_doc(text))
    assert article.paragraphs_of("body")[0].text.startswith("Four soldiers were killed when gunmen opened fire on a checkpoint on the road into")
    assert len(article.paragraphs_of("body")) == 2
    assert_offsets(article)


def test_scraped_lines_are_not_joined():
    lines = ["Headline of the day here"] + [
        f"Paragraph {i} says something complete about the attack on the depot." for i in range(5)
    ]
    article = clean(make_doc("\n".join(lines)))
    assert len(article.paragraphs_of("body")) == 5


def test_all_furniture_raises_input_error():
    with pytest.raises(InputError):
        clean(make_doc("Advertisement\nShare\n47\nSign up"))


def test_truncation_keeps_offsets(monkeypatch):
    monkeypatch.setattr(assemble, "MAX_TEXT_CHARS", 120)
    text = "Headline about the attack\n" + "\n".join(
        f"Paragraph {i} reports more detail on the attack in Karvan." for i in range(10)
    )
    article = clean(make_doc(text))
    assert len(article.text) <= 120
    assert article.metadata["truncated"] is True
    assert article.metadata["original_chars"] > 120
    assert_offsets(article)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), max_size=12))
def test_offsets_exact_for_any_lines(lines):
    result = clean_lines(lines, FURNITURE)
    doc = make_doc("x")
    article = assemble.build_article(doc, result.parts)
    assert_offsets(article)


_TAGS = st.sampled_from(["<p>", "</p>", "<div class='byline'>", "</div>", "<figure>", "<figcaption>",
                         "</figcaption>", "</figure>", "<script>", "</script>", "<h1>", "</h1>", "<br>",
                         "<span class='credit'>", "</span>", "Photo: AP", "<?xml version='1.0'?>", "&amp;"])


@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=30))
def test_any_html_gives_article_or_input_error(pieces):
    doc = make_doc("".join(pieces) or " ", "html")
    try:
        article = clean(doc)
    except InputError:
        return
    assert_offsets(article)


# --- furniture vocabulary -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "category", "captures"),
    [
        ("Advertisement", "advertisement", {}),
        ("Advertisement Advertisement", "advertisement", {}),
        ("Story continues below advertisement", "advertisement", {}),
        ("Reading Time:6 minutes", "reading_time", {"reading_time_minutes": 6}),
        ("5 min read", "reading_time", {"reading_time_minutes": 5}),
        ("Why you can trust SCMP", "trust_badge", {"publisher": "SCMP"}),
        ("47", "counter", {}),
        ("312 comments", "counter", {}),
        ("Share this article", "share", {}),
        ("Facebook Twitter WhatsApp", "share", {}),
        ("Sign up", "subscribe", {}),
        ("Subscribe to our morning briefing", "subscribe", {}),
        ("We use cookies to give you the best experience.", "cookie", {}),
        ("Related: Bomb kills five in Karvan", "related", {}),
        ("Read more: Who are the Dastgir Liberation Front?", "related", {}),
        ("© 2024 Harbour Courier Media", "copyright", {"copyright": "© 2024 Harbour Courier Media"}),
        ("By Leila Haddad", "byline", {"byline": "Leila Haddad"}),
        ("By Leila Haddad and Omar Nasser, Karvan", "byline", {"byline": "Leila Haddad and Omar Nasser"}),
        ("Published: 14 May 2024 06:30", "timestamp", {"timestamp": "14 May 2024 06:30"}),
        ("(Reporting by Jane Roe; Editing by John Doe)", "signoff", {}),
        ("WORLD | RUSSIA", "breadcrumb", {}),
        ("* * *", "separator", {}),
    ],
)
def test_furniture_lines(line, category, captures):
    found = FURNITURE.match(line)
    assert found is not None, line
    assert found.category == category
    assert found.captures == captures


@pytest.mark.parametrize(
    "line",
    [
        "Sign up was slow for the militia's recruitment drive.",
        "By Tuesday, Kabul had fallen.",
        "By March 2024 the group had regrouped in the east.",
        "Copyright laws in the region are rarely enforced.",
        "Read more about the attack in our earlier report, officials urged.",
        "The group's newsletter called for attacks on transport hubs.",
        "Why you can trust us",
        "Updated on Monday, the toll rose to 12",
        "Shares in the bus company fell after the attack.",
        "Nine people were killed.",
        "Gunmen storm Karvan bus terminal, killing nine",
    ],
)
def test_not_furniture(line):
    assert FURNITURE.match(line) is None


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Smoke rises over Karvan on Monday. Photo: AP", "Smoke rises over Karvan on Monday.", "AP"),
        ("Four suspects in court on Friday. Photo AFP", "Four suspects in court on Friday.", "AFP"),
        ("Mourners at the funeral. Photograph: Getty Images", "Mourners at the funeral.", "Getty Images"),
        ("Police at the scene (Reuters)", "Police at the scene", "Reuters"),
        ("Police at the scene. (Photo by Jane Roe/AP)", "Police at the scene.", "Jane Roe/AP"),
        ("The depot after an earlier attack in 2019. File photo", "The depot after an earlier attack in 2019.", "File photo"),
        ("Guards at the gate. Credit: Jane Roe for The Harbour Courier", "Guards at the gate.", "Jane Roe for The Harbour Courier"),
        ("Guards at the gate. Jane Roe/Reuters", "Guards at the gate.", "Jane Roe/Reuters"),
        ("Rescuers search the rubble | PHOTO: EPA-EFE", "Rescuers search the rubble", "EPA-EFE"),
    ],
)
def test_caption_credits(line, caption, credit):
    assert FURNITURE.split_credit(line) == (caption, credit)


@pytest.mark.parametrize(
    "line",
    [
        "He showed a photo of Abu Bakr to reporters.",
        "The attack was claimed by Islamic State Khorasan Province (ISKP).",
        "A combination of pictures shows four men suspected by Moscow.",
        "Police said the Photo booth was destroyed in the blast.",
    ],
)
def test_not_captions(line):
    assert FURNITURE.split_credit(line) is None


def test_credit_only_lines():
    assert FURNITURE.credit_only("Photo: AP") == "AP"
    assert FURNITURE.credit_only("(Reuters)") == "Reuters"
    assert FURNITURE.credit_only("Nine people were killed.") is None


# --- strict loader ------------------------------------------------------------------------


def test_bundled_furniture_loads():
    assert len(FURNITURE.rules) > 50
    assert "AP" in FURNITURE.agencies


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("categories: [unclosed", "not valid YAML"),
        ("- just\n- a list\n", "mapping"),
        ("categories: {}\ncaptions: {}\n", "categories"),
        ("categories:\n  ads: []\n", "non-empty list"),
        ("categories:\n  ads: ['(unclosed']\n", "bad regex"),
        ("categories:\n  ads: ['ad']\nextra: 1\n", "unknown keys"),
        ("categories:\n  ads: ['ad']\n", "captions"),
        (
            "categories:\n  ads: ['ad']\ncaptions:\n  labels: [photo]\n  file_labels: [file photo]\n"
            "  agencies: [AP]\n",
            "missing ['connectors']",
        ),
    ],
)
def test_strict_loader_fails_loudly(tmp_path, content, message):
    path = tmp_path / "furniture.yaml"
    path.write_text(content)
    with pytest.raises(DataFileError) as err:
        load_furniture(path)
    assert message in str(err.value)


def test_missing_furniture_file(tmp_path):
    with pytest.raises(DataFileError):
        load_furniture(tmp_path / "nope.yaml")


def test_parse_furniture_minimal():
    f = parse_furniture(
        {
            "categories": {"ads": ["advert"]},
            "captions": {"labels": ["photo"], "file_labels": ["file photo"], "agencies": ["AP"], "connectors": ["for"]},
        }
    )
    assert f.match("ADVERT").category == "ads"
    assert f.split_credit("Smoke over the city. Photo: AP") == ("Smoke over the city.", "AP")
