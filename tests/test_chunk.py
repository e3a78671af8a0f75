"""Chunking follows the structure: one finding, one passage (split evenly only when too long);
other text in passages that keep their heading and never cut a sentence; stable ids.

Documents come from the real parser (ingest.parse.parse_file) over the corpus."""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import pytest
from corpus_sample import parsed

from core.models import Document, Passage
from ingest.chunk import FINDING_MAX, PROSE_MAX, chunk_document
from ingest.findings import extract_findings
from ingest.parse import parse_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = (
    "wokingham_revisit-letter_2021-06-23.txt",
    "wandsworth_revisit-letter_2022-08-23.txt",
    "wokingham_scrutiny-committee-report_2020-01-21.txt",
    "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
    "worcestershire_revisit-letter_2021-12-14.txt",
)
PDF = "plymouth_area-send-inspection_published-2023-08-22.pdf"
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]]*$")


def documents(name: str) -> tuple[Document, ...]:
    return parsed(name)


def all_docs() -> list[Document]:
    return [d for name in (*SEEDS, PDF) for d in documents(name)]


def spans(doc: Document, passages: list[Passage]) -> list[tuple[int, int]]:
    """Where each passage sits in the document text (they come in reading order)."""
    out, pos = [], 0
    for p in passages:
        start = doc.text.index(p.text, pos)
        out.append((start, start + len(p.text)))
        pos = start + len(p.text)
    return out


def make_doc(text: str, doc_type: str = "revisit_letter", findings: bool = True) -> Document:
    found = extract_findings(text, doc_id="test-doc", doc_type=doc_type, area="Testshire",
                             date="2022-03-02") if findings else []
    return Document(doc_id="test-doc", title="Test document", area="Testshire",
                    doc_type=doc_type, date="2022-03-02", source="test.txt", text=text,  # type: ignore[arg-type]
                    content_hash="x", findings=found)


@pytest.mark.parametrize("doc", all_docs(), ids=lambda d: d.doc_id)
def test_passages_cover_the_document_and_never_cut_a_sentence(doc: Document) -> None:
    passages, _ = chunk_document(doc)
    assert passages
    assert [p.position for p in passages] == list(range(len(passages)))
    assert len({p.chunk_id for p in passages}) == len(passages)  # no duplicates
    for p in passages:
        assert p.text.strip() == p.text and any(c.isalnum() for c in p.text)  # nothing empty
        assert p.chunk_id == hashlib.sha256(f"{doc.doc_id}\n{p.text}".encode()).hexdigest()[:24]
        assert (p.doc_id, p.title, p.area, p.doc_type, p.date, p.source) == (
            doc.doc_id, doc.title, doc.area, doc.doc_type, doc.date, doc.source)
        words = len(p.text.split())
        assert words <= (FINDING_MAX if p.finding_id else PROSE_MAX) or (
            len(re.findall(r"[.!?]\s", p.text)) == 0), (words, p.text[:80])
    text = doc.text
    located = spans(doc, passages)
    for (start, end), p in zip(located, passages, strict=True):
        # A passage starts at a line start or right after a sentence, and ends at a line end
        # or with the end of a sentence.
        assert start == 0 or text[start - 1] == "\n" or re.search(r"[.!?][\"')]*\s$",
                                                                  text[:start]), p.text[:60]
        assert end == len(text) or text[end] == "\n" or _SENTENCE_END.search(p.text), p.text[-60:]
    # Nothing dropped: every letter and digit of the document is in some passage.
    covered = [False] * len(text)
    for start, end in located:
        covered[start:end] = [True] * (end - start)
    lost = "".join(c if c.isalnum() and not covered[i] else " " for i, c in enumerate(text))
    assert not lost.strip(), lost.split()[:10]


@pytest.mark.parametrize("doc", all_docs(), ids=lambda d: d.doc_id)
def test_every_passage_is_understandable_alone(doc: Document) -> None:
    passages, _ = chunk_document(doc)
    labels = {"revisit_letter": "revisit letter",
              "inspection_report": "area SEND inspection report",
              "committee_report": "committee report", "briefing_note": "briefing note"}
    for p in passages:
        assert p.context.startswith(f"{doc.area} {labels[doc.doc_type]}"), p.context
        if doc.date:
            year = doc.date[:4]
            assert year in p.context
        assert p.embed_text.startswith(p.context) and p.text in p.embed_text


def test_headings_are_kept() -> None:
    (letter,) = documents("wandsworth_revisit-letter_2022-08-23.txt")
    passages, _ = chunk_document(letter)
    judging = next(p for p in passages if "In reaching their judgements" in p.text)
    assert judging.heading == "Joint area SEND revisit in Wandsworth"
    assert "Joint area SEND revisit in Wandsworth" in judging.context
    (report,) = documents("wokingham_scrutiny-committee-report_2020-01-21.txt")
    passages, _ = chunk_document(report)
    background = next(p for p in passages if "Children's Act 2014 was designed" in p.text)
    assert background.heading == "Background"
    for p in passages:  # a heading is document text that comes before or opens the passage
        if p.heading:
            start = report.text.index(p.text)
            assert 0 <= report.text.find(p.heading) <= start + len(p.text) - len(p.heading)


REVISIT_LETTERS = [("wokingham_revisit-letter_2021-06-23.txt", 0, 6),
                   ("wandsworth_revisit-letter_2022-08-23.txt", 0, 2),
                   ("windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt", 1, 8),
                   ("worcestershire_revisit-letter_2021-12-14.txt", 0, 12)]
_VERDICT_LINE = re.compile(r"^.*made sufficient progress (?:in addressing|to improve) this "
                           r"(?:significant weakness|area of weakness)\.$", re.MULTILINE)


