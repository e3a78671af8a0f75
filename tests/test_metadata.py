"""Metadata read from the text (kind, area, date, fields) and parse_file over the real corpus."""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from pathlib import Path

import pytest
from corpus_sample import parsed

from core import dates
from core.models import DOC_TYPES, Document, Outcome
from ingest.load import LoadError, discover
from ingest.metadata import EXPECTED_FIELDS, canonical_area, extract_metadata
from ingest.parse import doc_slug, parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
OUTCOMES = set(Outcome.__args__)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def corpus_docs() -> dict[str, list[Document]]:
    """Every corpus file parsed (once per session, see corpus_sample.parsed); prints the time."""
    started = time.perf_counter()
    docs = {path.name: list(parsed(path.name)) for path in discover([CORPUS])}
    elapsed = time.perf_counter() - started
    print(
        f"\nparsed {len(docs)} files into {sum(map(len, docs.values()))} documents"
        f" in {elapsed:.1f} s"
    )
    return docs


def _doc(corpus_docs: dict[str, list[Document]], name: str, part: int = 0) -> Document:
    return corpus_docs[name][part]


# --- the five founding documents (six documents: the Windsor pack holds two) ---------------------

SEEDS = [
    # file, part, doc_type, area, date, fields that must be read
    (
        "wokingham_revisit-letter_2021-06-23.txt",
        0,
        "revisit_letter",
        "Wokingham",
        "2021-06-23",
        {
            "letter_date": "2021-06-23",
            "revisit_dates": "2021-05-11 to 2021-05-13",
            "wsoa_date": "2019-09-03",
            "wsoa_issued": "2019-04-29",
            "weakness_count": "6",
            "lead_inspectors": "Phil Minns (Ofsted lead inspector); Tessa Valpy (CQC inspector)",
            "overall_line": "The area has made sufficient progress in addressing five of the six"
            " significant weaknesses identified at the initial inspection. The area has not made"
            " sufficient progress in addressing one significant weakness.",
        },
    ),
    (
        "wandsworth_revisit-letter_2022-08-23.txt",
        0,
        "revisit_letter",
        "Wandsworth",
        "2022-08-23",
        {
            "revisit_dates": "2022-06-27 to 2022-06-29",
            "wsoa_date": "2020-07",
            "initial_report_published": "2019-12-17",
            "weakness_count": "2",
            "lead_inspectors": "Andrew Wright (Ofsted lead inspector);"
            " David Roberts (CQC inspector)",
            "overall_line": "The area has made sufficient progress in addressing both of the"
            " significant weaknesses identified at the initial inspection.",
        },
    ),
    (
        "wokingham_scrutiny-committee-report_2020-01-21.txt",
        0,
        "committee_report",
        "Wokingham",
        "2020-01-21",
        {
            "meeting": "Children's Services Overview and Scrutiny Committee",
            "meeting_date": "2020-01-21",
            "report_title": "SEND Strategy and Action Plan",
            "lead_officer": "Director of Children's Services - Carol Cammiss",
        },
    ),
    (
        "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
        0,
        "briefing_note",
        "Windsor and Maidenhead",
        "2020-01-29",
        {
            "meeting": "Adults, Children and Health Overview and Scrutiny Panel",
            "meeting_date": "2020-01-29",
            "lead_officer": "Alison Crossick - Interim Associate Director for Inclusive Education",
        },
    ),
    (
        "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
        1,
        "revisit_letter",
        "Windsor and Maidenhead",
        "2019-12-05",
        {
            "revisit_dates": "2019-10-14 to 2019-10-16",
            "wsoa_date": "2018-02-06",
            "wsoa_issued": "2017-08-24",
            "initial_inspection_date": "2017",
            "weakness_count": "8",
            "lead_inspectors": "Siân Thornton (Ofsted lead inspector); Lucy Harte (CQC inspector)",
            "overall_line": "The area has made sufficient progress in addressing six of the eight"
            " significant weaknesses identified at the initial inspection. The area has not made"
            " sufficient progress in addressing two significant weaknesses.",
        },
    ),
    (
        "worcestershire_revisit-letter_2021-12-14.txt",
        0,
        "revisit_letter",
        "Worcestershire",
        "2021-12-14",
        {
            "revisit_dates": "2021-11-01 to 2021-11-03",
            "wsoa_date": "2018-10-16",
            "initial_report_published": "2018-05-16",
            "weakness_count": "12",
            "lead_inspectors": "Ann Pritchard (Ofsted lead inspector); Tessa Valpy (CQC inspector)",
        },
    ),
]


