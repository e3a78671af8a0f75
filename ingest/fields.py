"""Per-kind structured fields read from a document's text (visit dates, outcome, officers, ...).

Each reader returns (fields found, the document's date); absent fields are simply left out.
"""

from __future__ import annotations

import re

from core import dates

Found = tuple[dict[str, str], str | None]

OUTCOMES: tuple[tuple[str, str], ...] = (
    ("widespread and/or systemic failings", r"widespread\s+and\s*/\s*or\s+systemic\s+failings"),
    ("typically positive experiences and outcomes", r"typically\s+(?:lead\s+to\s+)?positive\s+exp"),
    ("inconsistent experiences and outcomes", r"inconsistent\s+experiences\s+and\s+outcomes"),
)
BODY = r"(?:Committee|Sub-Committee|Panel|Board|Cabinet|Forum|Council)"
_WORD = r"(?!(?:Ofsted|CQC|Care|Quality|Commission|Inspector|HMI|Lead|Her|His)\b)[A-Z][\w'.-]+"
_NAME = rf"{_WORD}(?:\s+{_WORD}){{1,3}}"
_LEAD = re.compile(
    rf"\b(?:(?:Mr|Mrs|Ms|Miss)\s+)?({_NAME})(?:,?\s+HMI)?,?\s+(Ofsted|CQC)(?:,?\s+HMI)?,?\s+"
    r"(?i:lead\s+inspector)"
)
_OVERALL = re.compile(  # a sentence of its own about the weaknesses as a whole
    r"(?:^|(?<=[.!?]\s))The\s+(?:local\s+)?area\s+has\s+(?:not\s+)?made\s+sufficient\s+progress"
    r"\s+in\s+addressing\s+(?!this\b|each\b|the\s+significant\s+weaknesses\s+detailed)[^.]*\.",
    re.M,
)


def letter_fields(text: str) -> Found:
    """A joint local area SEND revisit letter (2016-2022 framework)."""
    letter_date = dates.first_date_line(text)
    revisit = re.search(r"[^.\n]*\brevisited\b[^.\n]*", text, re.I)
    fields = {
        "letter_date": letter_date,
        "revisit_dates": dates.range_in(revisit.group(0)) if revisit else None,
        "wsoa_date": dates.after(text, r"(?:declared|judged|deemed)\s+fit\s+for\s+purpose\s+\w+"),
        "wsoa_issued": dates.after(text, r"statement\s+of\s+action\s+\(WSOA\)\s+issued\s+on"),
        "initial_report_published": dates.after(text, r"report\s+\w*\s*published\s+on"),
        "initial_inspection_date": _initial_inspection(text),
        "lead_inspectors": lead_inspectors(text),
        "overall_line": overall_line(text),
        "weakness_count": weakness_count(text),
    }
    return _present(fields), letter_date


def _initial_inspection(text: str) -> str | None:
    match = re.search(
        r"initial\s+inspection\s+(?:took\s+place\s+)?(?:in|on|between)\s+([^.,;]{4,40})", text, re.I
    )
    found = (dates.range_in(match.group(1)) or dates.date_in(match.group(1))) if match else None
    if found is None:
        year = re.search(r"since\s+the\s+(?:initial\s+)?inspection\s+in\s+(\d{4})\b", text, re.I)
        found = year.group(1) if year else None
    return found


def overall_line(text: str) -> str | None:
    """'The area has made sufficient progress in addressing five of the six ...' (+ the 'not')."""
    sentences = _OVERALL.findall(text)
    if not sentences:
        return None
    line = sentences[0]
    if len(sentences) > 1 and "not" in sentences[1].split()[:5] and "not" not in line.split()[:5]:
        line = f"{line} {sentences[1]}"
    return " ".join(line.split())


def weakness_count(text: str) -> str | None:
    """How many significant weaknesses the initial inspection found, as the letter states it."""
    match = re.search(r"\b(?:of|addressing)\s+the\s+(\w+)\s+significant\s+weaknesses", text, re.I)
    if match is None:
        match = re.search(r"\baddressing\s+(both)\s+(?:of\s+the\s+)?significant", text, re.I)
    number = dates.number(match.group(1)) if match else None
    return str(number) if number else None


def lead_inspectors(text: str) -> str | None:
    """Lead inspectors named in an inspection team list or a letter's signature table."""
    found = [f"{' '.join(n.split())} ({org} lead inspector)" for n, org in _LEAD.findall(text)]
    return "; ".join(dict.fromkeys(found)) or _signature_inspectors(text)


def _signature_inspectors(text: str) -> str | None:
    """A 2016-framework signature table: names in one row, roles beside or below them."""
    rows = [[c.strip() for c in line.split(" | ")] for line in text.split("\n")]
    found: list[str] = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            role = re.search(r"(?:HMI\s+)?(?:lead|CQC)\s+inspector$", cell, re.I)
            if not role:
                continue
            name = cell[: role.start()].strip(" ,")
            if not re.fullmatch(_NAME, name) and r > 0 and c < len(rows[r - 1]):
                name = rows[r - 1][c]  # the role row sits under the names row
            name = re.sub(r",?\s*HMI$", "", name).strip(" ,")
            if re.fullmatch(_NAME, name):
                role_text = role.group(0).lower()
                org = "CQC" if "cqc" in role_text else "Ofsted"
                found.append(f"{name} ({org} {'lead ' if 'lead' in role_text else ''}inspector)")
    return "; ".join(dict.fromkeys(found)) or None


