"""The glossary, built from the documents' own words: where they spell out an abbreviation
(abbreviations.py), where a sentence says what a term is, and what each 2023 inspection outcome
means (definitions.py). Each entry quotes the clearest wording and cites its passage; our own
line (glossary_ours.py) is shown only where the documents never say what a term is.

Built from the store's passages when first asked for and again when the store's generation
changes (an ingest or an upload), not at ingest: nothing to store, no re-ingest of existing
stores, and an uploaded document's definitions count as soon as it is in (0.6 s for the
corpus's 1,085 passages on a loaded 2-core machine).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from assistant.abbreviations import find_abbreviations
from assistant.definitions import (
    MAX_TERM_WORDS,
    definitions,
    outcome_paragraphs,
    under_headings,
    words,
)
from assistant.glossary_ours import OUR_WORDS
from core.models import Document, Passage

SourceKind = Literal["expansion", "definition", "outcome"]


class GlossarySource(BaseModel):
    """The documents' wording, verbatim from one passage, and where it is."""

    kind: SourceKind = Field(description="expansion (an abbreviation spelled out), definition "
                             "(a sentence saying what the term is) or outcome (what a 2023 "
                             "inspection outcome means)")
    quote: str = Field(description="The passage's exact words")
    chunk_id: str
    doc_id: str
    title: str
    area: str
    doc_type: str
    date: str | None


class GlossaryEntry(BaseModel):
    """A term, the documents' own wording for it, and where that comes from."""

    term: str
    origin: Literal["documents", "ours"] = Field(
        description="documents: quoted from them; ours: no document says what it is")
    meaning: str = Field(description="In a line: the documents' expansion or definition, or ours")
    sources: list[GlossarySource] = Field(default_factory=list)
    ours: str | None = Field(default=None, description="Our plain-English line, given only when "
                             "the documents never say what the term is")
    documents: int = Field(description="How many documents use the term")
    also: list[str] = Field(default_factory=list, description="Other spellings in the documents")


@dataclass
class _Draft:
    """What is found about one term while the glossary is built."""

    key: str
    names: Counter[str] = field(default_factory=Counter)
    expansions: list[tuple[str, Passage, int, int]] = field(default_factory=list)
    definitions: list[tuple[Passage, int, int]] = field(default_factory=list)
    outcomes: list[tuple[Passage, int, int]] = field(default_factory=list)
    ours: str | None = None
    exact: set[tuple[str, ...]] = field(default_factory=set)  # abbreviations, case kept
    folded: set[tuple[str, ...]] = field(default_factory=set)  # phrases, case aside


def build_glossary(passages: Sequence[Passage], docs: Sequence[Document]) -> list[GlossaryEntry]:
    """Every term the documents spell out or define, and those of ours they never do."""
    drafts = _abbreviation_drafts(passages)
    _add_ours(drafts)
    _add_outcomes(drafts, passages, docs)
    index = _Index(drafts.values())
    for p in passages:
        for key, start, end in [*definitions(p.text, index.term_of),
                                *under_headings(p.text, index.term_of)]:
            drafts[key].definitions.append((p, start, end))
    used = index.documents_using(passages)
    for d in drafts.values():  # a report naming its outcome only in its own words uses it too
        used[d.key] |= {f[1].doc_id for f in d.expansions} | {
            p.doc_id for p, *_ in d.definitions + d.outcomes}
    entries = [_entry(d, len(used[d.key]), index.spelled) for d in drafts.values()]
    return sorted((e for e in entries if e is not None), key=lambda e: e.term.casefold())


def short_key(short: str) -> str:
    """One key for the spellings of an abbreviation: "EHCPs", "EHCP" -> "ehcp"."""
    short = short.replace("(s)", "")
    if short.endswith("s") and sum(c.isupper() for c in short[:-1]) >= 2:
        short = short[:-1]
    return short.casefold()


def singular(short: str) -> str:
    """"EHCPs" -> "EHCP", "SENCos" -> "SENCo"; "SENDIASS" stays."""
    short = short.replace("(s)", "")
    return short[:-1] if short_key(short) != short.casefold() else short