@pytest.mark.parametrize(("name", "part", "doc_type", "area", "date", "expected"), SEEDS)
def test_seed_documents(
    corpus_docs: dict[str, list[Document]],
    name: str, part: int, doc_type: str, area: str, date: str, expected: dict[str, str],
) -> None:  # fmt: skip
    doc = _doc(corpus_docs, name, part)
    assert (doc.doc_type, doc.area, doc.date) == (doc_type, area, date)
    assert {k: doc.fields.get(k) for k in expected} == expected
    assert doc.missing_fields == []
    assert area in doc.title and dates.human(date) in doc.title


def test_seed_titles_read_well(corpus_docs: dict[str, list[Document]]) -> None:
    titles = {d.title for docs in corpus_docs.values() for d in docs}
    assert "Wokingham joint local area SEND revisit letter (23 June 2021)" in titles
    assert (
        "Wokingham Children's Services Overview and Scrutiny Committee report:"
        " SEND Strategy and Action Plan (21 January 2020)"
    ) in titles


def test_the_worcestershire_overall_line_is_quoted_as_the_text_states_it(
    corpus_docs: dict[str, list[Document]],
) -> None:
    doc = _doc(corpus_docs, "worcestershire_revisit-letter_2021-12-14.txt")
    line = doc.fields["overall_line"]
    assert line.startswith("The area has made sufficient progress in addressing eight of the")
    assert line in " ".join(doc.text.split())


# --- the 40 inspection reports -------------------------------------------------------------------

REPORTS = [
    # file stem prefix, area, outcome (read by a person from the report's outcome statement)
    ("brighton-and-hove", "Brighton and Hove", "typically positive experiences and outcomes"),
    ("bury", "Bury", "widespread and/or systemic failings"),
    ("cornwall", "Cornwall", "inconsistent experiences and outcomes"),
    ("hertfordshire", "Hertfordshire", "widespread and/or systemic failings"),
    ("wakefield", "Wakefield", "typically positive experiences and outcomes"),
    ("west-northamptonshire", "West Northamptonshire", "widespread and/or systemic failings"),
    ("nottinghamshire", "Nottinghamshire", "widespread and/or systemic failings"),
    ("rutland", "Rutland", "typically positive experiences and outcomes"),
    ("stoke-on-trent", "Stoke-on-Trent", "inconsistent experiences and outcomes"),
    ("richmond-upon-thames", "Richmond upon Thames", "typically positive experiences and outcomes"),
    ("telford-and-wrekin", "Telford and Wrekin", "typically positive experiences and outcomes"),
    ("enfield", "Enfield", "inconsistent experiences and outcomes"),
    ("barking-and-dagenham", "Barking and Dagenham", "inconsistent experiences and outcomes"),
    ("greenwich", "Greenwich", "typically positive experiences and outcomes"),
]


def _report(corpus_docs: dict[str, list[Document]], prefix: str) -> Document:
    [name] = [n for n in corpus_docs if n.startswith(prefix + "_area-send-inspection")]
    [doc] = corpus_docs[name]
    return doc


@pytest.mark.parametrize(("prefix", "area", "outcome"), REPORTS)
def test_report_metadata(
    corpus_docs: dict[str, list[Document]], prefix: str, area: str, outcome: str
) -> None:
    doc = _report(corpus_docs, prefix)
    assert (doc.doc_type, doc.area) == ("inspection_report", area)
    assert doc.fields["outcome"] == outcome
    assert doc.date == doc.fields["inspection_dates"].split(" to ")[-1]
    assert doc.missing_fields == []


def _outcome_statement(text: str) -> str:
    """The paragraph under the 'Inspection outcome' heading, as printed in the report."""
    paras = text.split("\n\n")
    return paras[paras.index("Inspection outcome") + 1]


