"""'What is an EHC plan?' answered from the glossary: the documents' own expansion and the
sentence that says what the term is, each quoted and cited; a term the documents never explain
is said to be so, with our plain line marked as ours."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.glossary_view import Glossary
from assistant.grounding.citations import citation
from core.models import Answer, Passage, SearchHit


def definition_answer(question: str, glossary: Glossary,
                      passages: Mapping[str, Passage]) -> Answer | None:
    """The glossary's entry for the term the question names, or None when it names none."""
    found = glossary.pattern.search(question)
    if found is None:
        return None
    said = " ".join(found.group(0).split()).casefold()
    entry = next((e for e in glossary.entries
                  if said in {n.casefold() for n in (e.term, *e.also, e.meaning)}
                  or said.rstrip("s") in {n.casefold() for n in (e.term, *e.also)}), None)
    if entry is None:
        return None
    held = [s for s in entry.sources if s.chunk_id in passages]  # (a store changed since)
    hits = [SearchHit(passage=passages[s.chunk_id], score=1.0) for s in held]
    lines = [f"“{s.quote}” [{n}]" for n, s in enumerate(held, start=1)]
    if not lines:
        return Answer(answer=f"The documents use “{entry.term}” without saying what it is. "
                      f"In plain words (ours, not the documents'): {entry.ours or entry.meaning}",
                      abstained=True, citations=[])
    # an abbreviation is spelled out first; a term the documents define is their sentence alone
    spelled = entry.sources[0].kind == "expansion" and entry.meaning != entry.term
    lead = f"{entry.term} stands for {entry.meaning}. " if spelled else ""
    return Answer(answer=" ".join([f"{lead}In the documents' words:", *lines]),
                  abstained=False,
                  citations=[citation(n, h) for n, h in enumerate(hits, start=1)])