def long_key(long: str) -> str:
    """One key for the wordings of an expansion, case, punctuation and a plural aside."""
    key = " ".join(words(long.casefold().replace("&", " and ")))
    return key[:-1] if key.endswith("s") and len(key) > 4 else key


def _abbreviation_drafts(passages: Sequence[Passage]) -> dict[str, _Draft]:
    drafts: dict[str, _Draft] = {}
    for p in passages:
        for a in find_abbreviations(p.text):
            draft = drafts.setdefault(short_key(a.short), _Draft(short_key(a.short)))
            draft.names[singular(a.short)] += 1
            draft.expansions.append((a.long, p, a.start, a.end))
            draft.exact.add(tuple(words(a.short)))
            draft.folded.add(tuple(w.casefold() for w in words(a.long)))
    # Spellings of one thing ("EHC plan", "EHCP") share their commonest expansion: one entry.
    merged: dict[str, _Draft] = {}
    for draft in sorted(drafts.values(), key=lambda d: -sum(d.names.values())):
        top = _commonest_long(draft)
        if top in merged:
            into = merged[top]
            into.names.update(draft.names)
            into.expansions += draft.expansions
            into.exact |= draft.exact
            into.folded |= draft.folded
        else:
            merged[top] = draft
    return {d.key: d for d in merged.values()}


def _commonest_long(draft: _Draft) -> str:
    return Counter(long_key(long) for long, *_ in draft.expansions).most_common(1)[0][0]


def _add_ours(drafts: dict[str, _Draft]) -> None:
    """Our line joins the entry the documents have for the term (by its abbreviation or by its
    expansion, "EHC needs assessment" = "education, health and care needs assessment"), or is
    an entry of its own."""
    by_long = {_commonest_long(d): d for d in drafts.values()}
    expand = {short_key(n): _commonest_long(d) for d in drafts.values() for n in d.names}
    for name, line in OUR_WORDS.items():
        spelled = " ".join(expand.get(short_key(w), w.casefold()) for w in words(name))
        draft = drafts.get(short_key(name)) or by_long.get(long_key(spelled)) or by_long.get(
            long_key(name))
        if draft is None:
            draft = drafts.setdefault(name.casefold(), _Draft(name.casefold()))
            draft.names[name] += 1
        if draft.ours is None:
            draft.ours = line
        if sum(c.isupper() for c in name) >= 2:  # "EHC plan", "SENCO": a headword if written
            draft.exact.add(tuple(words(name)))
            draft.names[name] += 0
        else:
            draft.folded.add(tuple(w.casefold() for w in words(name)))


def _add_outcomes(drafts: dict[str, _Draft], passages: Sequence[Passage],
                  docs: Sequence[Document]) -> None:
    """Each 2023 outcome, as the reports that reached it word it under "Inspection outcome"."""
    outcome_of = {d.doc_id: d.fields["outcome"] for d in docs if d.fields.get("outcome")}
    for p in passages:
        span = outcome_paragraphs(p.text) if p.doc_id in outcome_of else None
        if span is not None:
            label = outcome_of[p.doc_id]
            draft = drafts.setdefault(label, _Draft(label))
            draft.names[label] += 1
            draft.folded.add(tuple(words(label)))
            draft.outcomes.append((p, *span))


