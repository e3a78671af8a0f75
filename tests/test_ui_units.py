"""Units of the page: the Ask tab's date range to the month (assistant/ui_filters.py: the
months offered and the Filters they make, the same the API takes) and how an upload's progress
reads (assistant/uploads.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.errors import BadInput
from assistant.ui_filters import make_filters, month_bound, month_choices
from core.models import Document


def doc(date: str | None) -> Document:
    return Document(doc_id=f"d-{date}", title="t", area="Wokingham", doc_type="other",
                    date=date, source="x.txt", text="", content_hash="h")


def test_months_run_from_the_earliest_document_to_the_latest() -> None:
    months = month_choices([doc("2023-11-20"), doc(None), doc("2024-02-03"), doc("2023-12-01")])
    assert months == [("November 2023", "2023-11"), ("December 2023", "2023-12"),
                      ("January 2024", "2024-01"), ("February 2024", "2024-02")]
    assert month_choices([doc(None)]) == []


@pytest.mark.parametrize(("value", "end", "expected"), [
    ("2024-02", False, dt.date(2024, 2, 1)),
    ("2024-02", True, dt.date(2024, 2, 29)),  # a leap year's February, inclusive
    ("2023-12", True, dt.date(2023, 12, 31)),
    ("2024", False, dt.date(2024, 1, 1)),
    ("2024", True, dt.date(2024, 12, 31)),
    ("", True, None),
    (None, False, None),
])
def test_month_bounds(value: str | None, end: bool, expected: dt.date | None) -> None:
    assert month_bound(value, end) == expected


@pytest.mark.parametrize("value", ["2024-13", "March", "2024-3-1", "24-03"])
def test_a_value_that_is_not_a_month_is_refused(value: str) -> None:
    with pytest.raises(BadInput, match="not a month"):
        month_bound(value, end=False)


def test_filters_from_the_controls() -> None:
    assert make_filters(None, [], None, None) is None
    filters = make_filters(["Wokingham"], None, "2021-06", "2021-06")
    assert filters is not None and filters.area == ["Wokingham"]
    assert (filters.date_from, filters.date_to) == (dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    with pytest.raises(BadInput, match="starts"):
        make_filters(None, None, "2022-01", "2021-12")


def test_upload_progress_reads_as_parsed_chunked_embedding_n_of_m() -> None:
    from assistant.uploads import progress_message
    from core.models import IngestProgress

    assert progress_message(IngestProgress(stage="parsing", file="a.pdf")) == "Parsing a.pdf…"
    at = IngestProgress(stage="embedding", file="a.pdf", passages_done=8, passages_total=22)
    assert at.percent == 36
    assert progress_message(at) == \
        "Parsed · chunked into 22 passages · embedding 8 of 22 passages (36%)"
    assert IngestProgress(stage="chunked", file="a.pdf").percent == 0
