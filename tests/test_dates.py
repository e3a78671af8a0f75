"""The date patterns shared by ingest and the answering code (core/dates.py)."""

from __future__ import annotations

import pytest

from core.dates import ANY_DATE, FULL_DATE, STATED_DATE, date_parts, iso_parts, years


def test_a_stated_date_is_found_with_its_day_range() -> None:
    said = "Inspectors revisited between 11th-15th March 2019, and wrote in May."
    assert [m.group(0) for m in STATED_DATE.finditer(said)] == ["11th-15th March 2019", "May"]


def test_date_parts_are_day_and_year_numbers_and_capitalised_months() -> None:
    assert date_parts("11th-15th March 2019") == {"11", "15", "march", "2019"}
    assert date_parts("you may go in 05") == {"5"}  # "may" the verb is no month


def test_iso_parts_drop_leading_zeros() -> None:
    assert iso_parts("dated 2021-06-03") == {"2021", "6", "3"}


@pytest.mark.parametrize(("text", "full", "any_date"), [
    ("The revisit took place on 3 May 2021.", True, True),
    ("It was inspected in 2019.", False, True),
    ("Minutes of 05.12.19", True, True),
    ("Leaders may act sooner.", False, False),
])
def test_full_and_any_dates(text: str, full: bool, any_date: bool) -> None:
    assert bool(FULL_DATE.search(text)) is full
    assert bool(ANY_DATE.search(text)) is any_date


def test_years_are_ascii_years_of_this_and_the_last_century() -> None:
    assert years("from 1998 to 2024, not 3024 or 20٢١") == ["1998", "2024"]
