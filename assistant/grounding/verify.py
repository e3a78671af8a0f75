"""One verifier for every answer: each claim must be supported by the passages it cites.

An answer (from the findings table, the facts, the reader or an LLM) is cut into claims: the
text up to and including each run of [n] markers. A claim is kept when
- every quotation in it (“...”) is found in a passage it cites, and the words around the
  quotations state no verdict the cited passages contradict; or
- it quotes nothing and assistant.grounding.support.check_support accepts it against its passages.
A claim with no marker is framing ("Bury's report sets 3 areas for improvement:"); it is kept
only while cited claims follow it. What is dropped is logged; an answer left with no cited claim
becomes an honest "the documents don't say" that still names the nearest documents.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.grounding.citations import CLAIM_RE
from assistant.grounding.citations import MARK_RE as _MARKS_RE
from assistant.grounding.support import Evidence, check_support, verdict_polarities
from assistant.grounding.tighten import QUOTED_RE as _QUOTED_RE
from assistant.terms import normalise
from core.models import Answer, Citation

log = logging.getLogger(__name__)

# Patterns of the answer's layout: a claim up to its markers, a quotation.
MAX_WORDS = 150  # a plain answer a parent can read; "list all ..." lifts the cap
SHORTENED = "(Shortened: ask for the full list to see the rest.)"
NOTHING_LEFT = "The documents don't say this clearly enough for me to answer with a source."


@dataclass(frozen=True)
class Claim:
    text: str
    cites: tuple[int, ...]
    ok: bool
    reason: str = ""


def claims_of(answer: Answer) -> list[Claim]:
    """Each claim of the answer with the citation numbers it carries, checked."""
    by_n = {c.n: c for c in answer.citations}
    out: list[Claim] = []
    for m in CLAIM_RE.finditer(answer.answer):
        text = m.group(0).strip()
        if not text:
            continue
        cites = tuple(int(n) for n in _MARKS_RE.findall(text) if int(n) in by_n)
        if not cites:
            out.append(Claim(text, (), True, "framing"))
            continue
        reason = unsupported(text, [by_n[n] for n in cites])
        out.append(Claim(text, cites, not reason, reason))
    return out


def unsupported(claim: str, cited: list[Citation]) -> str:
    """Why the cited passages do not support the claim; "" when they do."""
    passages = [normalise(c.text) for c in cited]
    quotes = [a or b for a, b in _QUOTED_RE.findall(claim)]
    for quote in quotes:
        # the words either side of each ellipsis ("..." or "…"): each must be in the passage
        said = normalise(quote).rstrip(". ").split("…")
        parts = [p.strip() for part in said for p in part.split("...") if p.strip()]
        if not any(all(p in text for p in parts) for text in passages):
            return f"quotation not in the cited passage: {quote[:60]!r}"
    if quotes:
        frame = _QUOTED_RE.sub(" ", claim)
        stated = verdict_polarities(frame)
        held = set().union(*(verdict_polarities(f"{c.text}") for c in cited))
        if stated and held and not stated & held:
            return "its verdict is not the cited passage's"
        return ""
    evidence = [Evidence(text=c.text, metadata=f"{c.area}\n{c.title}\n{c.date or ''}")
                for c in cited]
    support = check_support(claim, evidence)
    return "" if support.ok else support.reason


def verify(answer: Answer, max_words: int | None = MAX_WORDS) -> Answer:
    """The answer with unsupported claims dropped, cut to whole claims within max_words (None:
    the user asked for everything), and its citations renumbered."""
    if answer.abstained or not answer.citations:
        return answer
    claims = claims_of(answer)
    dropped = [c for c in claims if not c.ok]
    for c in dropped:
        log.info("dropped an unsupported claim (%s): %s", c.reason, c.text[:120])
    docs = {c.n: c.doc_id for c in answer.citations}
    kept = _without_repeats([c for c in claims if c.ok], docs)
    dropped += [c for c in claims if c.ok and c not in kept]
    while kept and not kept[-1].cites:  # framing with nothing after it
        kept.pop()
    if not any(c.cites for c in kept):
        return Answer(answer=NOTHING_LEFT, abstained=True, citations=answer.citations[:3])
    kept, cut = _within(kept, max_words)
    if not dropped and not cut:
        return answer
    more = f" {SHORTENED}" if cut else ""
    return _renumber(" ".join(c.text for c in kept) + more, answer.citations)


def _without_repeats(claims: list[Claim], docs: dict[int, str]) -> list[Claim]:
    """Never the same thing twice (two answers joined may both quote a verdict): a claim is
    dropped when everything it quotes, or, quoting nothing, its words, were said before from
    the same documents (two areas' reports may well say the same words of each)."""
    said: set[tuple[str, frozenset[str]]] = set()
    out: list[Claim] = []
    for claim in claims:
        where = frozenset(docs.get(n, "") for n in claim.cites)
        quotes = {normalise(a or b) for a, b in _QUOTED_RE.findall(claim.text)}
        own = {(q, where) for q in quotes or {normalise(_MARKS_RE.sub("", claim.text))}}
        if claim.cites and own <= said:
            continue
        said |= own
        out.append(claim)
    return out


def _within(claims: list[Claim], max_words: int | None) -> tuple[list[Claim], bool]:
    """Whole claims while they fit in max_words (the first always stays); framing that ends up
    last is dropped with what it introduced."""
    if max_words is None:
        return claims, False
    total = sum(len(c.text.split()) for c in claims)
    budget = max_words if total <= max_words else max_words - len(SHORTENED.split())
    out: list[Claim] = []
    words = 0
    for claim in claims:
        n = len(claim.text.split())  # as a reader counts them, markers included
        if out and words + n > budget:
            break
        out.append(claim)
        words += n
    cut = len(out) < len(claims)
    while cut and len(out) > 1 and not out[-1].cites:
        out.pop()
    return out, cut


def _renumber(text: str, citations: list[Citation]) -> Answer:
    used = list(dict.fromkeys(int(n) for n in _MARKS_RE.findall(text)))
    new = {old: i for i, old in enumerate(used, start=1)}
    by_n = {c.n: c for c in citations}
    text = _MARKS_RE.sub(lambda m: f"[{new.get(int(m.group(1)), int(m.group(1)))}]", text)
    cites = [by_n[old].model_copy(update={"n": new[old]}) for old in used if old in by_n]
    return Answer(answer=text, abstained=False, citations=cites)