def test_every_report_outcome_matches_its_outcome_statement(
    corpus_docs: dict[str, list[Document]],
) -> None:
    phrases = {
        "typically positive experiences and outcomes": "typically lead to positive experiences",
        "inconsistent experiences and outcomes": "lead to inconsistent experiences and outcomes",
        "widespread and/or systemic failings": "There are widespread and/or systemic failings",
    }
    reports = [
        d for docs in corpus_docs.values() for d in docs if d.doc_type == "inspection_report"
    ]
    assert len(reports) == 40
    for doc in reports:
        assert doc.fields["outcome"] in OUTCOMES
        assert phrases[doc.fields["outcome"]] in _outcome_statement(doc.text), doc.doc_id


def test_report_details(corpus_docs: dict[str, list[Document]]) -> None:
    brighton = _report(corpus_docs, "brighton-and-hove")
    assert brighton.fields["inspection_dates"] == "2023-03-27 to 2023-03-31"
    assert brighton.fields["previous_inspection"] == "2016-05-16"
    assert brighton.fields["local_area_partnership"] == (
        "Brighton and Hove City Council and NHS Sussex Integrated Care Board"
    )
    assert brighton.fields["lead_inspectors"] == (
        "Catherine Old (Ofsted lead inspector); Lucy Harte (CQC lead inspector)"
    )
    assert (
        brighton.title
        == "Brighton and Hove area SEND inspection report (27 March 2023 to 31 March 2023)"
    )
    northants = _report(corpus_docs, "west-northamptonshire")
    assert northants.fields["previous_inspection"] == "Not previously inspected"
    gateshead = _report(corpus_docs, "gateshead")  # partnership read from the details table
    assert gateshead.fields["local_area_partnership"].startswith("Gateshead Metropolitan Borough")


# --- extraction coverage over the whole corpus (printed as a table) ------------------------------


def test_extraction_coverage_table(corpus_docs: dict[str, list[Document]]) -> None:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # docs, fields found, expected
    for doc in (d for docs in corpus_docs.values() for d in docs):
        expected = (*EXPECTED_FIELDS[doc.doc_type], "area", "date")
        row = found[doc.doc_type]
        row[0] += 1
        row[1] += sum(name not in doc.missing_fields for name in expected)
        row[2] += len(expected)
    lines = [f"{'kind':<20}{'docs':>6}{'found/expected':>17}{'rate':>8}"]
    for kind, (n, hits, total) in sorted(found.items()):
        lines.append(f"{kind:<20}{n:>6}{f'{hits}/{total}':>17}{hits / total:>8.0%}")
    print("\nmetadata extraction (area, date and each kind's expected fields)\n" + "\n".join(lines))
    assert set(found) == {
        "revisit_letter",
        "inspection_report",
        "committee_report",
        "briefing_note",
    }
    for kind, (_, hits, total) in found.items():
        assert hits / total >= 0.95, kind


# --- variants of wording and layout that the corpus does not contain -----------------------------

LETTER_VARIANT = """Ofsted
Piccadilly Gate
Store Street
Manchester M1 2WD

2nd April 2020

Dear Mr Jones

Joint area SEND re-visit in the London Borough of Barset.

Between 3 March and 5 March 2020, Ofsted and the Care Quality Commission (CQC) revisited the \
area of the London Borough of Barset to decide whether sufficient progress has been made.

The written statement of action was judged fit for purpose on 1 May 2018.

The local area has made sufficient progress in addressing three of the four significant \
weaknesses identified at the initial inspection. The local area has not made sufficient \
progress in addressing one significant weakness.

Yours sincerely

Ofsted | Care Quality Commission
Jo Bloggs, HMI | Sam Green
Lead Inspector | CQC Inspector"""

REPORT_VARIANT = """Area SEND inspection of the Barset Local Area Partnership

Inspection dates: 1st to 5th May 2024

Date of previous inspection: Not previously inspected

Inspection outcome

The local area partnership's arrangements lead to inconsistent experiences and outcomes for \
children and young people. Some partnerships have widespread and/or systemic failings.

The local area partnership is made up of Barset Council and NHS Barset Integrated Care Board.

Inspection team

Ann Example HMI, Ofsted lead inspector | Bob Example, CQC lead inspector"""

