"""An answer made ready: verified, within its words, its source named, areas not held said."""

from __future__ import annotations

from assistant.answering.quote import and_list, named_source
from assistant.grounding.verify import verify
from assistant.understanding import vocabulary
from assistant.understanding.query import Query
from core.models import Answer


def finished(answer: Answer, query: Query, question: str, max_words: int) -> Answer:
    """Keep only what the cited passages support, within the words a reader is given (a list
    asked for whole is never cut), name the document, and name the areas the collection lacks."""
    full = vocabulary.FULL_LIST.mentions(question) or query.intent in LIST_INTENTS
    checked = verify(answer, None if full else max_words)
    named = named_source(checked)
    if named is not checked and not full and max_words:
        # the line naming the document counts against the words a reader is given
        lead = len(named.answer.split()) - len(checked.answer.split())
        named = named_source(verify(answer, max_words - lead))
    checked = named
    if query.unknown_areas and query.areas and not checked.abstained:
        # "north dorset, near salisbury in wiltshire": answered for the area held, and the
        # one not held is named, never silently dropped
        held = f"The collection holds nothing about {' or '.join(query.unknown_areas)}; " \
               f"about {and_list(query.areas)}: "
        checked = checked.model_copy(update={"answer": held + checked.answer})
    return checked


# Questions that ask for a list get the whole list: cutting it would make the count wrong.
LIST_INTENTS = frozenset({"list_findings", "not_fixed", "which_areas", "count", "compare"})
