"""Real corpus passages for the answerer tests.

The five seed documents, ingested by the real pipeline into a cached store (tests/stores.py),
and searched by the service's own HybridRetriever (dense + BM25 fused, the service's area
filter). Nothing here is invented: every passage is corpus text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stores import seed_store, settings_for

from assistant.retrieval import HybridRetriever
from assistant.terms import normalise, split_sentences
from core.embeddings import load_embedder
from core.models import Answer, Filters, Passage, SearchHit
from core.store import PassageStore


@lru_cache(maxsize=1)
def seed_retriever() -> HybridRetriever:
    settings = settings_for(seed_store())
    embedder = load_embedder(settings)
    return HybridRetriever(PassageStore(settings, embedder), embedder, settings)


@lru_cache(maxsize=1)
def seed_passages() -> tuple[Passage, ...]:
    return tuple(seed_retriever().store.all_passages())


def hits_for(question: str, k: int = 8, area: str | None = None) -> list[SearchHit]:
    """The k best seed passages for the question, as the service's retriever ranks them,
    optionally within one area like the service's area filter."""
    filters = Filters(area=[area]) if area else None
    return seed_retriever().search(question, k=k, filters=filters)


def passage(area: str, contains: str) -> Passage:
    """The seed passage of an area whose text contains the given words."""
    found = [p for p in seed_passages() if p.area == area and contains in p.text]
    assert found, f"no {area} passage contains {contains!r}"
    return found[0]


def hit(p: Passage, score: float = 0.5) -> SearchHit:
    return SearchHit(passage=p, score=score, dense_score=score)


_MARK_RE = re.compile(r"\s*(?:\[\d+\])+")


def answer_sentences(answer: Answer) -> list[tuple[str, list[int]]]:
    """(sentence, cited numbers) for each sentence of an answer."""
    out = []
    for part in re.split(r"(?<=\])\s+", answer.answer.strip()):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", part)]
        out.append((_MARK_RE.sub("", part).strip(), numbers))
    return out


def assert_well_cited(answer: Answer) -> None:
    """Every [n] is a citation; citations are numbered 1..N in order of first use."""
    used = [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)]
    first_use = list(dict.fromkeys(used))
    assert first_use == list(range(1, len(answer.citations) + 1)), answer.answer
    assert [c.n for c in answer.citations] == first_use
    texts = {p.chunk_id: p.text for p in seed_passages()}
    for c in answer.citations:
        if c.chunk_id in texts:
            assert c.text == texts[c.chunk_id]  # the exact passage, not a summary


def quoted_from(sentence: str, cited: Passage) -> bool:
    """The sentence is the passage's own words (whitespace and markup aside)."""
    body = normalise(" ".join(split_sentences(cited.text)))
    return normalise(sentence).rstrip(".") in body
