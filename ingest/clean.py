"""Remove conversion artefacts from raw text without changing its wording.

Output contract (the chunker, the findings extractor and the evals rely on it):
paragraphs are separated by exactly one blank line; a heading is its own paragraph; list items
are lines starting "- "; table rows stay separate lines (cells joined with " | ").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

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
        if out and _LONE_BULLET.fullmatch(out[-1].strip()):
            out[-1] = f"- {line.strip()}"
        else:
            out.append(line)
    return [line for line in out if not _LONE_BULLET.fullmatch(line.strip())]


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


# --- line-level rules ---------------------------------------------------------------------------

CHAR_MAP = str.maketrans({
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\u00ad": "", "\ufeff": "",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\uf0b7": "•",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
})  # fmt: skip
_TAGS = (
    "a|abbr|b|big|blockquote|br|center|cite|code|del|div|em|font|h[1-6]|hr|i|img|ins|li|mark|ol"
    "|p|pre|q|s|section|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul"
)
HTML_TAG = re.compile(rf"</?(?:{_TAGS})(?:\s[^<>\n]*)?/?>", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"(?i)page\s+\d{1,4}(?:\s+of\s+\d{1,4})?")
BLANK_PAGE = re.compile(r"(?i)this page (?:is |has been )?intentionally (?:been )?left blank\.?")
_BULLET = re.compile(r"(?:[-*+]\s+|[■▪•●◼◦▫□−‣∙·]\s*)(?=\S)")
_LONE_BULLET = re.compile(r"[■▪•●◼◦▫□−‣∙·]")
_NUMBERED = re.compile(r"\(?\d{1,2}[.)]\s+\S")
_TERMINAL = re.compile(r"[.!?][\"')\]]*$")
# fmt: off
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
    "from", "with", "into", "onto", "than", "that", "which", "who", "whose", "whom", "as", "is",
    "are", "was", "were", "be", "been", "being", "has", "have", "had", "their", "its", "his",
    "her", "our", "your", "this", "these", "those", "such", "not", "no", "so", "if", "when",
    "where", "while", "both", "either",
))
# fmt: on
_MARKDOWN = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image -> alt text
    (re.compile(r"\[([^\]]+)\]\((?:https?://|mailto:|www\.|/|#)[^)\s]*\)"), r"\1"),  # link
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),  # bold
    (re.compile(r"__(?=\S)(.+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),  # italic
    (re.compile(r"\*\*"), ""),  # an unpaired bold marker
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])"), r"\1"),  # escaped punctuation
)


def furniture_key(line: str) -> str:
    """Comparable form of a short line: page numbers and dates vary between pages."""
    text = " ".join(line.split())
    if not text or len(text) > 120:
        return ""
    return re.sub(r"#(?:\s*#)*", "#", re.sub(r"\d+", "#", text.lower()))


def vocabulary(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", text)}


def strip_markdown(text: str) -> str:
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def classify_line(raw: str) -> tuple[str, str]:
    """(kind, text) of one physical line: 'heading', 'list', 'table' or 'prose'."""
    text = raw.strip()
    heading = re.match(r"#{1,6}\s+", text)
    text = strip_markdown(text[heading.end() :] if heading else text)
    bullet = _BULLET.match(text)
    if bullet:
        return "list", "- " + text[bullet.end() :]
    if " | " in text or text.endswith(" |"):
        return "table", text.rstrip(" |")
    if _NUMBERED.match(text) and len(text.split()) >= 4:
        return "list", "- " + text
    if heading and looks_like_heading(text, max_words=20):
        return "heading", text
    return "prose", text


def looks_like_heading(text: str, max_words: int = 14) -> bool:
    words = text.split()
    return (
        0 < len(words) <= max_words
        and not re.search(r"[.,;:]$", text)
        and (text[0].isupper() or text[0].isdigit())
        and " | " not in text
    )


def is_short_line(text: str, width: int) -> bool:
    """A line that is not wrapped prose: a heading, an address line, a table row."""
    if re.search(r"[.!?;:]$|[.!?] ", text) or text.split()[-1].lower() in _FUNCTION_WORDS:
        return False  # sentences and sentence fragments are prose
    return len(text) <= min(90, max(0.6 * width, 50))


def continues(last: str, nxt: str, width: int) -> bool:
    """Whether physical line `last` wraps into `nxt` (same sentence broken by the layout)."""
    if not last or not nxt:
        return False
    if re.search(r"[A-Za-z]-$", last) and nxt[0].isalpha():
        return True
    if nxt[0].islower():
        return True
    if _TERMINAL.search(last):
        return len(last) >= 0.85 * width
    if last.endswith((":", ";")):
        return False
    if last.endswith(",") or last.split()[-1].lower() in _FUNCTION_WORDS:
        return True
    return len(last) >= 0.6 * width


def join_lines(left: str, right: str, vocab: set[str]) -> str:
    """Join two pieces of one sentence; a line-end hyphen is dropped only for a known word."""
    left, right = left.rstrip(), right.lstrip()
    match = re.search(r"([A-Za-z]+)-$", left)
    if match and right[:1].isalpha():
        head = match.group(1)
        tail = re.match(r"[A-Za-z]+", right)
        whole = (head + (tail.group(0) if tail else "")).lower()
        hyphenated = f"{head}-{tail.group(0) if tail else ''}".lower()
        if whole in vocab and hyphenated not in vocab:
            return left[:-1] + right
        return left + right
    return f"{left} {right}"


def strip_marker(line: str) -> str:
    return line[2:] if line.startswith("- ") else line


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
    prose = sum(word in _FUNCTION_WORDS for word in tail) >= 2
    return prose and bool(_TERMINAL.search(first)) and not looks_like_heading(first)
