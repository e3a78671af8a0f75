"""Dates as UK inspection documents and council papers write them, read into ISO form."""

from __future__ import annotations

import datetime as dt
import re

# fmt: off
_MONTH_NAMES = (
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sep sept", "october oct", "november nov", "december dec",
)
# fmt: on
MONTHS = {name: i + 1 for i, names in enumerate(_MONTH_NAMES) for name in names.split()}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d\d)"
# Patterns, as a document's head writes dates: "23 June 2021", "5.12.19", "June 2021", ranges.
DATE = re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b")
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.IGNORECASE)
RANGE = re.compile(
    rf"\b{_DAY}(?:\s+{_MONTH})?(?:,?\s+{_YEAR})?\s*(?:and|to|until|-|–|—)\s*"
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}\b",
    re.IGNORECASE,
)
# fmt: off
_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
# fmt: on
_NUMBERS = {word: i for i, word in enumerate(_NUMBER_WORDS)}
_NUMBERS["both"] = 2


def iso(day: int | str, month: int | str, year: int | str) -> str | None:
    """ISO date, or None for an impossible one."""
    y = int(year)
    y = y + 2000 if y < 100 else y
    named = isinstance(month, str) and not month.isdigit()
    m = MONTHS[str(month).lower().rstrip(".")] if named else int(month)
    try:
        return dt.date(y, m, int(day)).isoformat()
    except ValueError:
        return None


def date_in(text: str) -> str | None:
    """First written date in `text` ("23 June 2021", "29TH JANUARY, 2020", "5.12.19")."""
    match = DATE.search(text)
    if match:
        return iso(match.group(1), match.group(2), match.group(3))
    numeric = NUMERIC_DATE.search(text)
    if numeric:
        return iso(numeric.group(1), numeric.group(2), numeric.group(3))
    month = MONTH_YEAR.search(text)
    if month:
        return f"{month.group(2)}-{MONTHS[month.group(1).lower()]:02d}"
    return None


def range_in(text: str) -> str | None:
    """First date range as "YYYY-MM-DD to YYYY-MM-DD" ("Between 27 and 29 June 2022")."""
    match = RANGE.search(text)
    if match is None:
        return None
    d1, m1, y1, d2, m2, y2 = match.groups()
    start, end = iso(d1, m1 or m2, y1 or y2), iso(d2, m2, y2)
    if start is None or end is None:
        return None
    return start if start == end else f"{start} to {end}"


def range_end(value: str | None) -> str | None:
    return value.split(" to ")[-1] if value else None


def after(text: str, lead: str) -> str | None:
    """The date written right after the phrase `lead` (a regex)."""
    match = re.search(lead + r"\s+(?:the\s+)?([^.;\n]{4,40})", text, re.IGNORECASE)
    return date_in(match.group(1)) if match else None


def first_date_line(text: str, within: int = 15) -> str | None:
    """The date of a letter: a paragraph that is only a date, near the top."""
    for para in text.split("\n\n")[:within]:
        line = para.strip()
        if DATE.fullmatch(line) or re.fullmatch(rf"\w+day,?\s+{DATE.pattern}", line, re.IGNORECASE):
            return date_in(line)
    return None


def iso_in(text: str) -> str | None:
    """An ISO date written in `text` (a file name), e.g. 'published-2024-09-06'."""
    match = re.search(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)", text)
    return iso(match.group(3), match.group(2), match.group(1)) if match else None


def human(value: str | None) -> str:
    """'2021-06-23' -> '23 June 2021'; ranges and partial dates are kept readable."""
    if not value:
        return ""
    if " to " in value:
        return " to ".join(human(part) for part in value.split(" to "))
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def number(word: str) -> int | None:
    """'six' -> 6, '12' -> 12."""
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


# --- dates as sentences write them: the answering code's patterns -------------------------------
# The month names of running text, capitalised: lower-case "may" is a verb. (MONTHS above reads
# any case and short forms, for the fields of a document's head.)
MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|November"
               "|December")
