"""Areas for priority action and areas for improvement of 2023-framework area SEND reports.

Both sections are tables in the published PDFs, and their rows survive cleaning as lines. A row
of the priority-action table opens with its responsible body ("Bury Metropolitan Borough /
Council and NHS Greater / Manchester ICB"), which delimits the rows even across page breaks.
Rows of the improvement table have no such column: a new row is a new paragraph-like unit that
gives a direction to someone ("Leaders across the partnership should ...", "Health leaders need
to ..."), or follows a bulleted list; a unit that continues the previous one ("They should
also ...", "This includes ...") stays with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.textlines import Block, Line, ends_sentence, sentences

_SECTION = re.compile(r"^areas?\s+for\s+(priority\s+action|improvement)s?\s*:?$", re.IGNORECASE)
_STOP = re.compile(
    r"^(?:local\s+area\s+partnership\s+details|information\s+about\s+this\s+inspection"
    r"|inspection\s+team|what\s+(?:is|does|needs)\b|annex\b|appendix\b)",
    re.IGNORECASE,
)
# Running headers/footers and table headers, should cleaning have left any.
_NOISE = re.compile(
    r"^(?:responsible\s+body\b.*|(?:area\s+send\s+)?inspection\s*report:.*|\d+"
    r"|\d{1,2}(?:\s+[a-z]+)?(?:\s+\d{4})?\s+to\s+\d{1,2}\s+[a-z]+\s+\d{4}(?:\s+\d+)?|[◼▪•■●])$",
    re.IGNORECASE,
)
_BODY_LOWER = {"and", "of", "the", "for", "in", "&", "school", "schools", "college", "colleges",
               "leaders", "providers", "partners", "trust"}
_CONTINUES = re.compile(
    r"^(?:this|these|they|their|them|it|its|there|such|in\s+particular|in\s+addition|also"
    r"|however|furthermore|moreover|additionally|as\s+a\s+result|consequently|to\s+do\s+this)\b",
    re.IGNORECASE,
)
_ALSO = re.compile(r"\b(?:should|must|needs?\s+to)\s+also\b|\balso\s+(?:should|must|needs?)\b",
                   re.IGNORECASE)
# Someone is told to act: an agent, then a modal verb, in the same sentence.
_DIRECTIVE = re.compile(
    r"\b(?:leaders?|leadership|partnership|partners|commissioners|board|icb|ccg|authority|council"
    r"|area|providers|services|trust)\b[^.]{0,80}?\b(?:should|must|needs?|has\s+to|have\s+to)\b",
    re.IGNORECASE,
)
_INLINE_BULLET = re.compile(r"\s+[•▪◼■●]\s+")
_REPEATED_NAME = re.compile(r"^((?:[A-Z][\w’'&-]*,?\s+){2,6})(?=\1)")


@dataclass
class _Unit:
    lines: list[Line]
    text: str
    marker: str


def _is_body(text: str, after_body: bool) -> bool:
    """A line of the responsible-body column: a short run of organisation-name words."""
    words = text.replace(",", " ").rstrip(".").split()
    if not words or len(text) > 32 or words[0] in ("Leaders", "Area"):
        return False
    if text.endswith(".") and words[-1].lower() not in _BODY_LOWER:
        return False
    named = any(w[0].isupper() for w in words)
    return (named or after_body) and all(
        w[0].isupper() or w[0] == "(" or w.lower() in _BODY_LOWER for w in words)


Cell = tuple[Line, bool]  # a line, and whether it is known to be a responsible-body cell


def _body_flags(cells: list[Cell]) -> list[bool]:
    flags: list[bool] = []
    for ln, known in cells:
        flags.append(known or (not ln.marker and _is_body(ln.text, bool(flags) and flags[-1])))
    return flags


def _cells(ln: Line) -> list[Cell]:
    """Split a table row 'body | text' into its cells; also 'Plymouth City Council Plymouth
    City Council leaders should ...', where the body cell ran into the row text."""
    if ln.marker:
        return [(ln, False)]
    if " | " in ln.text:
        left, right = ln.text.split(" | ", 1)
        cut = ln.start + len(left)
        return [(Line(ln.start, cut, left.strip(), "", ln.gap), True),
                (Line(min(cut + 3, ln.end), ln.end, right.strip(), "", False), False)]
    m = _REPEATED_NAME.match(ln.text)
    if not m:
        return [(ln, False)]
    cut = ln.start + len(m.group(1))
    return [(Line(ln.start, cut - 1, m.group(1).strip(), "", ln.gap), True),
            (Line(cut, ln.end, ln.text[len(m.group(1)):], "", False), False)]