class _Index:
    """Which term a run of words is, and which documents use each term."""

    def __init__(self, drafts: Iterable[_Draft]) -> None:
        self.exact: dict[tuple[str, ...], str] = {}
        self.folded: dict[tuple[str, ...], str] = {}
        for d in drafts:
            for phrase in d.exact:
                self.exact.setdefault(phrase, d.key)
            for phrase in d.folded:
                self.folded.setdefault(phrase, d.key)
        self.firsts = {p[0] for p in self.exact} | {p[0] for p in self.folded}
        self.spelled: Counter[str] = Counter()  # how often each abbreviation is written

    def term_of(self, run: Sequence[str]) -> str | None:
        phrase = tuple(run)
        if phrase and phrase[-1].endswith("s") and phrase not in self.exact:
            phrase = (*phrase[:-1], phrase[-1][:-1])  # "EHC plans", "EHCPs"
        if phrase in self.exact:
            self.spelled[" ".join(phrase)] += 1
            return self.exact[phrase]
        folded = tuple(w.casefold() for w in run)
        if not folded:
            return None
        # "parent carer forums", "areas for improvement": a plural at either end.
        last = (*folded[:-1], folded[-1][:-1]) if folded[-1].endswith("s") else folded
        first = (folded[0][:-1], *folded[1:]) if folded[0].endswith("s") else folded
        return self.folded.get(folded) or self.folded.get(last) or self.folded.get(first)

    def documents_using(self, passages: Sequence[Passage]) -> dict[str, set[str]]:
        used: dict[str, set[str]] = defaultdict(set)
        for p in passages:
            found = words(p.text)
            for i, word in enumerate(found):
                if not {word, word[:-1], word.casefold(), word.casefold()[:-1]} & self.firsts:
                    continue
                for n in range(1, MAX_TERM_WORDS + 1):
                    key = self.term_of(found[i:i + n])
                    if key is not None:
                        used[key].add(p.doc_id)
        return used


def _entry(draft: _Draft, documents: int, spelled: Counter[str]) -> GlossaryEntry | None:
    expansion = _best_expansion(draft)
    said = [s for s in (_best_definition(draft.definitions, "definition"),
                        _best_definition(draft.outcomes, "outcome")) if s is not None]
    sources = ([expansion[0]] if expansion else []) + said
    ours = None if said else draft.ours  # ours only where the documents never say what it is
    if not sources and ours is None:
        return None
    # The headword: the spelling the documents write most ("EHC plan" over "EHCP"); one they
    # never write ("SENCO" of ours) is not offered as another spelling.
    term = max(draft.names, key=lambda n: (spelled[" ".join(words(n))], draft.names[n]))
    written = [n for n in draft.names if draft.names[n] or spelled[" ".join(words(n))]]
    meaning = expansion[1] if expansion else _flat(said[0].quote) if said else str(ours)
    return GlossaryEntry(term=term, origin="documents" if sources else "ours", meaning=meaning,
                         sources=sources, ours=ours, documents=documents,
                         also=sorted(n for n in written if n != term))


def _best_expansion(draft: _Draft) -> tuple[GlossarySource, str] | None:
    """The commonest expansion, in its commonest wording, quoted from its first passage."""
    if not draft.expansions:
        return None
    top = _commonest_long(draft)
    wording = Counter(long for long, *_ in draft.expansions if long_key(long) == top)
    chosen = wording.most_common(1)[0][0]
    _, p, start, end = min((e for e in draft.expansions if e[0] == chosen),
                           key=lambda e: (e[1].area, e[1].position))
    return _source("expansion", p, start, end), _flat(chosen)


def _best_definition(found: list[tuple[Passage, int, int]],
                     kind: SourceKind) -> GlossarySource | None:
    """The commonest wording (a template shared by many reports), else the shortest complete
    sentence of at least six words."""
    complete = [f for f in found if len(words(f[0].text[f[1]:f[2]])) >= 6] or found
    if not complete:
        return None
    counts = Counter(_flat(p.text[s:e]).casefold() for p, s, e in complete)
    p, start, end = min(complete, key=lambda f: (
        -counts[_flat(f[0].text[f[1]:f[2]]).casefold()],
        not f[0].text[f[1]:f[2]].rstrip().endswith((".", "!", "?")), f[2] - f[1],
        f[0].area))
    return _source(kind, p, start, end)


def _source(kind: SourceKind, p: Passage, start: int, end: int) -> GlossarySource:
    quote = p.text[start:end].strip().lstrip("-•* ")  # a bullet's mark is not its words
    return GlossarySource(kind=kind, quote=quote, chunk_id=p.chunk_id,
                          doc_id=p.doc_id, title=p.title, area=p.area, doc_type=p.doc_type,
                          date=p.date)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