_ORDINAL_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Any date a sentence writes, a bare year included: digits around a month name ("11 and 13 May
# 2021", "May"), "2021", "11.05.2021", ISO. What is not a count of anything.
ANY_DATE = re.compile(
    rf"\b(?:{_ORDINAL_DAY}(?: and| to|-) ?)?(?:{_ORDINAL_DAY} )?(?:{MONTH_NAMES})"
    rf"(?: \d{{4}})?\b|\b(?:19|20)\d{{2}}\b"
    r"|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
)
# A date to the month or the day ("May 2021", "3 May 2021", "11.05.2021"): not a bare year.
FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}} )?(?:{MONTH_NAMES}) \d{{4}}\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}\b"
)
# The year in a law's name ("Children Act 2004", "Code of Practice 2015"): no date anything
# happened.
LAW_YEAR = re.compile(r"\b(?:Act|Regulations?|Practice|Code)\b[^.]{0,40}?\b(?:19|20)\d{2}\b")
# A date as a claim states it: "11 May 2021", "11 and 13 May 2021", "11th-15th March 2019",
# "May 2021", "in 2021". Its parts (day and year numbers, the month) are what must be found.
STATED_DATE = re.compile(
    rf"\b(?:{_ORDINAL_DAY}\s*(?:-|–|—|to|and)\s*)?(?:{_ORDINAL_DAY}\s+)?(?:{MONTH_NAMES})\b"
    r"(?:,?\s+(?:19|20)\d{2}\b)?"
    r"|\b(?:19|20)\d{2}\b"
)
# A day or year number, with an ordinal ending ("15th"): a pattern
_DAY_OR_YEAR = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th)?\b")
_MONTH_NAME = re.compile(rf"\b(?:{MONTH_NAMES})\b")  # as written, capitalised: not the verb
# An ISO date's three numbers (a field's value, "2021-06-23"): a pattern
_ISO_PARTS = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A year 1900-2099. [0-9], not \d: "20٢١" is not a year the documents write.
_YEAR_WORD = re.compile(r"\b(?:19|20)[0-9]{2}\b")


def year_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a year 1900-2099 as a word of its own, in ASCII digits."""
    return [m.span() for m in _YEAR_WORD.finditer(text)]


def years(text: str) -> list[str]:
    return _YEAR_WORD.findall(text)


def date_parts(text: str) -> set[str]:
    """Day and year numbers and month names in a text: '11th-15th March 2019' ->
    {'11', '15', 'march', '2019'}."""
    numbers = {n.lstrip("0") for n in _DAY_OR_YEAR.findall(text)}
    # month names as written, capitalised ("May", not the verb): a case-sensitive pattern
    return numbers | {m.lower() for m in _MONTH_NAME.findall(text)}


def iso_parts(text: str) -> set[str]:
    """Numbers inside ISO dates (2021-06-23 -> 2021, 6, 23): metadata a sentence may restate."""
    out: set[str] = set()
    for y, m, d in _ISO_PARTS.findall(text):
        out.update({y, m.lstrip("0"), d.lstrip("0")})
    return out


def _parse(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def written_pattern(value: str) -> re.Pattern[str] | None:
    """A regex for how a document writes an ISO date or range: '17 to 21 June 2024',
    'Between 11 May and 13 May 2021', '27 June to 1 July 2022'."""
    parts = [_parse(p) for p in value.split(" to ")]
    if not parts or any(p is None for p in parts):
        return None
    start, end = parts[0], parts[-1]
    assert start is not None and end is not None
    tail = rf"\b0?{end.day}(?:st|nd|rd|th)?\s+{end:%B},?\s+{end.year}\b"
    # a range's first day comes a little before the last one's digits and month
    lead = "" if start == end else rf"\b0?{start.day}(?:st|nd|rd|th)?\b[^.\n]{{0,40}}?"
    return re.compile(lead + tail, re.I)


def human_range(value: str) -> str:
    """'2024-06-17 to 2024-06-21' -> '17 to 21 June 2024'; one date -> '23 June 2021'."""
    parts = [_parse(p) for p in value.split(" to ")]
    if not parts or any(p is None for p in parts):
        return value
    start, end = parts[0], parts[-1]
    assert start is not None and end is not None
    if start == end:
        return f"{end.day} {end:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
