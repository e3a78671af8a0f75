"""The passages a question is answered from: each named area in turn, other areas, practice."""

from __future__ import annotations

from assistant.answering.across_areas import asks_for_strengths
from assistant.answering.structured import asks_for_practice
from assistant.catalogue import Catalogue
from assistant.grounding.relevance import MIN_SUBJECT, coverage, subject_terms
from assistant.retrieval import HybridRetriever
from assistant.understanding import vocabulary
from assistant.understanding.query import Query
from core.models import Filters, SearchHit


def passages_for(query: Query, filters: Filters | None, retriever: HybridRetriever, k: int,
                 catalogue: Catalogue) -> list[SearchHit]:
    """Top passages for the question; "how did other areas ...?" leaves out the areas
    talked about so far (searched without their names, which would pull them back in)."""
    practice = asks_for_practice(query)
    if len(query.areas) > 1 and filters is not None and not practice:
        return _per_area(query, filters, k, retriever)
    if not query.other_than and not practice:
        # across areas, each area's passage on the subject is wanted, not the best few areas'
        depth = ACROSS_DEPTH if reads_across(query) else 1
        return retriever.search(search_text(query), k=depth * k, filters=filters)
    # (a follow-up's rewriting names the areas left out: searched as asked instead)
    text = query.question if query.other_than and query.follow_up else search_text(query)
    across = reads_across(query)
    # strengths across areas are a few passages in each report: searched deeper
    depth = STRENGTHS_DEPTH if asks_for_strengths(query) and not query.areas else ACROSS_DEPTH
    hits = retriever.search(text, k=depth * k, filters=filters)
    hits = [h for h in hits if h.passage.area not in query.other_than]
    if practice:
        # A report tells practice under "what is ... effective?", not in its findings (what
        # must improve); a revisit letter tells what was done under each weakness, and a
        # council paper what the council is doing.
        # (a council paper's workstreams are findings too, and they say what is being done)
        narrative = [h for h in hits if not h.passage.finding_id
                     or h.passage.doc_type in _DOING_KINDS]
        # ("which areas have a good X?" asks for strengths: a report's "effective" text,
        # not what a letter or council paper says was done about a weakness)
        kinds = () if asks_for_strengths(query) else _DOING_KINDS
        doing = [h for h in narrative if vocabulary.EFFECTIVE.mentions(h.passage.heading)
                 or h.passage.doc_type in kinds]
        # About named areas, what they do may be told anywhere in their documents: those
        # passages come first, not alone; across areas only they are examples.
        rest = [h for h in narrative if h not in doing] \
            if query.areas or len(doing) < k else []
        hits = _on_subject(query, doing + rest, catalogue) or narrative
    return hits[:ACROSS_DEPTH * k if across else k]


def _on_subject(query: Query, hits: list[SearchHit], catalogue: Catalogue) -> list[SearchHit]:
    """Passages holding the question's subject first, in their order: an area's help
    "while families wait" may be told beside the problem it eases, under what it must do
    better, behind passages that hold none of the subject (the area's contacts)."""
    known = sorted({d.area for d in catalogue.get()[0]})
    subject = subject_terms(query.asked, known, catalogue.vocabulary(),
                            query.intent)
    if not subject:
        return hits
    on = [h for h in hits if coverage(subject, [f"{h.passage.heading}\n{h.passage.text}"])
          >= MIN_SUBJECT]
    return on + [h for h in hits if h not in on]


def _per_area(query: Query, filters: Filters, k: int,
              retriever: HybridRetriever) -> list[SearchHit]:
    """Several named areas are searched one by one, so each has passages to answer from
    (searched together, the area whose documents match best takes every place)."""
    share = max(4, 2 * k // len(query.areas))  # each area a fair hearing, not a sliver
    found = [retriever.search(search_text(query), k=share,
                              filters=filters.model_copy(update={"area": [area]}))
             for area in query.areas]
    return [hits[rank] for rank in range(share) for hits in found if rank < len(hits)]


def search_text(query: Query) -> str:
    """A follow-up is searched with the question it follows: "what did the offer include?"
    finds the passage about the offer the last answer named."""
    return f"{query.rewritten} {query.context}".strip()


_DOING_KINDS = frozenset({"revisit_letter", "committee_report", "briefing_note"})
STRENGTHS_DEPTH = 8  # times k: passages searched for strengths across areas
ACROSS_DEPTH = 3  # times k: passages searched across areas (and read, when areas are asked for)


def reads_across(query: Query) -> bool:
    """ "Which areas were criticised for X?", "have any areas had problems with X?": asked of
    the collection, not of an area named or talked about. (What other areas do is searched
    as practice; "how early are other areas starting ...?" is read as one answer.)"""
    return not query.areas and query.intent == "which_areas"