LETTER_WITHOUT_TITLE = """12 January 2022

Dear Ms Green

Between 1 and 3 December 2021, Ofsted and the Care Quality Commission revisited the local area \
of Barset, to decide whether the area has made sufficient progress.

The statement was declared fit for purpose in March 2019.

The area has not made sufficient progress in addressing any of the seven significant \
weaknesses identified at the initial inspection.

Yours sincerely

Pat Example HMI Lead Inspector | Lee Example CQC Inspector"""

COMMITTEE_VARIANT = """Report to: Barset County Council Cabinet

Meeting date: 12 March 2024

Report author: Jane Smith, Head of SEND

Title: Update on the SEND improvement plan

Barset County Council continues to deliver its improvement plan."""


@pytest.mark.parametrize(
    ("text", "doc_type", "area", "date", "fields"),
    [
        (
            LETTER_VARIANT,
            "revisit_letter",
            "Barset",
            "2020-04-02",
            {
                "revisit_dates": "2020-03-03 to 2020-03-05",
                "wsoa_date": "2018-05-01",
                "weakness_count": "4",
                "lead_inspectors": "Jo Bloggs (Ofsted lead inspector); Sam Green (CQC inspector)",
            },
        ),
        (
            REPORT_VARIANT,
            "inspection_report",
            "Barset",
            "2024-05-05",
            {
                "inspection_dates": "2024-05-01 to 2024-05-05",
                "previous_inspection": "Not previously inspected",
                "outcome": "inconsistent experiences and outcomes",
                "local_area_partnership": "Barset Council and NHS Barset Integrated Care Board",
                "lead_inspectors": "Ann Example (Ofsted lead inspector);"
                " Bob Example (CQC lead inspector)",
            },
        ),
        (
            LETTER_WITHOUT_TITLE,
            "revisit_letter",
            "Barset",
            "2022-01-12",
            {
                "revisit_dates": "2021-12-01 to 2021-12-03",
                "wsoa_date": "2019-03",
                "weakness_count": "7",
                "lead_inspectors": "Pat Example (Ofsted lead inspector);"
                " Lee Example (CQC inspector)",
                "overall_line": "The area has not made sufficient progress in addressing any of the"
                " seven significant weaknesses identified at the initial inspection.",
            },
        ),
        (
            COMMITTEE_VARIANT,
            "committee_report",
            "Barset",
            "2024-03-12",
            {
                "meeting_date": "2024-03-12",
                "lead_officer": "Jane Smith, Head of SEND",
                "report_title": "Update on the SEND improvement plan",
            },
        ),
    ],
)
def test_variants_of_wording_and_layout(
    text: str, doc_type: str, area: str, date: str, fields: dict[str, str]
) -> None:
    meta = extract_metadata(text, "unrelated-file-name.txt")
    assert (meta.doc_type, meta.area, meta.date) == (doc_type, area, date)
    assert {k: meta.fields.get(k) for k in fields} == fields


def test_variant_overall_line_keeps_both_sentences() -> None:
    meta = extract_metadata(LETTER_VARIANT, "x.txt")
    assert meta.fields["overall_line"] == (
        "The local area has made sufficient progress in addressing three of the four significant"
        " weaknesses identified at the initial inspection. The local area has not made sufficient"
        " progress in addressing one significant weakness."
    )


def test_missing_fields_are_reported_not_guessed() -> None:
    letter = LETTER_VARIANT.replace(
        "The written statement of action was judged fit for purpose on 1 May 2018.\n\n", ""
    )
    meta = extract_metadata(letter, "x.txt")
    assert "wsoa_date" not in meta.fields
    assert meta.missing_fields == ["wsoa_date"]


