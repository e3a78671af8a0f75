"""An answer made ready: verified, within its words, its source named, areas not held said."""

from __future__ import annotations

from assistant.answering.quote import and_list, named_source
from assistant.grounding.citations import named_once
from assistant.grounding.verify import verify
from assistant.understanding import vocabulary
from assistant.understanding.clauses import asked_clause
from assistant.understanding.query import Query
from core.models import Answer


def finished(answer: Answer, query: Query, question: str, max_words: int,
             name: bool = True) -> Answer:
    """Keep only what the cited passages support, within the words a reader is given (a list
    asked for whole is never cut), name the document (unless `name` is false: half of an answer
    is named once joined), and name the areas the collection lacks."""
    # (the full list asked for by the clause that asks, not a premise: "Since X fixed every
    # weakness, has the board been disbanded?")
    full = vocabulary.FULL_LIST.mentions(asked_clause(question)) or query.intent in LIST_INTENTS
    checked = verify(answer, None if full else max_words)
    if name:
        checked = named_within(checked, answer, None if full else max_words)
    checked = named_once(checked)
    if query.unknown_areas and query.areas and not checked.abstained:
        # "north dorset, near salisbury in wiltshire": answered for the area held, and the
        # one not held is named, never silently dropped
        held = f"The collection holds nothing about {' or '.join(query.unknown_areas)}; " \
               f"about {and_list(query.areas)}: "
        checked = checked.model_copy(update={"answer": held + checked.answer})
    return checked


def named_within(checked: Answer, answer: Answer, max_words: int | None) -> Answer:
    """The checked answer with its document named first; the line naming it counts against
    the words a reader is given, so the answer is checked again in fewer when it must be."""
    named = named_source(checked)
    if named is not checked and max_words:
        lead = len(named.answer.split()) - len(checked.answer.split())
        if len(named.answer.split()) > max_words:
            named = named_source(verify(answer, max_words - lead))
    return named


# Questions that ask for a list get the whole list: cutting it would make the count wrong.
LIST_INTENTS = frozenset({"list_findings", "not_fixed", "which_areas", "count", "compare"})
