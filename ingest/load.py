"""Load a file's raw text: plain text, Markdown, PDF, Word and HTML.

The loader only converts; the cleaner removes conversion artefacts. PDF pages are joined with a
form feed so the cleaner can see page boundaries (and repeated headers and footers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingest import pdf

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
# Fewer visible characters per page than this means there is no usable text layer.
MIN_CHARS_PER_PAGE = 40


class LoadError(Exception):
    """A file that cannot be turned into text, with a reason a user can act on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def discover(paths: Sequence[Path]) -> list[Path]:
    """Supported files under `paths`, sorted; skips hidden files and a folder's README.md."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(_walk(path))
        elif path.is_file():
            found.add(path)  # named explicitly: load_file reports an unsupported suffix
        else:
            raise LoadError(path, "no such file or directory")
    return sorted(found)


def _walk(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if rel.name.lower() == "readme.md" and len(rel.parts) == 1:
            continue  # the corpus README is provenance, not a document
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path


def load_file(path: Path) -> str:
    """Raw text of one file; raises LoadError with a readable reason when that is impossible."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(path, f"unsupported file type '{suffix or path.name}'")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise LoadError(path, "empty file")
    if suffix == ".pdf":
        text = _load_pdf(path)
    elif suffix == ".docx":
        text = _load_docx(path)
    elif suffix in (".html", ".htm"):
        text = html_to_text(_decode(path, data))
    else:
        text = _decode(path, data)
    if not text.strip():
        raise LoadError(path, "no text found in file")
    return text


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise LoadError(path, "binary content, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # Word-era council papers
    except UnicodeDecodeError as exc:
        raise LoadError(path, "text is neither UTF-8 nor Windows-1252") from exc


def _load_pdf(path: Path) -> str:
    try:
        pages = pdf.pdf_pages(path)
    except Exception as exc:  # pypdf raises many types for broken files
        raise LoadError(path, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise LoadError(path, "PDF has no pages")
    visible = sum(len(re.sub(r"\s", "", page)) for page in pages)
    if visible < MIN_CHARS_PER_PAGE * len(pages):
        raise LoadError(
            path,
            f"scanned PDF with no text layer ({len(pages)} pages, {visible} characters"
            " of text): run OCR first",
        )
    return "\f".join(pages)


def _load_docx(path: Path) -> str:
    import docx  # python-docx; imported here so plain-text ingestion does not need it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # zip / XML errors from a broken file
        raise LoadError(path, f"corrupt or unreadable Word file ({type(exc).__name__})") from exc
    blocks: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            blocks.append(_docx_paragraph(Paragraph(child, document)))
        elif child.tag.endswith("}tbl"):
            blocks.append(_docx_table(Table(child, document)))
    return "\n\n".join(block for block in blocks if block.strip())


def _docx_paragraph(paragraph: object) -> str:
    text = str(getattr(paragraph, "text", "")).strip()
    style = getattr(getattr(paragraph, "style", None), "name", "") or ""
    if text and "list" in style.lower():
        return f"- {text}"
    return text


def _docx_table(table: object) -> str:
    rows: list[str] = []
    for row in getattr(table, "rows", []):
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                cells.append(value)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "dl", "dt", "dd",
    "pre", "address", "figure", "figcaption", "br", "hr",
)  # fmt: skip
_LINE_TAGS = ("li", "tr", "br", "dt", "dd")
_PARA, _LINE = "\u0001", "\u0002"  # placeholders that survive whitespace collapsing


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: headings, paragraphs, list items and table rows as lines."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "nav", "noscript", "template", "head"]):
        tag.decompose()
    for inner in soup.select("li p, li div, td p, td div, th p, th div"):
        inner.unwrap()  # a list item or table cell stays on one line
    for cell in soup.find_all(["td", "th"]):
        if cell.find_previous_sibling(["td", "th"]) is not None:
            cell.insert_before(" | ")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before(_LINE if tag.name in _LINE_TAGS else _PARA)
        tag.insert_after(_LINE if tag.name in _LINE_TAGS else _PARA)
    for item in soup.find_all("li"):
        item.insert(0, "- ")
    # Source line breaks are not layout; the markers are: a paragraph wins over a line break.
    text = re.sub(f"[\\s{_PARA}{_LINE}]+", _break, soup.get_text())
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line not in ("-", "|")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _break(match: re.Match[str]) -> str:
    run = match.group(0)
    return "\n\n" if _PARA in run else "\n" if _LINE in run else " "
