"""Findings as structured data: every weakness, priority action, area for improvement and
workstream, checked against the corpus text and against invented variants of its wording.

The corpus texts go through the real loader, cleaner and splitter (ingest.load/clean/split), so
these tests see exactly what ingestion sees. Expected values were read from the documents; the
verdict checks re-read each verdict sentence from the text with rules independent of the
extractor's.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from corpus_sample import parsed

from assistant.answering.quote import on_themes
from core.models import Finding
from ingest.clean import clean_text
from ingest.findings import extract_findings, verdict_of

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "findings"
S, N, X = "sufficient progress", "not sufficient progress", "not stated"


def corpus_parts(name: str) -> tuple[str, ...]:
    """The cleaned documents of one corpus file, as ingestion produces them (load, clean and
    split by ingest.parse.parse_file, once per session)."""
    return tuple(d.text for d in parsed(name))


def findings_of(text: str, doc_type: str, area: str = "Testshire") -> list[Finding]:
    return extract_findings(text, doc_id="doc", doc_type=doc_type, area=area, date="2021-06-23")


# --- revisit letters (2016-2022 framework) -----------------------------------------------------

# (file, document index within the file, area, [(weakness wording starts, verdict, theme)])
LETTERS = {
    "Wokingham": ("wokingham_revisit-letter_2021-06-23.txt", 0, [
        ("The area lacked a clearly communicated co-produced strategy", S, "strategy_leadership"),
        ("There were weaknesses in the timeliness and quality of EHC plans", S, "ehc_plans"),
        ("There was lack of co-production at a strategic level", S, "coproduction"),
        ("There were weaknesses in the quality of management information", S,
         "management_information"),
        ("There was a lack of well-coordinated and effectively joined-up work", S,
         "joined_up_working"),
        ("The area had an underdeveloped pathway to enable young people with SEND to make a "
         "successful transition to adulthood", N, "transitions"),
    ]),
    "Wandsworth": ("wandsworth_revisit-letter_2022-08-23.txt", 0, [
        ("Leaders must urgently improve the planning and assessment arrangements for "
         "education, health and care (EHC) plans", S, "ehc_plans"),
        ("Leaders must evaluate the impact of the local area's work in embedding the reforms", S,
         "management_information"),
    ]),
    # The scrutiny pack holds a briefing note, then the revisit letter of 5 December 2019.
    "Windsor and Maidenhead": ("windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt", 1, [
        ("tardiness and delay in establishing strategies to implement the reforms", S,
         "strategy_leadership"),
        ("a lack of leadership capacity across local services", S, "strategy_leadership"),
        ("poor use of management information", S, "management_information"),
        ("weaknesses in how leaders are held to account", S, "strategy_leadership"),
        ("the inequality of services and variability of experience", N, "waiting_times"),
        ("wide variation in the quality of EHC Plans", S, "ehc_plans"),
        ("the lack of effective co-production with parents", S, "coproduction"),
        ("poor joint commissioning arrangements", N, "joint_commissioning"),
    ]),
    # Verdict lines follow only five of the twelve weaknesses in the converted letter.
    "Worcestershire": ("worcestershire_revisit-letter_2021-12-14.txt", 0, [
        ("there were safeguarding concerns around", S, "safeguarding"),
        ("the CCG lacked strategic leadership", X, "strategy_leadership"),
        ("the action plan required to implement the new SEND strategy was of a poor quality", X,
         "strategy_leadership"),
        ("there was a lack of joint commissioning arrangements", X, "joint_commissioning"),
        ("there was variation in the skills and commitment of some mainstream schools", X,
         "mainstream_inclusion"),
        ("there was a lack of suitable specialist provision", N, "specialist_provision"),
        ("there were fragile relationships with parents and carers", N, "coproduction"),
        ("EHC plans were of poor quality", X, "ehc_plans"),
        ("there was a lack of systems to track outcomes", S, "management_information"),
        ("there were disproportionate numbers of children and young people with SEND who had "
         "been permanently excluded", X, "exclusions_attendance"),
        ("the quality of the local offer was not fit for purpose", X, "local_offer"),
        ("the academic outcomes, behaviour and attendance", S, "exclusions_attendance"),
    ]),
}


def letter(area: str) -> tuple[str, list[Finding]]:
    name, index, _ = LETTERS[area]
    text = corpus_parts(name)[index]
    return text, findings_of(text, "revisit_letter", area)


@pytest.mark.parametrize("area", list(LETTERS))
def test_every_weakness_of_the_corpus_letters(area: str) -> None:
    text, found = letter(area)
    expected = LETTERS[area][2]
    assert len(found) == len(expected)
    for n, (f, (wording, verdict, theme)) in enumerate(zip(found, expected, strict=True), 1):
        assert f.title.startswith(wording), (n, f.title)
        assert (f.number, f.kind, f.framework, f.area) == (n, "significant_weakness", "2016", area)
        assert f.verdict == verdict, (n, f.title)
        assert f.theme == theme, (n, f.title)
        assert f.title in " ".join(text.split()) and f.text, n  # wording as the text gives it


# Independent reading of a verdict sentence: "... (has|have) [not] made sufficient progress ...
# this (significant weakness|area of weakness)".
_VERDICT_SENTENCE = re.compile(
    r"(?:local )?area has (not )?made sufficient progress (?:in addressing|to improve) this "
    r"(?:significant weakness|area of weakness)", re.IGNORECASE)


@pytest.mark.parametrize("area", list(LETTERS))
def test_each_verdict_is_the_sentence_that_follows_the_weakness(area: str) -> None:
    text, found = letter(area)
    flat = " ".join(text.split())
    starts = [flat.index(f.title) for f in found] + [len(flat)]
    for f, start, end in zip(found, starts, starts[1:], strict=False):
        stated = [S if m.group(1) is None else N
                  for m in _VERDICT_SENTENCE.finditer(flat, start, end)]
        assert stated == ([] if f.verdict == X else [f.verdict]), (f.number, f.title)


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


@pytest.mark.parametrize("area", list(LETTERS))
def test_letter_summary_agrees_with_the_verdicts(area: str) -> None:
    """'sufficient progress in addressing five of the six significant weaknesses' vs the rows;
    where rows lack a verdict (Worcestershire) they are 'not stated', never guessed."""
    text, found = letter(area)
    flat = " ".join(text.split())
    verdicts: Counter[str | None] = Counter(f.verdict for f in found)
    both = re.search(r"sufficient progress in addressing (both|all) (?:of )?the significant", flat)
    if both:
        assert verdicts == Counter({S: len(found)})
        return
    m = re.search(r"made sufficient progress in addressing (\w+) of the (?:(\w+) )?significant "
                  r"weaknesses", flat)
    assert m, "the letter states an overall line"
    sufficient = _count(m.group(1))
    if m.group(2):
        assert _count(m.group(2)) == len(found)
    if verdicts[X] == 0:
        assert verdicts[S] == sufficient and verdicts[N] == len(found) - sufficient
    else:  # Worcestershire: 8 of 12 made sufficient progress, but only some verdicts are stated
        assert verdicts[S] <= sufficient and verdicts[N] <= len(found) - sufficient
        assert (sufficient, len(found), verdicts[S], verdicts[N], verdicts[X]) == (8, 12, 3, 2, 7)


# --- council committee reports and briefing notes -------------------------------------------------


def test_wokingham_committee_report_tracks_six_task_and_finish_groups() -> None:
    text = corpus_parts("wokingham_scrutiny-committee-report_2020-01-21.txt")[0]
    found = findings_of(text, "committee_report", "Wokingham")
    assert [f.title for f in found] == [
        "SEND Strategy", "Timeliness and Quality of Education, Health and Care Plans (EHCPs)",
        "Co-production", "Management information", "Joined up Working", "Transitions"]
    assert [f.theme for f in found] == ["strategy_leadership", "ehc_plans", "coproduction",
                                        "management_information", "joined_up_working",
                                        "transitions"]
    assert all(f.kind == "workstream" and f.framework == "council" and f.verdict is None
               for f in found)
    assert found[5].text.startswith("This group is tasked with looking at the underdeveloped")
    assert found[1].text.startswith("This group is tasked with looking at the timeliness")


def test_windsor_briefing_note_tracks_the_areas_still_requiring_consideration() -> None:
    note = corpus_parts("windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt")[0]
    found = [f for f in findings_of(note, "briefing_note", "Windsor and Maidenhead")
             if f.kind == "workstream"]
    assert [f.title.split()[:3] for f in found] == [
        ["Training", "with", "schools"], ["A", "secure", "process"],
        ["Waiting", "times", "for"], ["Effective", "joint", "commissioning"]]
    assert "Mitigation:" in found[0].text and "Mitigation:" not in found[2].title
    assert [f.theme for f in found][2:] == ["waiting_times", "joint_commissioning"]


def test_windsor_briefing_note_lists_the_six_risks_it_flags() -> None:
    note = corpus_parts("windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt")[0]
    risks = [f for f in findings_of(note, "briefing_note", "Windsor and Maidenhead")
             if f.kind == "risk"]
    assert [f.number for f in risks] == [1, 2, 3, 4, 5, 6]
    assert risks[0].title == ("Effective leadership requires continued senior health "
                              "representation on the steering board.")
    assert risks[4].text.startswith("Financial risk support of Better Care fund (£450k)")
    assert all(f.framework == "council" and f.verdict is None for f in risks)


def test_variant_risks_section_ends_at_the_next_heading() -> None:
    raw = "\n\n".join([
        "TEST DATA (invented)", "Key risks and mitigations",
        "- 4.1. Demand for assessments keeps rising. Extra staff are being recruited.",
        "- 4.2. The new case system may go live late.", "Next steps",
        "The panel will receive an update in June."])
    risks = findings_of(clean_text(raw), "committee_report")
    assert [(f.kind, f.title) for f in risks] == [
        ("risk", "Demand for assessments keeps rising."),
        ("risk", "The new case system may go live late.")]
    assert risks[0].text == "Demand for assessments keeps rising. Extra staff are being recruited."


# --- 2023 area SEND inspection reports ----------------------------------------------------------

# (areas for priority action, areas for improvement), counted in the published PDFs (table
# rows, confirmed from the line positions in the PDF where a row break was ambiguous).
REPORTS = {
    "barking-and-dagenham": (0, 3), "blackpool": (0, 4), "bolton": (0, 2),
    "brighton-and-hove": (0, 3), "bury": (6, 3), "cornwall": (0, 5), "darlington": (0, 4),
    "derbyshire": (6, 5), "dorset": (0, 2), "dudley": (0, 3), "east-sussex": (0, 4),
    "enfield": (0, 3), "gateshead": (0, 5), "gloucestershire": (0, 4), "greenwich": (0, 2),
    "halton": (5, 4), "haringey": (0, 3), "hartlepool": (0, 3), "herefordshire": (0, 4),
    "hertfordshire": (2, 5), "hillingdon": (0, 4), "hounslow": (0, 5), "lewisham": (0, 3),
    "middlesbrough": (0, 3), "milton-keynes": (0, 5), "north-yorkshire": (0, 5),
    "nottinghamshire": (2, 4), "oxfordshire": (5, 4), "plymouth": (5, 4),
    "richmond-upon-thames": (0, 3), "rutland": (0, 3), "southampton": (0, 5),
    "stoke-on-trent": (0, 5), "surrey": (0, 4), "telford-and-wrekin": (0, 2),
    "trafford": (0, 4), "wakefield": (0, 2), "warrington": (0, 4),
    "west-northamptonshire": (5, 5), "west-sussex": (0, 5),
}


def report_text(area: str) -> str:
    (path,) = CORPUS.glob(f"{area}_area-send-inspection_*.pdf")
    (text,) = corpus_parts(path.name)
    return text


# Rows of the improvement table can be set only 0.5 pt further apart than their lines (Bury,
# Halton, Hillingdon, Southampton, West Northamptonshire): the PDF loader's ROW_SLACK rule.
@pytest.mark.slow
@pytest.mark.parametrize("area", list(REPORTS))
def test_report_areas_for_priority_action_and_improvement(area: str) -> None:
    text = report_text(area)
    found = findings_of(text, "inspection_report", area)
    kinds = Counter(f.kind for f in found)
    assert (kinds["priority_action"], kinds["improvement"]) == REPORTS[area]
    flat = " ".join(text.split())
    for kind in ("priority_action", "improvement"):
        numbers = [f.number for f in found if f.kind == kind]
        assert numbers == list(range(1, len(numbers) + 1))
    for f in found:
        assert f.framework == "2023" and f.verdict is None and f.title[:1].isupper()
        # The row's own words (a row broken by a page may continue in a later cell).
        assert " ".join(f.title.split()[:8]) in flat, f.title
    # Priority actions are set exactly when the outcome is widespread and/or systemic failings.
    assert (kinds["priority_action"] > 0) == ("widespread and/or systemic failings" in flat)


def test_report_priority_actions_leave_the_responsible_body_out_of_the_wording() -> None:
    found = findings_of(report_text("derbyshire"), "inspection_report", "Derbyshire")
    actions = [f for f in found if f.kind == "priority_action"]
    assert len(actions) == 6
    assert all(not f.title.startswith(("Derbyshire", "Board")) for f in actions)
    assert actions[0].title == "Area leaders need to urgently, jointly and accurately:"
    assert actions[0].text.count("\n- ") == 3  # the three bullets stay with their row
    assert actions[0].text.endswith("to address the key areas that need improvement.")
    assert actions[5].title.startswith("Health leaders must address the current waiting times")


# --- verdict sentences --------------------------------------------------------------------------

VERDICTS = [
    ("The area has made sufficient progress in addressing this significant weakness.", S),
    ("The local area has made sufficient progress in addressing this significant weakness.", S),
    ("The area has made sufficient progress to improve this area of weakness.", S),
    ("Sufficient progress has been made in addressing this weakness.", S),
    ("The local area has not made sufficient progress in addressing this significant weakness.",
     N),
    ("The area has not made sufficient progress to improve this area of weakness.", N),
    ("The area has not yet made sufficient progress in addressing this weakness.", N),
    ("Insufficient progress has been made in addressing this significant weakness.", N),
    ("Sufficient progress has not been made in addressing this area of weakness.", N),
    # Overall lines speak of several weaknesses: not a verdict on one.
    ("The area has made sufficient progress in addressing five of the six significant "
     "weaknesses identified at the initial inspection.", None),
    ("The area has not made sufficient progress in addressing one significant weakness.", None),
    ("Leaders have made some progress in addressing this weakness.", None),
    ("EHC plans are better than they were in November 2019.", None),
]


@pytest.mark.parametrize(("sentence", "verdict"), VERDICTS)
def test_verdict_of(sentence: str, verdict: str | None) -> None:
    assert verdict_of(sentence) == verdict


# --- invented variants (test data) --------------------------------------------------------------

# Lead-in phrases, layouts and verdict phrasings combined into letters the corpus does not have.
LEADS = [
    "At the initial inspection, inspectors found that:",
    "The initial inspection found that",
    "The initial inspection found:",
    "At the initial inspection, inspectors found the following:",
    "Inspectors found at the initial inspection that",
    "At the previous inspection, inspectors identified:",
]
VERDICT_LINES = [
    ("The area has made sufficient progress in addressing this significant weakness.", S),
    ("The local area has not made sufficient progress to improve this area of weakness.", N),
    (None, X),
    ("Sufficient progress has been made in addressing this weakness.", S),
    ("Insufficient progress has been made in addressing this significant weakness.", N),
]
WORDINGS = [
    "leaders had not agreed a strategy for SEND",
    "the quality of EHC plans was weak",
    "waiting times for occupational therapy were too long",
    "the local offer was out of date",
    "young people were poorly prepared for adulthood",
    "exclusions of pupils with SEND were high",
]
LAYOUTS = ["inline", "separate", "bullets", "headings"]


def variant_letter(lead: str, layout: str, count: int, shift: int) -> tuple[str, list[str]]:
    paras = ["TEST DATA (invented)", "1 April 2022", "Joint area SEND revisit in Testshire",
             "Main findings"]
    verdicts = []
    for i in range(count):
        wording = WORDINGS[i] + "."
        line, verdict = VERDICT_LINES[(i + shift) % len(VERDICT_LINES)]
        verdicts.append(verdict)
        body = [f"Inspectors found changes in practice for item {i + 1}.",
                "Parents told inspectors that they have noticed a difference."]
        if layout == "inline":
            block = [f"{lead} {wording}"]
        elif layout == "separate":
            block = [lead, f"**{wording[0].upper()}{wording[1:]}**"]
        elif layout == "bullets":
            block = [f"■ {lead} {wording}"]
            body = [f"■ {b}" for b in body]
        else:
            block = [f"### {lead}", f"**{wording[0].upper()}{wording[1:]}**"]
        paras += block + body + ([line] if line else [])
    paras += [f"The area has made sufficient progress in addressing {verdicts.count(S)} of the "
              f"{count} significant weaknesses.", "Yours sincerely", "Test Inspector"]
    return "\n\n".join(paras), verdicts


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lead", LEADS)
def test_variant_letters(lead: str, layout: str) -> None:
    count = 1 + (LEADS.index(lead) + LAYOUTS.index(layout)) % len(WORDINGS)
    raw, verdicts = variant_letter(lead, layout, count, shift=LEADS.index(lead))
    found = findings_of(clean_text(raw), "revisit_letter")
    assert [f.verdict for f in found] == verdicts
    for f, wording in zip(found, WORDINGS, strict=False):
        assert f.title.lower().startswith(wording.lower()), f.title
        assert "Parents told inspectors" in f.text and "Main findings" not in f.text


def fixture(name: str) -> str:
    return clean_text((FIXTURES / name).read_text())


FIXTURE_EXPECTED: dict[str, tuple[str, list[tuple[str, str | None]]]] = {
    "letter_headings.md": ("revisit_letter", [
        ("Leaders had not established an accurate shared understanding", S),
        ("Waiting times for speech and language therapy were too long", N),
        ("The local offer was hard to find", X),
        ("Too many children and young people with SEND were excluded", S)]),
    "letter_bullets.txt": ("revisit_letter", [
        ("the quality of education, health and care (EHC) plans was poor", N),
        ("joint commissioning arrangements were underdeveloped", S),
        ("co-production with parents and carers was weak", N),
        ("young people were not well prepared for adulthood", S),
        ("management information was not used", N)]),
    "letter_no_leadin.txt": ("revisit_letter", [
        ("Leaders did not identify the needs of children and young people early enough", S),
        ("The quality of alternative provision was not checked", S)]),
    "report_2023.txt": ("inspection_report", [
        ("Leaders across the partnership should urgently reduce the time children wait", None),
        ("Leaders across the partnership should improve the quality of new EHC plans", None),
        ("Health leaders must reduce waiting times for neurodevelopmental assessments", None),
        ("The local area partnership should improve communication", None),
        ("Leaders should strengthen the local offer", None),
        ("Leaders in education should reduce suspensions", None)]),
    "council_workstreams.txt": ("committee_report", [
        ("Education, health and care plans", None), ("Joint commissioning", None),
        ("Preparing for adulthood", None), ("Co-production", None)]),
    "council_list.txt": ("briefing_note", [
        ("Waiting times for occupational therapy.", None),
        ("Joint commissioning of autism services with the CCG.", None),
        ("Quality assurance of EHC plans.", None),
        ("Recruitment of therapists remains difficult.", None)]),
}


@pytest.mark.parametrize("name", list(FIXTURE_EXPECTED))
def test_variant_documents(name: str) -> None:
    doc_type, expected = FIXTURE_EXPECTED[name]
    found = findings_of(fixture(name), doc_type)
    assert [(f.title[:len(w)], f.verdict) for f, (w, _) in zip(found, expected, strict=False)] \
        == expected
    assert len(found) == len(expected)


def test_variant_letter_with_no_lead_in_phrase_at_all() -> None:
    """Weakness wording given as a bold line under 'Main findings', no 'initial inspection'
    phrase: each weakness runs from the previous verdict line to its own."""
    raw = "\n\n".join([
        "TEST DATA (invented)", "The area has made sufficient progress in addressing one of "
        "the two significant weaknesses.", "## Main findings",
        "**Leaders did not know how long families waited for therapy.**",
        "Leaders now publish waiting times every month.",
        "The area has made sufficient progress in addressing this significant weakness.",
        "**The local offer was incomplete.**", "Parents still cannot find the short breaks offer.",
        "The area has not made sufficient progress in addressing this significant weakness.",
        "Yours sincerely"])
    found = findings_of(clean_text(raw), "revisit_letter")
    assert [(f.title, f.verdict) for f in found] == [
        ("Leaders did not know how long families waited for therapy.", S),
        ("The local offer was incomplete.", N)]
    assert found[1].text == "Parents still cannot find the short breaks offer."


def test_variant_report_rows_keep_their_continuations() -> None:
    found = findings_of(fixture("report_2023.txt"), "inspection_report")
    assert [f.kind for f in found] == ["priority_action"] * 3 + ["improvement"] * 3
    assert found[1].text.endswith("they describe children's needs precisely.")  # page break
    assert "They should also ensure that families are supported" in found[2].text
    assert "They should also check" in found[4].text
    assert "Integrated Care Board" not in found[1].text  # the body cell is not wording


def test_unknown_kind_only_takes_unambiguous_findings() -> None:
    raw, _ = variant_letter(LEADS[0], "separate", 3, shift=0)
    assert len(findings_of(clean_text(raw), "other")) == 3
    prose = "Parents were asked about the local offer.\n\nLeaders should improve it."
    assert findings_of(prose, "other") == []
    assert findings_of("", "revisit_letter") == []


def test_finding_ids_are_content_hashes() -> None:
    text, first = letter("Wokingham")
    _, again = letter("Wokingham")
    assert [f.finding_id for f in first] == [f.finding_id for f in again]
    assert len({f.finding_id for f in first}) == len(first)
    other = extract_findings(text, doc_id="another-doc", doc_type="revisit_letter",
                             area="Wokingham", date=None)
    assert not {f.finding_id for f in other} & {f.finding_id for f in first}


# --- the extraction table -----------------------------------------------------------------------


def test_print_extraction_table(capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[tuple[str, Finding]] = []
    for area in LETTERS:
        rows += [(area, f) for f in letter(area)[1]]
    for name, (doc_type, _) in FIXTURE_EXPECTED.items():
        rows += [(f"[test data] {name}", f) for f in findings_of(fixture(name), doc_type)]
    shown = ("derbyshire", "oxfordshire", "plymouth")
    for area in shown:
        rows += [(area, f) for f in findings_of(report_text(area), "inspection_report", area)]
    lines = [f"{'area':34} {'kind':20} {'n':>2} {'verdict':24} {'theme':22} title",
             "-" * 150]
    lines += [f"{area[:34]:34} {f.kind:20} {f.number:>2} {f.verdict or '-':24} {f.theme:22} "
              f"{f.title[:60]}" for area, f in rows]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert len(rows) == (sum(len(v[2]) for v in LETTERS.values())
                         + sum(len(v[1]) for v in FIXTURE_EXPECTED.values())
                         + sum(sum(REPORTS[a]) for a in shown))


@pytest.mark.slow
def test_print_report_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """Found / expected per 2023 report, and the totals."""
    lines = [f"{'report':24} {'priority actions':>17} {'improvements':>13}"]
    totals = Counter[str]()
    for area, (pa, afi) in REPORTS.items():
        kinds = Counter(f.kind for f in findings_of(report_text(area), "inspection_report"))
        totals.update({"pa": kinds["priority_action"], "afi": kinds["improvement"],
                       "pa_expected": pa, "afi_expected": afi})
        lines.append(f"{area:24} {kinds['priority_action']:>8} / {pa:<6} "
                     f"{kinds['improvement']:>6} / {afi:<4}")
    lines.append(f"{'total':24} {totals['pa']:>8} / {totals['pa_expected']:<6} "
                 f"{totals['afi']:>6} / {totals['afi_expected']:<4}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert totals["pa"] == totals["pa_expected"] == 36
    assert totals["afi"] == totals["afi_expected"] == 150


def test_a_row_is_on_the_theme_its_own_heading_names_as_well_as_its_filed_one() -> None:
    row = Finding(
        finding_id="t1", doc_id="test-doc", area="Testshire", date="2024-01-01",
        framework="2023", kind="improvement", number=3,
        title="Health leaders should cut delays in some health services so that needs are "
              "identified early.",
        text="", theme="identification")
    assert on_themes(row, ["identification"])
    assert on_themes(row, ["health_services"])  # what the heading names
    assert not on_themes(row, ["transitions"])
    weakness = row.model_copy(update={"kind": "significant_weakness"})
    assert not on_themes(weakness, ["health_services"])  # a letter's weakness keeps its own
