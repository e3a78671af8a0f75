"""The Ask tab's filters: areas, kinds of document and a date range to the month, turned into
the same Filters the API takes."""

from __future__ import annotations

import datetime as dt
import re

from assistant.errors import BadInput
from core.models import Document, Filters

_MONTH_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def month_choices(docs: list[Document]) -> list[tuple[str, str]]:
    """Every month from the earliest document's to the latest's, as ("March 2024", "2024-03")."""
    dates = sorted(d.date[:7] for d in docs if d.date and len(d.date) >= 7)
    if not dates:
        return []
    year, month = int(dates[0][:4]), int(dates[0][5:7])
    out: list[tuple[str, str]] = []
    while f"{year:04d}-{month:02d}" <= dates[-1]:
        out.append((dt.date(year, month, 1).strftime("%B %Y"), f"{year:04d}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_bound(value: str | None, end: bool) -> dt.date | None:
    """The first day of "2024-03" (or of "2024"), or its last day when `end`; None when empty.
    BadInput for anything else."""
    if not value:
        return None
    found = _MONTH_RE.match(value.strip())
    if not found or not 1 <= int(found.group(2) or 1) <= 12:
        raise BadInput(f"'{value}' is not a month: pick one from the list (e.g. March 2024).")
    year = int(found.group(1))
    first = int(found.group(2) or 1)
    last = int(found.group(2) or 12)
    if not end:
        return dt.date(year, first, 1)
    after = dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)
    return after - dt.timedelta(days=1)


def make_filters(areas: list[str] | None, kinds: list[str] | None, month_from: str | None,
                 month_to: str | None) -> Filters | None:
    """Filters from the controls; None when nothing is chosen. BadInput for a reversed range."""
    low, high = month_bound(month_from, end=False), month_bound(month_to, end=True)
    if low and high and low > high:
        raise BadInput(f"The date range starts ({month_from}) after it ends ({month_to}).")
    filters = Filters.model_validate({"area": areas or None, "doc_type": kinds or None,
                                      "date_from": low, "date_to": high})
    return None if filters.is_empty() else filters