def report_fields(text: str) -> Found:
    """An area SEND inspection report (2023 framework)."""
    inspected = re.search(r"inspection\s+dates?\s*:?\s*([^\n]{6,80})", text, re.I)
    previous = re.search(r"dates?\s+of\s+(?:the\s+)?previous\s+inspection\s*:?\s*([^\n]{3,80})",
                         text, re.I)  # fmt: skip
    fields = {
        "inspection_dates": dates.range_in(inspected.group(1)) if inspected else None,
        "previous_inspection": _previous(previous.group(1)) if previous else None,
        "outcome": find_outcome(text),
        "local_area_partnership": local_area_partnership(text),
        "lead_inspectors": lead_inspectors(text),
        "publication_date": dates.after(text, r"(?:date\s+of\s+publication|published)\s*:?"),
    }
    found = _present(fields)
    return found, found.get("publication_date") or dates.range_end(found.get("inspection_dates"))


def _previous(value: str) -> str | None:
    found = dates.range_in(value) or dates.date_in(value)
    if found is None and re.match(r"\s*(?:not|none|n/a)", value, re.I):
        return " ".join(value.split()).rstrip(".")  # e.g. "Not previously inspected"
    return found


def find_outcome(text: str) -> str | None:
    """The overall outcome, read from the outcome statement (the paragraphs after its heading)."""
    heading = re.search(r"^inspection\s+outcome\s*$", text, re.I | re.M)
    scope = text[heading.end() : heading.end() + 1500] if heading else text[:6000]
    hits = [(m.start(), name) for name, pat in OUTCOMES if (m := re.search(pat, scope, re.I))]
    return min(hits)[1] if hits else None


def local_area_partnership(text: str) -> str | None:
    """The bodies that make up the partnership (a council and an NHS integrated care board)."""
    made_up = re.search(
        r"partnership\s+(?:is\s+made\s+up\s+of|comprises|consists\s+of)\s+([^.\n]+)", text, re.I
    )
    if made_up:
        return " ".join(made_up.group(1).split())
    for match in re.finditer(r"(?:^|(?<=\.\s))([A-Z][^.\n]{5,250}?)\s+(?:are|is|became|were)\s+"
                             r"(?:jointly\s+)?responsible\s+for", text, re.M):  # fmt: skip
        subject = re.sub(r"^(?:In|On|Since|From)\s[^,]*,\s*", "", match.group(1))
        council = re.search(r"council|local\s+authority|borough", subject, re.I)
        if council and re.search(r"NHS|ICB|integrated\s+care|commissioning\s+group", subject, re.I):
            return " ".join(subject.split())
    table = re.search(r"^local\s+authority\s+integrated\s+care\s+board\n+(.+)", text, re.I | re.M)
    if table:  # the details table: "Council | NHS board" (the cells may have lost their bar)
        return re.sub(r"\s+\|\s+|\s+(?=NHS\b)", " and ", table.group(1), count=1)
    return None


def council_fields(text: str) -> Found:
    """A council committee report or briefing note: meeting, date, officers."""
    rows = _key_values(text)
    meeting_row = next((v for k, v in rows if re.search(r"consideration|meeting|committee|^date|"
                        r"report\s+to", k) and re.search(BODY, v, re.I)), None)  # fmt: skip
    meeting = _meeting_name(meeting_row) if meeting_row else _meeting_heading(text)
    date_row = _value(rows, r"date") or ""
    meeting_date = dates.date_in(meeting_row or "") or dates.date_in(date_row)
    fields = {
        "meeting": meeting,
        "meeting_date": meeting_date or dates.first_date_line(text, within=25),
        "lead_officer": _value(rows, r"lead\s+officer|responsible\s+officer|(?:^|report\s+)author"),
        "report_title": _value(rows, r"^(?:report\s+)?title$|^subject$"),
        "sponsor": _value(rows, r"sponsor"),
    }
    found = _present(fields)
    return found, found.get("meeting_date")


def _key_values(text: str) -> list[tuple[str, str]]:
    """'KEY | value' table rows and 'Key: value' lines, keys lower-cased."""
    rows = []
    for line in text.split("\n"):
        match = re.match(r"([A-Za-z][\w ()/&'-]{1,40}?)\s*(?::\s*\|?|\|)\s*(\S.*)$", line.strip())
        if match:
            rows.append((match.group(1).strip().lower(), match.group(2).strip(" |")))
    return rows


def _value(rows: list[tuple[str, str]], key: str) -> str | None:
    return next((v for k, v in rows if re.search(key, k)), None)


def _meeting_name(value: str) -> str:
    """'X Committee on 21 January 2020' / 'X Panel. 29th January 2020' -> the body's name."""
    end = re.search(r"\s+on\s+\d|[.,]?\s+\w*day\b|[.,]?\s+\d{1,2}(?:st|nd|rd|th)?\s+[A-Z]", value)
    return (value[: end.start()] if end else value).strip(" .,")


def _meeting_heading(text: str) -> str | None:
    """An upper-case heading naming the meeting body, e.g. 'ADULTS, ... SCRUTINY PANEL'."""
    small = {"and", "of", "the", "for", "in", "on"}
    for para in text.split("\n\n")[:20]:
        line = para.strip()
        if line.isupper() and re.search(BODY, line, re.I) and len(line) < 120:
            return " ".join(w if w in small else w.capitalize() for w in line.lower().split())
    return None


def _present(fields: dict[str, str | None]) -> dict[str, str]:
    return {k: v for k, v in fields.items() if v}