def test_unrecognised_document_falls_back_to_the_file_name_and_says_so() -> None:
    meta = extract_metadata(
        "Minutes\n\nThe group met and agreed actions.", "barset-vale_minutes_2024-01-31.txt"
    )
    assert meta.doc_type == "other"
    assert (meta.area, meta.date) == ("Barset Vale", "2024-01-31")
    assert meta.missing_fields == ["area", "date"]
    assert meta.title == "Minutes"
    assert meta.doc_type in DOC_TYPES


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
        ("the Greenwich Local Area Partnership", "Greenwich"),
        ("London Borough of Wandsworth", "Wandsworth"),
        ("Wokingham Borough Council", "Wokingham"),
        ("Worcestershire County Council", "Worcestershire"),
        ("Barking and Dagenham local area", "Barking and Dagenham"),
        ("Brighton and Hove City Council", "Brighton and Hove"),
        ("Windsor and Maidenhead (RBWM).", "Windsor and Maidenhead"),
    ],
)
def test_canonical_area(name: str, canonical: str) -> None:
    assert canonical_area(name) == canonical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Between 11 May and 13 May 2021, Ofsted", "2021-05-11 to 2021-05-13"),
        ("Between 27 and 29 June 2022", "2022-06-27 to 2022-06-29"),
        ("took place 11th – 15th March 2019", "2019-03-11 to 2019-03-15"),
        ("28 February to 4 March 2022", "2022-02-28 to 2022-03-04"),
        ("31 January 2022 to 3 February 2022", "2022-01-31 to 2022-02-03"),
        ("16 May 2016", None),
    ],
)
def test_date_ranges(text: str, expected: str | None) -> None:
    assert dates.range_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WEDNESDAY, 29TH JANUARY, 2020", "2020-01-29"),
        ("finalised on 5.12.19 and", "2019-12-05"),
        ("declared fit for purpose in July 2020.", "2020-07"),
        ("31 February 2020", None),
    ],
)
def test_dates(text: str, expected: str | None) -> None:
    assert dates.date_in(text) == expected


# --- parse_file ----------------------------------------------------------------------------------


def test_doc_ids_sources_and_hashes(corpus_docs: dict[str, list[Document]]) -> None:
    [letter] = corpus_docs["wokingham_revisit-letter_2021-06-23.txt"]
    assert letter.doc_id == "wokingham-revisit-letter-2021-06-23"
    assert letter.source == "wokingham_revisit-letter_2021-06-23.txt"
    data = (CORPUS / letter.source).read_bytes()
    assert letter.file_sha256 == hashlib.sha256(data).hexdigest()
    pack = corpus_docs["windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt"]
    assert [d.doc_id for d in pack] == [
        "windsor-and-maidenhead-scrutiny-pack-2020-01-29-1",
        "windsor-and-maidenhead-scrutiny-pack-2020-01-29-2",
    ]
    assert [d.source.split("#")[1] for d in pack] == ["part-1", "part-2"]
    assert pack[0].file_sha256 == pack[1].file_sha256
    ids = [d.doc_id for docs in corpus_docs.values() for d in docs]
    assert len(ids) == len(set(ids)) == 46
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_findings_are_attached(corpus_docs: dict[str, list[Document]]) -> None:
    counts = {
        "wokingham_revisit-letter_2021-06-23.txt": 6,
        "wandsworth_revisit-letter_2022-08-23.txt": 2,
        "worcestershire_revisit-letter_2021-12-14.txt": 12,
    }
    for name, n in counts.items():
        findings = corpus_docs[name][0].findings
        assert len([f for f in findings if f.kind == "significant_weakness"]) == n


def test_parse_file_outside_root(tmp_path: Path) -> None:
    path = tmp_path / "Barset Letter (copy).md"
    path.write_text(LETTER_VARIANT)
    [doc] = parse_file(path, CORPUS)
    assert doc.source == "Barset Letter (copy).md"
    assert doc.doc_id == doc_slug(path) == "barset-letter-copy"
    assert doc.findings == []  # the letter gives its overall line but lists no weaknesses
    assert (doc.doc_type, doc.area) == ("revisit_letter", "Barset")


def test_content_hash_changes_with_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(LETTER_VARIANT)
    first = parse_file(path, tmp_path)[0].content_hash
    assert parse_file(path, tmp_path)[0].content_hash == first  # stable
    path.write_text(LETTER_VARIANT.replace("2nd April 2020", "3rd April 2020"))
    assert parse_file(path, tmp_path)[0].content_hash != first


def test_parse_file_reports_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 nothing else")
    with pytest.raises(LoadError, match="corrupt or unreadable PDF"):
        parse_file(path, tmp_path)
    markup_only = tmp_path / "markup.md"
    markup_only.write_text("**\n\n<b></b>\n\n---|---\n")
    with pytest.raises(LoadError, match="no text left"):
        parse_file(markup_only, tmp_path)
