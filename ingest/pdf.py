"""PDF text with the structure pypdf's plain extraction loses.

pypdf gives text in drawing order. We keep its text exactly and use the position of each line
only to mark what it loses: a paragraph or table-row gap (a blank line) and the cells of a table
row (joined with " | "), so the cleaner can keep table rows as rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

ROW_GAP = 1.45  # a vertical gap wider than this many font sizes separates paragraphs / rows
# Table rows may be set only a little further apart than the lines within a row (14.5 pt line
# spacing, 15 pt between rows): a gap this many points above the usual spacing of its block is
# a row break too. Baselines jitter by about 0.1 pt, so this stays well clear of that noise.
ROW_SLACK = 0.3
_WORD = re.compile(r"\w")


@dataclass
class _Line:
    text: str
    x: float = 0.0
    y: float = 0.0
    size: float = 0.0

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def pdf_pages(path: Path) -> list[str]:
    """Text of each page of a PDF, with blank lines at layout gaps and table rows rebuilt."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("the PDF is password-protected")
    return ["\n".join(_layout(_page_lines(page))) for page in reader.pages]


def _page_lines(page: Any) -> list[_Line]:
    runs: list[tuple[str, list[float], list[float], float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        runs.append((text, cm, tm, size))

    page.extract_text(visitor_text=visit)
    lines: list[_Line] = [_Line("")]
    for text, cm, tm, size in runs:
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append(_Line(""))
            line = lines[-1]
            if tm[4] or tm[5]:
                if part.strip() and not line.text.strip():
                    line.x, line.y, line.size = _position(cm, tm, size)
                if _WORD.search(part) and not _WORD.search(line.text):
                    # the words' baseline: a bullet glyph in a symbol font can sit higher
                    _, line.y, line.size = _position(cm, tm, size)
            line.text += part
    return lines


def _position(cm: list[float], tm: list[float], size: float) -> tuple[float, float, float]:
    """Page x, y and font size of a text run from its text and transformation matrices."""
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    return x, y, abs(size * tm[3] * cm[3]) or size


def _layout(lines: list[_Line]) -> list[str]:
    """Emit lines, with a blank line at each layout break and table rows as 'a | b' lines."""
    out: list[str] = []
    flow: list[_Line] = []  # text lines since the last break, top to bottom
    prev: _Line | None = None
    sizes = sorted(line.size for line in lines if not line.blank)
    big = 1.2 * sizes[len(sizes) // 2] if sizes else 0.0  # heading-size text
    row_starts = _row_starts(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            out.append("")
            flow.append(line)
            i += 1
            continue
        if prev is not None and (_breaks(prev, line) or i in row_starts):
            cell = _first_cell(flow, line)
            if cell:  # `line` starts the next cell of a row whose first cell ends `flow`
                out = out[: len(out) - len(cell)]
                if not out or out[-1]:  # one blank line before the row, not two
                    out.append("")
                row, i = _row(lines, i, [cell])
                out += [row, ""]
                flow, prev = [], None
                continue
            out.append("")
            flow = []
        elif prev is not None and min(prev.size, line.size) >= big and abs(prev.x - line.x) < 2:
            out[-1] = _join_cell([prev, line])  # a heading wrapped over two lines
            flow[-1] = prev = _Line(out[-1], prev.x, line.y, line.size)
            i += 1
            continue
        out.append(line.text)
        flow.append(line)
        prev = line
        i += 1
    return out


def _breaks(prev: _Line, line: _Line) -> bool:
    size = max(prev.size, line.size, 6.0)
    same_row_right = abs(line.y - prev.y) <= 2 and line.x > prev.x + 20
    return same_row_right or line.y > prev.y + 2 or prev.y - line.y > ROW_GAP * size


def _row_starts(lines: list[_Line]) -> set[int]:
    """Indexes of lines set just slightly further below the previous line than the usual line
    spacing of their block (a run of same-size lines with no other break): new table rows."""
    starts: set[int] = set()
    for run in _runs(lines):
        gaps = [lines[a].y - lines[b].y for a, b in pairwise(run)]
        if len(gaps) < 2:
            continue  # one gap has nothing to be compared with
        usual = sorted(gaps)[(len(gaps) - 1) // 2]  # the lower median: the line spacing
        starts.update(b for b, gap in zip(run[1:], gaps, strict=True) if gap > usual + ROW_SLACK)
    return starts


def _runs(lines: list[_Line]) -> list[list[int]]:
    """Indexes of consecutive same-size text lines with no blank line or layout break between."""
    runs: list[list[int]] = []
    prev: _Line | None = None
    for i, line in enumerate(lines):
        if line.blank:
            prev = None
            continue
        if prev is None or _breaks(prev, line) or abs(prev.size - line.size) > 0.1:
            runs.append([])
        runs[-1].append(i)
        prev = line
    return runs


def _first_cell(flow: list[_Line], line: _Line) -> list[_Line]:
    """When `line` jumps up to the top of a line in `flow` but further right, that line starts
    the first cell of a table row whose second cell `line` starts: return the cell's lines."""
    for k, other in enumerate(flow):
        if not other.blank and abs(other.y - line.y) < 2 and other.x < line.x - 20:
            return flow[k:]
    return []


def _row(lines: list[_Line], i: int, cells: list[list[_Line]]) -> tuple[str, int]:
    """Collect the following cells of a table row starting at lines[i]; return the row text."""
    top = lines[i].y
    while i < len(lines) and not lines[i].blank and abs(lines[i].y - top) < 2:
        cell = [lines[i]]
        i += 1
        while i < len(lines) and (lines[i].blank or _same_cell(cell, lines[i])):
            if not lines[i].blank:
                cell.append(lines[i])
            i += 1
        cells.append(cell)
        if i < len(lines) and lines[i].blank:
            break
    return " | ".join(_join_cell(cell) for cell in cells), i


def _same_cell(cell: list[_Line], line: _Line) -> bool:
    """A cell may hold spaced paragraphs or bullets; a line further left than the cell starts
    the next row, and a jump up or a wide gap ends the table."""
    prev, size = cell[-1], max(cell[-1].size, line.size, 6.0)
    below = 0 <= prev.y - line.y <= 3 * size
    return below and line.x >= cell[0].x - 20


def _join_cell(cell: list[_Line]) -> str:
    text = ""
    for line in cell:
        part = line.text.strip()
        if not part:
            continue
        glue = "" if not text or re.search(r"[A-Za-z]-$", text) else " "
        text += glue + part
    return text
