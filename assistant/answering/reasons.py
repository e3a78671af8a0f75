"""Why a verdict, or what changed: the sentences of a weakness's findings that explain it.

"Why not?" after "did Windsor and Maidenhead make sufficient progress on joint commissioning?"
is answered by the letter's own findings for that weakness: its verdict line, then the sentences
that say what is still wrong (for "not sufficient") or what changed (for "sufficient", and for
"what has Wandsworth changed to make EHC plans better?"). Each sentence is quoted verbatim and
cited to the passage that holds it.
"""

from __future__ import annotations

import re

from assistant.answering.quote import Table, main_document, sentences
from assistant.answering.verdicts import verdict_line
from assistant.grounding.relevance import SUBJECT_GAIN, coverage, subject_terms
from assistant.terms import token_set
from assistant.understanding import answer_vocabulary
from assistant.understanding.query import Query
from core.models import Document, Finding, Passage

MAX_REASONS = 4  # sentences quoted after the verdict line
# A pattern: "why" at the start after "and, " / "so " ([\s,]+ only), or "Why?" at the end.
_WHY_RE = re.compile(r"^\W*(?:(?:and|but|so|ok(?:ay)?)[\s,]+)?(?:why|how come)\b|\bWhy\?$", re.I)


def reason_lines(q: Query, t: Table) -> list[str]:
    """Verdict and explaining sentences for the letter weaknesses on the question's themes."""
    text = q.question if _WHY_RE.search(q.question) else q.rewritten
    why = bool(_WHY_RE.search(text))
    # ("was anything still wrong with the plans?" after a pass: what the letter still finds
    # wrong, whatever the verdict)
    remaining = answer_vocabulary.ASKS_REMAINING.mentions(text)
    asked = why or answer_vocabulary.ASKS_CHANGE.mentions(text)
    if not q.areas or not q.themes or not (asked or remaining):
        return []
    subject = subject_terms(q.asked, q.areas)
    lines: list[str] = []
    for area in q.areas:
        doc = main_document(t, area, q)
        if doc is None or doc.doc_type != "revisit_letter":
            continue
        for f in _asked_rows(q, t, doc):
            if not asked and f.verdict != "sufficient progress":
                continue  # what is still wrong with one not fixed is its verdict's own answer
            changed = not remaining and (not why or f.verdict == "sufficient progress")
            lines += _explained(t, doc, f, changed, subject,
                                "What is still wrong, in its words" if remaining else "")
    return lines


def _asked_rows(q: Query, t: Table, doc: Document) -> list[Finding]:
    """The weaknesses on the question's themes; or, when another weakness holds clearly more of
    the question's words ("children missing education" told under safeguarding, not under the
    exclusions weakness its theme names), that one."""
    themed = t.rows(doc, ("significant_weakness",), q.themes)
    subject = subject_terms(q.asked, q.areas)
    held = {f.finding_id: coverage(subject, [f"{f.title}\n{f.text}"])
            for f in t.rows(doc, ("significant_weakness",))}
    best = max(held, key=held.__getitem__, default=None)
    most = max((held.get(f.finding_id, 0.0) for f in themed), default=0.0)
    if best is not None and held[best] >= most + SUBJECT_GAIN:
        return [f for f in t.rows(doc, ("significant_weakness",)) if f.finding_id == best]
    return themed


def _explained(t: Table, doc: Document, f: Finding, changed: bool,
               subject: frozenset[str] = frozenset(), lead: str = "") -> list[str]:
    verdict = verdict_line(t, f, f"the {doc.area} revisit letter states, ")
    wanted = answer_vocabulary.CHANGED if changed else answer_vocabulary.STILL_WRONG
    picked = [s for s in sentences(f.text)
              if wanted.mentions(s) and not answer_vocabulary.WEAKNESS_HEADING.mentions(s)]
    # those on what was asked about first ("the health side": "Health reports are sometimes
    # not received ..."), else in the letter's order
    picked.sort(key=lambda s: -len(subject & token_set(s)))
    quoted = [(s, p) for s in picked[:MAX_REASONS] if (p := _holding(t, doc, s))]
    lead = lead or ("What changed, in its words" if changed else "Why, in its words")
    reasons = [f"{lead}: “{s}” {t.cites.mark(p)}" if i == 0 else f"“{s}” {t.cites.mark(p)}"
               for i, (s, p) in enumerate(quoted)]
    return ([verdict] if verdict else []) + reasons


def _holding(t: Table, doc: Document, sentence: str) -> Passage | None:
    """The passage of the document that holds the sentence (a finding may span passages)."""
    for p in t.by_doc.get(doc.doc_id, []):
        if sentence in " ".join(p.text.split()):
            return p
    return None
