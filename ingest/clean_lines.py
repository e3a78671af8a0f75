"""Line-level rules of the cleaner: what one physical line is (heading, list item, table row,
prose), whether it wraps into the next, and how two pieces of a sentence are joined.

ingest.clean builds paragraphs and pages from these.
"""

from __future__ import annotations

import re

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
LONE_BULLET = re.compile(r"[■▪•●◼◦▫□−‣∙·]")
_NUMBERED = re.compile(r"\(?\d{1,2}[.)]\s+\S")
TERMINAL = re.compile(r"[.!?][\"')\]]*$")
# fmt: off
FUNCTION_WORDS = frozenset((
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
    if re.search(r"[.!?;:]$|[.!?] ", text) or text.split()[-1].lower() in FUNCTION_WORDS:
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
    if TERMINAL.search(last):
        return len(last) >= 0.85 * width
    if last.endswith((":", ";")):
        return False
    if last.endswith(",") or last.split()[-1].lower() in FUNCTION_WORDS:
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
