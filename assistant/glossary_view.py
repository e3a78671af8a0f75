"""The glossary as the page and the API show it: built once per store generation, the hover
on terms in answers (mark_terms), and the Glossary tab's HTML, each source opening its passage
in the document panel as a citation does (static/sendqa.js reads data-open-doc/data-chunk).
"""

from __future__ import annotations

import html
import re
import threading
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.doc_view import KIND_NAMES
from assistant.glossary import GlossaryEntry, GlossarySource, build_glossary
from assistant.glossary_ours import NO_HOVER
from core.dates import human

if TYPE_CHECKING:
    from assistant.service import Service
    from core.store import PassageStore


@dataclass(frozen=True)
class Glossary:
    entries: list[GlossaryEntry]
    pattern: re.Pattern[str]  # every spelling of every term shown on hover, longest first
    exact: dict[str, str]  # abbreviations as the documents write them -> hover text
    folded: dict[str, str]  # phrases, case aside -> hover text


def make_glossary(entries: list[GlossaryEntry]) -> Glossary:
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for e in entries:
        if e.term.casefold() in NO_HOVER:
            continue
        tip = hover_text(e)
        for name in (e.term, *e.also):
            if sum(c.isupper() for c in name) >= 2:
                exact.setdefault(name, tip)
            else:
                folded.setdefault(name.casefold(), tip)
        if e.sources and e.sources[0].kind == "expansion":
            folded.setdefault(_flat(e.meaning).casefold(), tip)
    spellings = sorted({*exact, *folded}, key=len, reverse=True)
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in spellings) or "(?!)"
    pattern = re.compile(rf"(?<![\w&;])(?:{alternatives})s?(?![\w])", re.I)
    return Glossary(entries, pattern, exact, folded)


def hover_text(entry: GlossaryEntry) -> str:
    """The documents' expansion and what they say it is, or ours, in a line or two."""
    parts = [entry.meaning]
    parts += [_flat(s.quote) for s in entry.sources
              if s.kind != "expansion" and _flat(s.quote) != entry.meaning][:1]
    if entry.ours and entry.ours != entry.meaning:
        parts.append(f"(Our explanation: {entry.ours})")
    text = " — ".join(parts)
    return text if len(text) <= 400 else text[:399].rsplit(" ", 1)[0] + " …"


# --- one glossary per store, rebuilt when its generation changes -------------------------------

_LOCK = threading.Lock()
_BUILT: weakref.WeakKeyDictionary[PassageStore, tuple[str, Glossary]] = (
    weakref.WeakKeyDictionary())
_HOVER: dict[str, Service] = {}
_CHECKED: dict[str, tuple[float, Glossary]] = {}
RECHECK_SECONDS = 5.0  # how stale the hover may be after an upload (a generation read each time)


def glossary_for(service: Service) -> Glossary:
    """The glossary of the service's store as it is now (built from the cached catalogue)."""
    generation = service.store.generation()
    with _LOCK:
        built = _BUILT.get(service.store)
    if built is not None and built[0] == generation:
        return built[1]
    glossary = make_glossary(build_glossary(service.retriever.passages(), service.catalogue()))
    with _LOCK:
        _BUILT[service.store] = (generation, glossary)
    return glossary


def hover_from(service: Service) -> None:
    """Answers on the page underline terms from this service's glossary (one page a process)."""
    with _LOCK:
        _HOVER["service"] = service
        _CHECKED.clear()


def _hover_glossary() -> Glossary:
    now = time.monotonic()
    with _LOCK:
        service, checked = _HOVER.get("service"), _CHECKED.get("hover")
    if checked is not None and now - checked[0] < RECHECK_SECONDS:
        return checked[1]
    glossary = glossary_for(service) if service is not None else _OURS_ONLY
    with _LOCK:
        _CHECKED["hover"] = (now, glossary)
    return glossary


def mark_terms(escaped: str) -> str:
    """Wrap the first use of each glossary term in HTML-escaped text in an <abbr> whose title
    says what it means (hover, or read by a screen reader)."""
    glossary = _hover_glossary()
    seen: set[str] = set()

    def wrap(m: re.Match[str]) -> str:
        found = m.group(0)
        tip = _tip(glossary, found)
        if tip is None or tip in seen:
            return found
        seen.add(tip)
        return f'<abbr class="sendqa-term" title="{html.escape(tip, quote=True)}">{found}</abbr>'

    return glossary.pattern.sub(wrap, escaped)


def _tip(glossary: Glossary, found: str) -> str | None:
    """Abbreviations only as written ("send" the verb is not SEND); phrases in any case."""
    flat = _flat(html.unescape(found))
    for spelling in (flat, flat[:-1] if flat.endswith("s") else flat):
        if spelling in glossary.exact:
            return glossary.exact[spelling]
        if sum(c.isupper() for c in spelling) < 2 and spelling.casefold() in glossary.folded:
            return glossary.folded[spelling.casefold()]
    return None


# --- the Glossary tab -------------------------------------------------------------------------

def glossary_html(glossary: Glossary) -> str:
    entries = glossary.entries
    quoted = sum(e.origin == "documents" for e in entries)
    intro = (f'<p class="sendqa-meta">{len(entries)} terms: {quoted} in the documents\' own '
             f'words (each opens the passage it is quoted from), {len(entries) - quoted} in our '
             f'words where no document says what they are.</p>')
    items = "".join(_entry_html(e) for e in entries)
    return f'<div id="sendqa-glossary" class="sendqa-gloss">{intro}<dl>{items}</dl></div>'


def _entry_html(e: GlossaryEntry) -> str:
    also = (f' <span class="sendqa-gloss-also">also written {html.escape(", ".join(e.also))}'
            f'</span>' if e.also else "")
    said = "".join(_source_html(s) for s in e.sources)
    ours = (f'<p class="sendqa-gloss-ours"><span class="sendqa-badge sendqa-badge-ours">our '
            f'explanation</span> {html.escape(e.ours)}</p>' if e.ours else "")
    # a term of ours no document uses: its count would only say "0"
    used = (f'<p class="sendqa-meta">Used in {e.documents} document'
            f'{"s" if e.documents != 1 else ""}.</p>' if e.documents else "")
    return (f'<dt data-origin="{e.origin}"><dfn>{html.escape(e.term)}</dfn>{also}</dt>'
            f'<dd data-origin="{e.origin}">{said}{ours}{used}</dd>')


def _source_html(s: GlossarySource) -> str:
    where = (f"{s.area} · {KIND_NAMES.get(s.doc_type, s.doc_type)} · "
             f"{human(s.date) or 'date unknown'}")
    link = (f'<a href="#" class="sendqa-gloss-src" data-open-doc="{html.escape(s.doc_id)}" '
            f'data-chunk="{html.escape(s.chunk_id)}" aria-label="Open the passage in '
            f'{html.escape(s.title)}">{html.escape(where)}</a>')
    return (f'<p class="sendqa-gloss-doc"><span class="sendqa-badge sendqa-badge-doc">from the '
            f'documents</span> “{html.escape(_flat(s.quote))}” — {link}</p>')


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_OURS_ONLY = make_glossary(build_glossary([], []))
