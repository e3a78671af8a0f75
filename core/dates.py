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
