"""What an answer searched (the documents the filters leave in) and which filter contradicts
the question.

With the area filter on Southampton, "what did Wokingham do?" must not be answered silently as if
the filter were not there: the notice names the filter and what the question asks instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.areas import find_areas
from core.dates import human
from core.models import Document, Filters

_KIND_PLURALS = {
    "revisit_letter": "revisit letters",
    "inspection_report": "inspection reports",
    "committee_report": "council committee papers",
    "briefing_note": "council briefing notes",
    "other": "other documents",
}
_YEAR_RE = re.compile(r"\b(20[0-4]\d|19[89]\d)\b")
# Words that ask for one kind of document ("what did the revisit letter say?").
_KIND_WORDS = {
    "revisit_letter": re.compile(r"\brevisit", re.I),
    "inspection_report": re.compile(r"\binspection reports?\b|\b2023 framework\b", re.I),
    "committee_report": re.compile(r"\bcommittee\b|\bscrutiny\b", re.I),
    "briefing_note": re.compile(r"\bbriefing\b", re.I),
}


def in_scope(docs: Sequence[Document], filters: Filters | None) -> list[Document]:
    """The documents the filters leave in."""
    if filters is None or filters.is_empty():
        return list(docs)
    areas = set(filters.area or [])
    kinds = set(filters.doc_type or [])
    low = filters.date_from.isoformat() if filters.date_from else ""
    high = filters.date_to.isoformat() if filters.date_to else "9999"
    return [d for d in docs if (not areas or d.area in areas) and (not kinds or d.doc_type in kinds)
            and (not (low or filters.date_to) or (d.date is not None and low <= d.date <= high))]


def answered_from(docs: Sequence[Document], filters: Filters | None) -> str:
    """"Searched 7 documents about 6 areas, dated 5 December 2019 to 6 December 2024.",
    naming each filter that narrowed them."""
    kept = in_scope(docs, filters)
    if not kept:
        return "No document matches the filters, so nothing could be searched."
    areas = sorted({d.area for d in kept})
    dates = sorted(d.date for d in kept if d.date)
    about = f"{', '.join(areas)}" if len(areas) <= 3 else f"{len(areas)} areas"
    text = f"Searched {len(kept)} document{'s' if len(kept) != 1 else ''} about {about}"
    if filters is not None and filters.doc_type:
        text += " (" + ", ".join(_KIND_PLURALS.get(k, k) for k in filters.doc_type) + " only)"
    if dates:
        text += f", dated {human(dates[0])}" + (f" to {human(dates[-1])}"
                                                if dates[-1] != dates[0] else "")
    return text + "."


def filter_conflicts(question: str, filters: Filters | None, known: Sequence[str]) -> list[str]:
    """One sentence per filter that leaves out what the question asks about."""
    if filters is None or filters.is_empty():
        return []
    notes: list[str] = []
    if filters.area:
        named = [m.name for m in find_areas(question, known) if m.known]
        outside = sorted({a for a in named if a not in filters.area})
        if outside:
            notes.append(f"Your question names {_join(outside)}, but the area filter is "
                         f"{_join(filters.area)}: clear the area filter to search "
                         f"{'them' if len(outside) > 1 else outside[0]}.")
    if filters.doc_type:
        asked = [k for k, pattern in _KIND_WORDS.items()
                 if pattern.search(question) and k not in filters.doc_type]
        if asked:
            notes.append(f"Your question asks about {_join([_KIND_PLURALS[k] for k in asked])}, "
                         f"but the kind filter keeps only "
                         f"{_join([_KIND_PLURALS.get(k, k) for k in filters.doc_type])}.")
    years = sorted({int(y) for y in _YEAR_RE.findall(question)})
    low = filters.date_from.year if filters.date_from else None
    high = filters.date_to.year if filters.date_to else None
    outside_years = [y for y in years if (low and y < low) or (high and y > high)]
    if outside_years:
        notes.append(f"Your question asks about {_join([str(y) for y in outside_years])}, "
                     f"outside the date filter ({date_span(filters)}).")
    return notes


def date_span(filters: Filters) -> str:
    """"1 January 2021 to 31 December 2022", "from 1 January 2021", "up to 31 December 2022"."""
    low = human(filters.date_from.isoformat()) if filters.date_from else ""
    high = human(filters.date_to.isoformat()) if filters.date_to else ""
    return f"{low} to {high}" if low and high else f"from {low}" if low else f"up to {high}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