@pytest.mark.parametrize(("name", "index", "count"), REVISIT_LETTERS)
def test_each_weakness_is_one_passage_holding_its_verdict_line(
        name: str, index: int, count: int) -> None:
    doc = documents(name)[index]
    passages, findings = chunk_document(doc)
    assert len(findings) == count
    by_id = {p.chunk_id: p for p in passages}
    for f in findings:
        own = [p for p in passages if p.finding_id == f.finding_id]
        assert own and f.chunk_id in by_id and by_id[f.chunk_id] in own
        block_words = sum(len(p.text.split()) for p in own)
        if block_words <= FINDING_MAX:
            assert len(own) == 1, f.title  # the whole weakness in one passage
        with_verdict = [p for p in own if _VERDICT_LINE.search(p.text)]
        if f.verdict == "not stated":
            assert with_verdict == []
            assert f.title[:40] in " ".join(by_id[f.chunk_id].text.split())
        else:  # exactly one passage holds the verdict line, and the finding points to it
            assert with_verdict == [by_id[f.chunk_id]]
        for p in own:  # every piece keeps the weakness wording, theme and verdict
            assert (p.heading, p.theme, p.verdict) == (f.title, f.theme, f.verdict)
            assert f"significant weakness {f.number} " in p.context
            stated = "verdict not stated" if f.verdict == "not stated" else str(f.verdict)
            assert stated in p.context
        assert f.title[:40] in " ".join(own[0].text.split())
    # A verdict line belongs to the weakness it follows, never to prose passages.
    assert all(p.finding_id for p in passages if _VERDICT_LINE.search(p.text))


def test_wokingham_transitions_passage_reads_alone() -> None:
    (doc,) = documents("wokingham_revisit-letter_2021-06-23.txt")
    passages, findings = chunk_document(doc)
    transitions = findings[5]
    (p,) = [p for p in passages if p.chunk_id == transitions.chunk_id]
    assert p.context == ("Wokingham revisit letter, 23 June 2021 - significant weakness 6 "
                         "(transitions and preparation for adulthood): not sufficient progress")
    assert p.text.endswith("The area has not made sufficient progress in addressing this "
                           "significant weakness.")
    assert "successful transition to adulthood" in p.text


def test_report_findings_are_passages() -> None:
    (doc,) = documents(PDF)
    passages, findings = chunk_document(doc)
    kinds = [f.kind for f in findings]
    assert kinds == ["priority_action"] * 5 + ["improvement"] * 4
    for f in findings:
        (p,) = [p for p in passages if p.finding_id == f.finding_id]
        assert p.chunk_id == f.chunk_id and p.verdict is None
        assert " ".join(f.title.split()[:6]) in " ".join(p.text.split())
        label = {"priority_action": "area for priority action",
                 "improvement": "area for improvement"}[f.kind]
        assert f"{label} {f.number} (" in p.context


def test_ids_are_stable_across_runs() -> None:
    first = [chunk_document(d) for d in all_docs()]
    reparsed = [d for name in (*SEEDS, PDF) for d in parse_file(CORPUS / name, CORPUS)]
    again = [chunk_document(d) for d in reparsed]
    assert [[p.chunk_id for p in ps] for ps, _ in first] == [[p.chunk_id for p in ps]
                                                           for ps, _ in again]
    assert [[f.chunk_id for f in fs] for _, fs in first] == [[f.chunk_id for f in fs]
                                                           for _, fs in again]


def _long_letter(paragraphs: int) -> str:
    body = [f"Paragraph {i} says that inspectors looked at the work of leaders in detail. "
            "Leaders have improved the plans, and parents notice the difference in many ways. "
            "Further work is needed to make the changes last across every service." * 2
            for i in range(paragraphs)]
    return "\n\n".join([
        "TEST DATA (invented)", "Main findings",
        "The initial inspection found that leaders had no strategy for SEND.", *body,
        "The area has made sufficient progress in addressing this significant weakness.",
        "Yours sincerely"])


def test_a_long_finding_is_split_evenly_keeping_its_wording_as_heading() -> None:
    doc = make_doc(_long_letter(12))  # 12 paragraphs of 64 words
    passages, findings = chunk_document(doc)
    (f,) = findings
    own = [p for p in passages if p.finding_id == f.finding_id]
    sizes = [len(p.text.split()) for p in own]
    assert len(own) == math.ceil(sum(sizes) / FINDING_MAX) == 3
    assert all(s <= FINDING_MAX for s in sizes) and max(sizes) - min(sizes) <= 64  # even
    assert all(p.heading == "leaders had no strategy for SEND." for p in own)
    assert own[-1].text.endswith("this significant weakness.") and own[-1].chunk_id == f.chunk_id
    # The headings just before the weakness come along with its first passage.
    assert own[0].text.index("Main findings") < own[0].text.index("The initial inspection")


def test_findings_are_found_again_when_the_document_has_none() -> None:
    text = _long_letter(2)
    with_findings = chunk_document(make_doc(text))
    without = chunk_document(make_doc(text, findings=False))
    assert with_findings == without
    assert [f.chunk_id is not None for f in without[1]] == [True]


@pytest.mark.parametrize("text", ["", "\n\n", "◼\n\n■\n\n-"])
def test_no_empty_passages(text: str) -> None:
    assert chunk_document(make_doc(text, doc_type="other")) == ([], [])


def test_no_duplicate_passages() -> None:
    section = "Notes\n\n" + ("Leaders know what they need to do. " * 5).strip()
    passages, _ = chunk_document(make_doc(f"{section}\n\n{section}", doc_type="other"))
    assert len(passages) == len({p.chunk_id for p in passages}) == 1
    assert passages[0].text == section
