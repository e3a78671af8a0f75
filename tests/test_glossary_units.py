"""The glossary's parts on text we wrote: abbreviations spelled out in either order
(assistant/abbreviations.py), definition sentences and outcome paragraphs
(assistant/definitions.py), entries built from passages (assistant/glossary.py) and the hover
and tab HTML (assistant/glossary_view.py)."""

from __future__ import annotations

import html

import pytest

from assistant.abbreviations import find_abbreviations
from assistant.definitions import definitions, outcome_paragraphs, under_headings
from assistant.glossary import build_glossary, short_key, singular
from assistant.glossary_ours import OUR_WORDS
from assistant.glossary_view import glossary_html, make_glossary, mark_terms
from core.models import Document, Passage


@pytest.mark.parametrize(("text", "short", "long"), [
    ("Families praised the parent carer forum (PCF) for its work.", "PCF",
     "parent carer forum"),
    ("Every child had an education, health and care (EHC) plan by June.", "EHC",
     "education, health and care"),
    ("Parents rang SENDIASS (special educational needs and disabilities information, advice "
     "and support service) for help.", "SENDIASS",
     "special educational needs and disabilities information, advice and support service"),
    ("Funding moved to the integrated care board (ICB) in 2022.", "ICB",
     "integrated care board"),
    ("Leaders wrote the Written Statement of Action (WSoA) quickly.", "WSoA",
     "Written Statement of Action"),
    ("The ICB (integrated care board) pays for therapy.", "ICB", "integrated care board"),
    ("Pupils attend the 'Greenfield learning hub' (GLH) weekly.", "GLH",
     "Greenfield learning hub"),
])
def test_an_abbreviation_is_found_spelled_out_either_way(text: str, short: str,
                                                          long: str) -> None:
    found = find_abbreviations(text)
    assert [(a.short, a.long) for a in found] == [(short, long)]
    span = text[found[0].start:found[0].end]
    assert span.endswith(")") and short in span and long in span


@pytest.mark.parametrize("text", [
    "The plan (see below) was late.",
    "It was published (2019) and revised.",
    "Therapy waits (for all ages) grew.",
    "A priority action plan (area SEND) is due.",  # a bracket that spells nothing out
    "Schools (ABC) joined.",  # the letters are not the words before it
    "An open bracket ( never closes",
])
def test_brackets_that_spell_nothing_out_are_left(text: str) -> None:
    assert find_abbreviations(text) == []


@pytest.mark.parametrize(("spelling", "key", "one"), [
    ("EHCPs", "ehcp", "EHCP"), ("SENCos", "senco", "SENCo"), ("WSoA", "wsoa", "WSoA"),
    ("SENDIASS", "sendiass", "SENDIASS"), ("EHC plan(s)", "ehc plan", "EHC plan"),
])
def test_spellings_of_one_abbreviation_share_a_key(spelling: str, key: str, one: str) -> None:
    assert (short_key(spelling), singular(spelling)) == (key, one)


def _term(words: list[str] | tuple[str, ...]) -> str | None:
    return {("Inclusion", "Panel"): "panel", ("local", "offer"): "offer"}.get(tuple(words))


def test_a_sentence_saying_what_a_term_is_is_a_definition() -> None:
    text = ("Leaders met twice.\n\nAbout the panel\n\nThe Inclusion Panel (IP) is a group of "
            "headteachers that agrees places. The local offer is a strength. This means the "
            "Inclusion Panel works. It was decided that the local offer was required to list "
            "every short break.")
    found = [(key, text[start:end]) for key, start, end in definitions(text, _term)]
    assert found == [
        ("panel", "The Inclusion Panel (IP) is a group of headteachers that agrees places."),
        ("offer", "It was decided that the local offer was required to list every short break."),
    ]


def test_the_first_sentence_under_information_about_a_term_says_what_it_is() -> None:
    text = ("Other words.\n\nInformation about the local offer\n\nTestshire's local offer "
            "lists every short break. It is updated yearly.\n\nAbout the weather\n\nRain.")
    found = [(key, text[start:end]) for key, start, end in under_headings(text, _term)]
    assert found == [("offer", "Testshire's local offer lists every short break.")]


