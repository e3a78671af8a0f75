"""Splitting a file that holds several documents, by generic signals in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import clean_text
from ingest.split import split_documents

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

COUNCIL_NOTE = "\n\n".join(
    [
        "Barset Borough Council",
        "Children's Services Overview and Scrutiny Committee",
        "Subject: | Progress on the SEND written statement of action",
        "1. This note updates members on the findings of the revisit inspection, which took place"
        " in the autumn. Leaders have made progress on five of the six areas of weakness and the"
        " letter is attached as an appendix to this note.",
        "2. An updated action plan will be monitored by the Department for Education.",
        "Appendix 1",
    ]
)
LETTER = "\n\n".join(
    [
        "Ofsted Piccadilly Gate Store Street Manchester M1 2WD",
        "T 0300 123 4666 enquiries@ofsted.gov.uk",
        "2 March 2020",
        "Jane Smith Director of Children's Services Barset Borough Council",
        "Dear Ms Smith",
        "Joint local area SEND revisit in Barset",
        "Between 3 and 5 February 2020, Ofsted and the Care Quality Commission (CQC) revisited"
        " the local area of Barset to decide whether sufficient progress has been made.",
        "Yours sincerely",
    ]
)


def test_windsor_pack_holds_a_briefing_note_then_the_revisit_letter() -> None:
    raw = (CORPUS / "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt").read_text()
    parts = split_documents(clean_text(raw))
    assert len(parts) == 2
    note, letter = parts
    assert note.startswith("Public Document Pack")
    assert "Reason for briefing note" in note
    assert "Joint area SEND revisit" not in note
    assert note.rstrip().endswith("WSOA Written Statement of Action")  # its glossary stays
    assert letter.startswith("Ofsted Agora Nottingham NG1 6HJ")
    assert "Dear Mr McDaniel and Dr Brooks" in letter
    assert "Joint area SEND revisit in Royal Borough of Windsor and Maidenhead." in letter
    assert letter.rstrip().endswith("NHS England")
    assert "\n\n".join(parts) == clean_text(raw)  # nothing is lost or repeated


@pytest.mark.parametrize(
    "name",
    [
        "wokingham_revisit-letter_2021-06-23.txt",
        "wandsworth_revisit-letter_2022-08-23.txt",
        "wokingham_scrutiny-committee-report_2020-01-21.txt",
        "worcestershire_revisit-letter_2021-12-14.txt",
    ],
)
def test_single_document_seeds_stay_whole(name: str) -> None:
    text = clean_text((CORPUS / name).read_text())
    assert split_documents(text) == [text]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # a council note, then a letter with a different letterhead
        (f"{COUNCIL_NOTE}\n\n{LETTER}", ["Barset Borough Council", "Ofsted Piccadilly Gate"]),
        # a letter without a letterhead: the date line and "Dear" mark its start
        (
            f"{COUNCIL_NOTE}\n\n" + LETTER.split("\n\n", 2)[2],
            ["Barset Borough Council", "2 March 2020"],
        ),
        # two letters back to back
        (f"{LETTER}\n\n{LETTER}", ["Ofsted Piccadilly Gate", "Ofsted Piccadilly Gate"]),
        # a 2023-framework report appended to a committee paper
        (
            f"{COUNCIL_NOTE}\n\nLocal area partnership report\n\nArea SEND inspection of Barset"
            " Local Area Partnership\n\nInspection dates: 1 to 5 May 2023",
            ["Barset Borough Council", "Local area partnership report"],
        ),
    ],
)
def test_a_new_letter_or_report_starts_a_new_document(text: str, starts: list[str]) -> None:
    parts = split_documents(text)
    assert [part.split("\n")[0][: len(s)] for part, s in zip(parts, starts, strict=True)] == starts


@pytest.mark.parametrize(
    "text",
    [
        LETTER,
        # the title quoted inside running prose is not a new document
        COUNCIL_NOTE + "\n\nJoint local area SEND revisit in Barset\n\nThe letter said more.",
        # a 'Dear' line alone (a letter inside a council paper, no inspectorate title)
        COUNCIL_NOTE + "\n\nDear colleagues\n\nThank you for your work.",
        # a letter head with too little text before it to be a document of its own
        "Cover sheet\n\n" + LETTER,
    ],
)
def test_no_split_without_a_new_document(text: str) -> None:
    assert split_documents(text) == [text]
