"""The cleaner: each conversion artefact removed, wording never changed, output contract kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus_sample import cleaned

from ingest.clean import clean_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))

WRAP = "x" * 70  # padding that makes a hard-wrapped line look full


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # markdown markup
        (
            "### **Joint local area SEND revisit in Wokingham**",
            "Joint local area SEND revisit in Wokingham",
        ),
        ("**The area has made sufficient progress.**", "The area has made sufficient progress."),
        (
            "[www.gov.uk/ofsted](http://www.gov.uk/ofsted) and *Mitigation:* here",
            "www.gov.uk/ofsted and Mitigation: here",
        ),
        ("See [the letter](https://example.org/a.pdf).", "See the letter."),
        # stray HTML tags and entities
        ("<b>Ofsted</b> and <u>PART I</u>", "Ofsted and PART I"),
        ("Parents &amp; carers", "Parents & carers"),
        (
            '<span class="x">Wait</span> times <18 weeks and >2 years',
            "Wait times <18 weeks and >2 years",
        ),
        ("children <aged 5 and under> are seen", "children <aged 5 and under> are seen"),
        ("Line one<br>Line two", "Line one\nLine two"),
        # bullets become "- " list items
        ("■ At the initial inspection", "- At the initial inspection"),
        (
            "▪ Leaders have\n• Partners have\n● Others\n◼ More",
            "- Leaders have\n- Partners have\n- Others\n- More",
        ),
        ("* markdown item\n+ other item", "- markdown item\n- other item"),
        ("◼\nA bullet drawn apart from its text.\n\n◼", "- A bullet drawn apart from its text."),
        # tab-separated rows become table rows
        ("TITLE\tSEND Strategy\nWARD\t(All Wards);", "TITLE | SEND Strategy\nWARD | (All Wards);"),
        (
            "| Area | Outcome |\n|---|:---:|\n| Barset | positive |",
            "Area | Outcome\nBarset | positive",
        ),
        # blank-line runs collapse to one blank line
        ("First paragraph.\n\n\n\n\n\nSecond paragraph.", "First paragraph.\n\nSecond paragraph."),
        # words are never changed, typos included
        ("They follow up their whereabouts guickly.", "They follow up their whereabouts guickly."),
        # page-number lines
        ("Page 3 of 12\nThe partnership is strong.", "The partnership is strong."),
        ("This page is intentionally left blank", ""),
    ],
)
def test_artefacts(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a hard-wrapped paragraph (PDF) is unwrapped
        (
            f"{WRAP} and the\nlocal area partnership is strong.",
            f"{WRAP} and the local area partnership is strong.",
        ),
        # a sentence broken by a blank line (page break in a converted letter)
        (
            "Inspectors spoke with children, parents and carers, and local authority and National"
            "\n\nHealth Service (NHS) officers.",
            "Inspectors spoke with children, parents and carers, and local authority and National"
            " Health Service (NHS) officers.",
        ),
        # a lower-case continuation after a page-break run of blank lines
        (
            "Leaders know that there remain issues. They\n\n\n\n\nhave also reviewed provision.",
            "Leaders know that there remain issues. They have also reviewed provision.",
        ),
        # a converter put a bullet on the continuation of an item after a page break
        (
            "- Leaders monitor settings when they identify that a"
            "\n\n\n\n\n- part-time timetable is used.",
            "- Leaders monitor settings when they identify that a part-time timetable is used.",
        ),
        # but a heading never swallows the next paragraph
        (
            "Main findings\n\nThe area has made progress.",
            "Main findings\n\nThe area has made progress.",
        ),
        # nor does a finished sentence
        (
            "The area has made progress.\n\nLeaders know this.",
            "The area has made progress.\n\nLeaders know this.",
        ),
    ],
)
def test_broken_lines_are_joined(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the word exists unbroken elsewhere in the document: a soft hyphen is removed
        (
            f"Improvement is clear. {WRAP} improve-\nment continues.",
            f"Improvement is clear. {WRAP} improvement continues.",
        ),
        # the hyphenated form exists: the hyphen is part of the word
        (
            f"There are neuro-developmental waits. {WRAP} neuro-\ndevelopmental clinics.",
            f"There are neuro-developmental waits. {WRAP} neuro-developmental clinics.",
        ),
        # unknown either way: keep the characters as written
        (
            f"{WRAP} Stoke-on-\nTrent Local Area Partnership.",
            f"{WRAP} Stoke-on-Trent Local Area Partnership.",
        ),
    ],
)
def test_line_end_hyphens(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def _pdf_page(n: int, body: str) -> str:
    header = "Area SEND inspection report: Barset Local Area Partnership\n1 to 5 May 2023\n\n"
    return f"{header}{n}\n\n{body}\n"


def test_repeated_page_headers_and_page_numbers_are_removed() -> None:
    bodies = [
        "What is it like to be a child with SEND in this area?\n\nChildren are well supported.",
        "Leaders have changed the culture of",
        "how they work in early help.\n\nAreas for improvement",
        "Leaders should improve transitions.",
    ]
    raw = "\f".join(_pdf_page(n, body) for n, body in enumerate(bodies, start=1))
    text = clean_text(raw)
    assert "Area SEND inspection report" not in text
    assert "1 to 5 May 2023" not in text
    assert not re.search(r"^\d+$", text, re.M)
    # the sentence broken by the page break is whole again
    assert "Leaders have changed the culture of how they work in early help." in text
    assert text.split("\n\n")[-2:] == [
        "Areas for improvement",
        "Leaders should improve transitions.",
    ]


def test_a_line_repeated_in_the_body_is_kept() -> None:
    body = "\n".join(f"Sentence {w} of the page body." for w in ("one", "two", "three", "four"))
    pages = [f"Heading {n}\n\n{body}\n\nThe local area partnership\n\n{body}" for n in range(4)]
    text = clean_text("\f".join(pages))
    assert text.count("The local area partnership") == 4  # not at a page edge: content


def test_table_rows_and_list_items_keep_their_lines() -> None:
    raw = (
        "Ofsted | Care Quality Commission\n"
        "Phil Minns HMI Lead Inspector | Tessa Valpy CQC Inspector"
        "\n\n- SEND Strategy\n- Co-production\n- Transitions"
    )
    assert clean_text(raw) == raw


def _contract_violations(text: str) -> list[str]:
    problems = []
    if "\n\n\n" in text:
        problems.append("blank-line run")
    if re.search(r"[ \t]$", text, re.M):
        problems.append("trailing whitespace")
    for token in ("**", "<b>", "</u>", "■", "▪", "◼", "●", "\f", "\t"):
        if token in text:
            problems.append(f"artefact {token!r}")
    if re.search(r"^#{1,6}\s", text, re.M):
        problems.append("markdown heading marker")
    return problems


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_documents_keep_contract_and_wording(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    text = clean_text(raw)
    assert _contract_violations(text) == []
    # no word is invented, and no content word is lost (markup tags are not content)
    raw_words = _words(re.sub(r"<[^>]+>|\]\([^)]*\)", " ", raw))
    assert _words(text) <= raw_words
    assert raw_words - _words(text) <= {"page", "intentionally", "left", "blank", "this", "is"}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_cleaning_is_idempotent(path: Path) -> None:
    once = clean_text(path.read_text(encoding="utf-8"))
    assert clean_text(once) == once


def test_worcestershire_letter_keeps_typo_and_joins_page_break_item() -> None:
    text = clean_text((CORPUS / "worcestershire_revisit-letter_2021-12-14.txt").read_text())
    assert "follow up their whereabouts guickly." in text
    assert "identify that a part-time timetable is used inappropriately." in text
    assert "The initial inspection found that there was a lack of joint commissioning" in text
    assert "\n- The initial inspection found that there was a lack of joint commissioning" in (
        "\n" + text
    )


def test_wokingham_letter_headings_are_their_own_paragraphs() -> None:
    paras = clean_text((CORPUS / "wokingham_revisit-letter_2021-06-23.txt").read_text()).split(
        "\n\n"
    )
    assert "Joint local area SEND revisit in Wokingham" in paras
    assert "Main findings" in paras
    assert "23 June 2021" in paras
    assert "- At the initial inspection, inspectors found that:" in paras


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "brighton-and-hove_area-send-inspection_published-2023-05-31.pdf",
        "bury_area-send-inspection_published-2024-05-07.pdf",
        "cornwall_area-send-inspection_published-2023-05-05.pdf",
    ],
)
def test_inspection_report_pdfs_are_clean(name: str) -> None:
    text = cleaned(name)
    assert _contract_violations(text) == []
    paras = text.split("\n\n")
    assert "Areas for improvement" in paras
    assert "Inspection outcome" in paras
    assert any(p.startswith("Area SEND inspection of ") for p in paras[:3])
    assert "inspection report:" not in text.lower()  # the running header is gone
    # prose is unwrapped: paragraphs are long lines, not 90-character fragments
    prose = [p for p in paras if len(p) > 300 and " | " not in p]
    assert prose and all("\n" not in p or p.startswith("- ") for p in prose)


@pytest.mark.slow
def test_priority_action_table_rows_stay_rows() -> None:
    text = cleaned("bury_area-send-inspection_published-2024-05-07.pdf")
    rows = [line for line in text.split("\n") if " | Leaders across the partnership" in line]
    assert len(rows) >= 5
    assert all(row.startswith("Bury Metropolitan Borough Council and NHS") for row in rows)