def _sections(lines: list[Line]) -> list[tuple[str, list[Cell]]]:
    out: list[tuple[str, list[Cell]]] = []
    kind = ""
    for ln in lines:
        m = _SECTION.match(ln.text)
        if m and not ln.marker:
            new = "priority_action" if m.group(1).lower().startswith("priority") else "improvement"
            if new != kind:
                kind = new
                out.append((kind, []))
        elif _STOP.match(ln.text):
            kind = ""
        elif kind and not _NOISE.match(ln.text):
            out[-1][1].extend(_cells(ln))
    return out


def _units(lines: list[Line]) -> list[_Unit]:
    """Join lines wrapped mid-sentence; every list item and every full sentence end splits."""
    units: list[_Unit] = []
    for ln in lines:
        if not units or ln.bullet or ends_sentence(units[-1].text):
            units.append(_Unit([ln], ln.text, ln.marker))
        else:
            units[-1].lines.append(ln)
            units[-1].text = f"{units[-1].text} {ln.text}"
    return units


def _opens_item(unit: _Unit, prev: _Unit | None) -> bool:
    if prev is None or unit.marker[:1].isdigit():
        return True
    if unit.marker or not unit.text[:1].isupper() or _CONTINUES.match(unit.text):
        return False
    if _ALSO.search(sentences(unit.text)[0]):
        return False
    return bool(prev.marker) or any(_DIRECTIVE.search(s) for s in sentences(unit.text))


def _rows_by_wording(lines: list[Line]) -> list[list[_Unit]]:
    rows: list[list[_Unit]] = []
    prev: _Unit | None = None
    for unit in _units(lines):
        if _opens_item(unit, prev) or not rows:
            rows.append([unit])
        else:
            rows[-1].append(unit)
        prev = unit
    return rows


def _rows_by_body(lines: list[Line], flags: list[bool]) -> list[tuple[int, list[Line]]]:
    """Priority-action rows: a run of body lines before a capitalised start opens a row."""
    rows: list[tuple[int, list[Line]]] = []
    run_start: int | None = None
    last: Line | None = None
    for ln, is_body in zip(lines, flags, strict=True):
        if is_body:
            run_start = ln.start if run_start is None else run_start
            continue
        opens = run_start is not None and ln.text[:1].isupper() and (
            last is None or ends_sentence(last.text))
        if opens or not rows:
            rows.append((run_start if run_start is not None else ln.start, []))
        rows[-1][1].append(ln)
        last, run_start = ln, None
    return rows


def _block(kind: str, n: int, start: int, units: list[_Unit]) -> Block:
    text = "\n".join(f"- {u.text}" if u.marker and not u.marker[0].isdigit() else u.text
                     for u in units)
    text = _INLINE_BULLET.sub("\n- ", text)  # a table cell's bullets, run into one line
    first = _INLINE_BULLET.split(units[0].text)[0].strip()
    title = sentences(first)[0] if first else first
    return Block(kind, n, title, text, None, start, units[-1].lines[-1].end)


def _section_blocks(kind: str, cells: list[Cell], first_n: int) -> list[Block]:
    flags = _body_flags(cells)
    lines = [ln for ln, _ in cells]
    if kind == "priority_action" and any(flags):
        rows = _rows_by_body(lines, flags)
        return [_block(kind, first_n + i, start, _units(row))
                for i, (start, row) in enumerate(rows)]
    lines = [ln for ln, known in cells if not known]
    return [_block(kind, first_n + i, row[0].lines[0].start, row)
            for i, row in enumerate(_rows_by_wording(lines))]


def report_blocks(lines: list[Line]) -> list[Block]:
    """Every area for priority action and area for improvement, numbered per kind."""
    blocks: list[Block] = []
    counts: dict[str, int] = {}
    for kind, section in _sections(lines):
        if not section:
            continue
        found = _section_blocks(kind, section, counts.get(kind, 0) + 1)
        counts[kind] = counts.get(kind, 0) + len(found)
        blocks.extend(found)
    return blocks
