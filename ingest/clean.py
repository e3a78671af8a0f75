"""Remove conversion artefacts from raw text without changing its wording.

Output contract (the chunker, the findings extractor and the evals rely on it):
paragraphs are separated by exactly one blank line; a heading is its own paragraph; list items
are lines starting "- "; table rows stay separate lines (cells joined with " | ").
Pages and paragraphs are built here; what one line is, and how lines join, is ingest.clean_lines.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from ingest.clean_lines import (
    BLANK_PAGE,
    CHAR_MAP,
    FUNCTION_WORDS,
    HTML_TAG,
    LONE_BULLET,
    PAGE_NUMBER,
    TERMINAL,
    classify_line,
    continues,
    furniture_key,
    is_short_line,
    join_lines,
    looks_like_heading,
    strip_marker,
    vocabulary,
)

_PAGE_BREAK_BLANKS = 2  # a run of this many blank lines (or a form feed) is a page break


@dataclass
class Para:
    """A paragraph being built: its lines, its kind and what separated it from the previous one."""

    lines: list[str]
    kind: str  # "prose" | "heading" | "list" | "table"
    page_break_before: bool = False


def clean_text(raw: str) -> str:
    """Cleaned text following the output contract above."""
    pages = [_normalise(page) for page in raw.split("\f")]
    vocab = vocabulary("\n".join(pages))
    pages = [_drop_page_furniture(page, len(pages)) for page in pages]
    pages = _drop_repeated_lines(pages)
    lines = "\n\n\n".join(pages).split("\n")
    width = _wrap_width(lines)
    paras: list[Para] = []
    blanks = 0
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            new = _block_paras(_attach_lone_bullets(block), width, vocab)
            if new:
                new[0].page_break_before = blanks >= _PAGE_BREAK_BLANKS
                paras.extend(new)
                blanks = 0
            block = []
        blanks += 1
    paras = _join_broken(paras, vocab)
    return "\n\n".join("\n".join(p.lines) for p in paras if p.lines)


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(CHAR_MAP)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = HTML_TAG.sub("", text)
    text = re.sub(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});", _unescape, text)
    out = []
    for line in text.split("\n"):
        if re.fullmatch(r"\s*[-=*_|:\s]*[-=*_]{3,}[-=*_|:\s]*", line):
            continue  # a Markdown rule or table header rule
        if "\t" in line or line.lstrip().startswith("|"):  # a tab-separated or Markdown row
            cells = [cell.strip() for cell in re.split(r"\t|\s*\|\s*", line) if cell.strip()]
            line = " | ".join(cells)
        out.append(line.rstrip())
    return "\n".join(out)


def _unescape(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def _drop_page_furniture(page: str, n_pages: int) -> str:
    """Page numbers and 'intentionally blank' notes at the top or bottom of a page."""
    lines = page.split("\n")
    edge = _edge_indexes(lines, 4)
    keep = []
    for i, line in enumerate(lines):
        bare = line.strip()
        if PAGE_NUMBER.match(bare) or BLANK_PAGE.match(bare):
            continue
        if i in edge and n_pages > 1 and re.fullmatch(r"[-–(]?\s*\d{1,3}\s*[-–)]?", bare):
            continue
        keep.append(line)
    return "\n".join(keep)


def _edge_indexes(lines: list[str], n: int, shrink: bool = False) -> set[int]:
    """The first and last `n` filled lines of a page (with `shrink`, fewer on a short page)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if shrink:
        n = max(2, min(n, len(filled) // 3))
    return set(filled[:n] + filled[-n:])


def _drop_repeated_lines(pages: list[str]) -> list[str]:
    """Headers and footers: short lines at a page edge that repeat on many pages."""
    if len(pages) < 3:
        return pages
    seen: Counter[str] = Counter()
    for page in pages:
        lines = page.split("\n")
        seen.update({furniture_key(lines[i]) for i in _edge_indexes(lines, 4, shrink=True)})
    repeated = {k for k, n in seen.items() if k and n >= max(3, len(pages) // 2)}
    out = []
    for page in pages:
        lines = page.split("\n")
        edge = _edge_indexes(lines, 4, shrink=True)
        out.append("\n".join(
            line for i, line in enumerate(lines)
            if i not in edge or furniture_key(line) not in repeated
        ))  # fmt: skip
    return out


def _wrap_width(lines: list[str]) -> int:
    """Typical length of a full line (hard-wrapped PDF text has many lines about this long)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return 80
    return max(40, lengths[int(len(lengths) * 0.8)])


def _attach_lone_bullets(block: list[str]) -> list[str]:
    """A bullet glyph drawn on its own line marks the next line; alone at the end it is noise."""
    out: list[str] = []
    for line in block:
        if out and LONE_BULLET.fullmatch(out[-1].strip()):
            out[-1] = f"- {line.strip()}"
        else:
            out.append(line)
    return [line for line in out if not LONE_BULLET.fullmatch(line.strip())]


def _block_paras(block: list[str], width: int, vocab: set[str]) -> list[Para]:
    """Turn consecutive non-blank lines into paragraphs: unwrap prose, keep rows and items."""
    units: list[tuple[str, str]] = []  # (kind, text)
    last = ""  # last physical line of the current unit
    for raw in block:
        kind, text = classify_line(raw)
        if not text.strip(" -|"):
            continue  # only markup: nothing left of the line
        joins = (
            units
            and kind == "prose"
            and (
                units[-1][0] == "list" or (units[-1][0] == "prose" and continues(last, text, width))
            )
        )  # in a list, every line up to the next marker belongs to the item
        if joins:
            units[-1] = (units[-1][0], join_lines(units[-1][1], text, vocab))
        else:
            units.append((kind, text))
        last = text
    return _group(units, width)


def _group(units: list[tuple[str, str]], width: int) -> list[Para]:
    """Consecutive list items / table rows / short lines share a paragraph; prose stands alone."""
    paras: list[Para] = []
    for kind, text in units:
        if kind == "prose" and is_short_line(text, width):
            kind = "short"
        prev = paras[-1] if paras else None
        if prev is not None and prev.kind == kind and kind in ("list", "table", "short"):
            prev.lines.append(text)
        else:
            paras.append(Para([text], kind))
    for para in paras:
        if para.kind == "short":
            single = len(para.lines) == 1 and looks_like_heading(para.lines[0])
            para.kind = "heading" if single else "table"
    return paras


def _join_broken(paras: list[Para], vocab: set[str]) -> list[Para]:
    """Rejoin a sentence split across a blank line or a page break."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if prev is not None and broken_between(prev.lines[-1], prev.kind, para):
            first = strip_marker(para.lines[0]) if para.kind == "list" else para.lines[0]
            prev.lines[-1] = join_lines(prev.lines[-1], first, vocab)
            prev.lines.extend(para.lines[1:])
            if para.kind == "list" and prev.kind == "prose" and len(prev.lines) > 1:
                prev.kind = "list"
            continue
        out.append(para)
    return out


def broken_between(prev_last: str, prev_kind: str, para: Para) -> bool:
    """Whether `para` continues the sentence that `prev_last` leaves unfinished."""
    if prev_kind not in ("prose", "list") or para.kind not in ("prose", "list"):
        return False
    if re.search(r"[.!?:;][\"')\]]*$", prev_last) or len(prev_last.split()) < 4:
        return False
    first = para.lines[0]
    if para.kind == "list":  # a converter put a bullet on the continuation after a page break
        return para.page_break_before and strip_marker(first)[:1].islower()
    if first[:1].islower():
        return True
    # An upper-case start continues only real prose (names and table cells have no
    # function words) into a full sentence.
    tail = prev_last.lower().split()[-10:]
    prose = sum(word in FUNCTION_WORDS for word in tail) >= 2
    return prose and bool(TERMINAL.search(first)) and not looks_like_heading(first)