def test_the_outcome_is_the_paragraph_under_its_heading_and_what_follows() -> None:
    text = ("Inspection outcome\n\nThe partnership's arrangements lead to mixed results. It "
            "must act.\n\nThe next inspection will be within 3 years.\n\nOther words.")
    start, end = outcome_paragraphs(text) or (0, 0)
    assert text[start:end] == ("The partnership's arrangements lead to mixed results. It "
                               "must act.\n\nThe next inspection will be within 3 years.")
    assert outcome_paragraphs("No heading here.") is None


def passage(text: str, n: int, doc: str = "d1") -> Passage:
    return Passage(chunk_id=f"c{n}", doc_id=doc, title=f"Letter {doc}", area="Testshire",
                   doc_type="revisit_letter", date="2022-01-05", source="x.txt", position=n,
                   text=text)


def test_entries_quote_the_documents_and_fall_back_to_ours_where_they_say_nothing() -> None:
    passages = [
        passage("Every pupil has a personal travel plan (PTP). Work on the personal travel "
                "plans (PTPs) began.", 0),
        passage("Families use the PTP a lot.", 1, doc="d2"),
        passage("The Inclusion Panel (IP) is a group of headteachers that agrees places.", 2),
    ]
    entries = {e.term: e for e in build_glossary(passages, [])}
    ptp = entries["PTP"]
    assert (ptp.origin, ptp.meaning, ptp.documents, ptp.ours) == (
        "documents", "personal travel plan", 2, None)
    assert ptp.sources[0].quote == "personal travel plan (PTP)"
    assert ptp.sources[0].chunk_id == "c0" and ptp.sources[0].kind == "expansion"
    panel = entries["IP"]
    assert [s.kind for s in panel.sources] == ["expansion", "definition"]
    assert panel.sources[1].quote in passages[2].text
    offer = entries["local offer"]  # in our list, never spelled out in these passages
    assert (offer.origin, offer.sources, offer.ours) == ("ours", [], OUR_WORDS["local offer"])


def test_our_line_stands_beside_an_expansion_that_explains_nothing() -> None:
    entries = {e.term: e for e in build_glossary(
        [passage("The written statement of action (WSOA) was sent.", 0)], [])}
    wsoa = entries["WSOA"]
    assert wsoa.origin == "documents" and wsoa.ours == OUR_WORDS["WSOA"]
    assert "written statement of action" not in entries  # our phrase joined its abbreviation


def test_the_hover_marks_each_term_once_and_abbreviations_only_as_written() -> None:
    text = html.escape("EHC plans and an EHC plan; SENDIASS helped; please send it.")
    marked = mark_terms(text)  # no page registered: our own lines
    assert marked.count('<abbr class="sendqa-term"') == 2
    assert ">EHC plans</abbr>" in marked and ">SENDIASS</abbr>" in marked
    assert "please send it" in marked


def test_the_tab_marks_which_words_are_the_documents_and_links_their_passage() -> None:
    entries = build_glossary([passage("Leaders met the parent carer forum (PCF) monthly.", 4)],
                             [])
    page = glossary_html(make_glossary(entries))
    assert page.count("from the documents") == sum(len(e.sources) for e in entries) == 1
    assert page.count("our explanation") == sum(e.ours is not None for e in entries)
    assert 'data-open-doc="d1" data-chunk="c4"' in page
    assert "“parent carer forum (PCF)”" in page
    # counted where the documents use a term; ours that no document uses get no "0" line
    assert page.count("Used in ") == sum(e.documents > 0 for e in entries) >= 1
    assert "Used in 0 documents" not in page


def test_outcome_entries_come_from_the_reports_that_reached_them() -> None:
    text = ("Inspection outcome\n\nThe arrangements lead to inconsistent experiences and "
            "outcomes for children. The partnership must work jointly.\n\nThe next full "
            "inspection will be within approximately 3 years.")
    doc = Document(doc_id="r1", title="Report", area="Testshire", doc_type="inspection_report",
                   date="2024-01-01", source="r.pdf", text=text, content_hash="h",
                   fields={"outcome": "inconsistent experiences and outcomes"})
    p = passage(text, 0, doc="r1")
    entry = next(e for e in build_glossary([p], [doc])
                 if e.term == "inconsistent experiences and outcomes")
    assert entry.sources[0].kind == "outcome" and entry.documents == 1
    assert entry.sources[0].quote.endswith("within approximately 3 years.")
