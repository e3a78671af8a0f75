"""Real corpus passages for the answerer tests.

The five seed documents are parsed and chunked by the real ingestion code, and ranked for a
question by the real embedding model (cosine similarity, optionally within one area, as the
service's area filter does). Nothing here is invented: every passage is corpus text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rank_bm25 import BM25Okapi

from assistant.config import REPO_ROOT, Settings
from assistant.embeddings import Embedder, load_embedder
from assistant.models import Answer, Passage, SearchHit
from assistant.terms import normalise, split_sentences
from ingest.chunk import chunk_document
from ingest.parse import parse_file

CORPUS = REPO_ROOT / "corpus"
SEED_FILES = (
    "wokingham_revisit-letter_2021-06-23.txt",
    "wandsworth_revisit-letter_2022-08-23.txt",
    "wokingham_scrutiny-committee-report_2020-01-21.txt",
    "windsor-and-maidenhead_scrutiny-pack_2020-01-29.txt",
    "worcestershire_revisit-letter_2021-12-14.txt",
)


@lru_cache(maxsize=1)
def seed_passages() -> tuple[Passage, ...]:
    out: list[Passage] = []
    for name in SEED_FILES:
        for doc in parse_file(CORPUS / name, CORPUS):
            out.extend(chunk_document(doc)[0])
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> tuple[Embedder, list[list[float]], BM25Okapi]:
    embedder = load_embedder(Settings(llm_provider="none"))
    passages = seed_passages()
    bm25 = BM25Okapi([_words(p.embed_text) for p in passages])
    return embedder, embedder.embed_documents([p.embed_text for p in passages]), bm25


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def hits_for(question: str, k: int = 8, area: str | None = None) -> list[SearchHit]:
    """The k best seed passages for the question: dense and BM25 ranks fused (RRF, k=60) like
    the service's hybrid retriever, optionally within one area like its area filter."""
    embedder, vectors, bm25 = _index()
    query = embedder.embed_query(question)
    lexical = bm25.get_scores(_words(question))
    allowed = [i for i, p in enumerate(seed_passages()) if area is None or p.area == area]
    dense = {i: sum(a * b for a, b in zip(query, vectors[i], strict=True)) for i in allowed}
    fused = dict.fromkeys(allowed, 0.0)
    for ranking in (sorted(allowed, key=lambda i: -dense[i]),
                    sorted(allowed, key=lambda i: -lexical[i])):
        for rank, i in enumerate(ranking[:40]):
            fused[i] += 1 / (60 + rank + 1)
    best = sorted(allowed, key=lambda i: -fused[i])[:k]
    passages = seed_passages()
    return [SearchHit(passage=passages[i], score=fused[i], dense_score=dense[i]) for i in best]


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
