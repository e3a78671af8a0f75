"""Layout rebuilt from PDF text positions (ingest.pdf), on synthetic lines: TEST DATA, invented
wording at positions modelled on the corpus reports (12 pt text, 14.5 pt line spacing)."""

from __future__ import annotations

from collections.abc import Callable

from ingest.pdf import _layout, _Line, _page_lines

Runs = list[tuple[str, float, float, float]]  # text, x, y, font size


def column(x: float, top: float, gaps: list[float], texts: list[str]) -> list[_Line]:
    """Lines at `x` going down the page from `top`, each `gaps[i]` below the one before."""
    ys = [top]
    for gap in gaps:
        ys.append(ys[-1] - gap)
    return [_Line(text, x, y, 12.0) for text, y in zip(texts, ys, strict=True)]


def test_rows_set_slightly_further_apart_than_their_lines_are_separated() -> None:
    # Three rows of a one-column table: 14.4-14.6 pt within a row, 15.0 pt between rows.
    lines = column(62.4, 500, [14.5, 15.0, 14.4, 14.6, 15.0], [
        "TEST DATA Leaders should improve the", "quality of plans.",
        "Health leaders need to reduce", "waiting times for", "assessments.",
        "Leaders should strengthen the offer."])
    assert _layout(lines) == [
        "TEST DATA Leaders should improve the", "quality of plans.", "",
        "Health leaders need to reduce", "waiting times for", "assessments.", "",
        "Leaders should strengthen the offer."]


def test_jittered_line_spacing_does_not_split_a_paragraph() -> None:
    lines = column(56.7, 500, [14.5, 14.4, 14.6, 14.5, 14.6], [f"line {i}" for i in range(6)])
    assert "" not in _layout(lines)


def test_one_gap_alone_is_not_compared_with_anything() -> None:
    # Two lines 15 pt apart: no usual spacing to measure against, so no row break.
    assert _layout(column(56.7, 500, [15.0], ["TEST DATA first", "second"])) == [
        "TEST DATA first", "second"]


def test_a_two_column_row_after_a_slightly_wider_gap_gets_one_blank_line() -> None:
    # Body cell drawn first, then the text cell starts again at the row's top (Bury's layout).
    first = column(62.4, 500, [14.5], ["TEST DATA Testshire", "Council"])
    first += column(223.6, 500, [14.5, 14.5], ["Leaders should act", "on plans and", "waits."])
    second = column(62.4, 456.5 - 15.0, [14.5], ["Testshire", "Council"])
    second += column(223.6, 441.5, [14.5], ["Leaders should also", "act on waits."])
    assert _layout(first + second) == [
        "", "TEST DATA Testshire Council | Leaders should act on plans and waits.", "",
        "Testshire Council | Leaders should also act on waits.", ""]


class _FakePage:
    """Calls the visitor with text runs as pypdf's extract_text does (identity matrices)."""

    def __init__(self, runs: Runs) -> None:
        self.runs = runs

    def extract_text(self, visitor_text: Callable[..., None]) -> str:
        identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        for text, x, y, size in self.runs:
            visitor_text(text, identity, [1.0, 0.0, 0.0, 1.0, x, y], None, size)
        return ""


def test_a_bullet_glyph_does_not_move_its_line_off_the_words_baseline() -> None:
    # The symbol-font bullet sits 0.7 pt above the words, as in the corpus PDFs.
    runs: Runs = [
        ("◼", 56.7, 689.6, 12.0), (" ", 65.7, 689.6, 12.0),
        ("TEST DATA Early help workers", 74.5, 688.9, 12.0), ("\n", 0.0, 0.0, 12.0),
        ("complete assessments.", 74.5, 674.4, 12.0),
    ]
    first, second = _page_lines(_FakePage(runs))
    assert (first.text, first.x, first.y) == ("◼ TEST DATA Early help workers", 56.7, 688.9)
    assert round(first.y - second.y, 1) == 14.5
