"""Hybrid retrieval: Chroma dense search and BM25 over the same passages, fused with RRF.

Dense search finds paraphrases ("moving into adult services" for "transition"); BM25 finds the
exact words people type (area names, "EHCP", "20 weeks"). Reciprocal rank fusion needs no score
calibration between the two, which is why it is the fusion used here. The BM25 index is bm25s's
sparse matrix, saved beside the store per generation (assistant.bm25_index), not rebuilt at start.

The mode (`Settings.retrieval_mode`, or `mode=` per search) can also be "dense" or "bm25" alone,
for comparisons (evals/compare_retrieval.py). A single ranking is scored the same way, 1/(rrf_k +
rank), so hits look alike to the answerer whatever the mode; "bm25" never embeds the query, so
its hits carry no dense_score.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Literal, get_args

from assistant.bm25_index import SparseIndex, load_or_build
from core import text as toolkit
from core.config import Settings
from core.embeddings import Embedder
from core.models import Filters, Passage, SearchHit
from core.store import PassageStore, passage_matches

RetrievalMode = Literal["dense", "bm25", "hybrid"]
RETRIEVAL_MODES: tuple[RetrievalMode, ...] = get_args(RetrievalMode)

_TOKEN = re.compile(r"[a-z0-9]+")  # BM25's tokens: runs of letters and digits
# "not"/"no" are kept: "not sufficient progress" is a verdict people search for.
_STOPWORD_TEXT = """
a about after all also an and any are as at be been before being between both but by can could
did do does doing for from had has have having he her here hers him his how i if in into is it
its itself just me more most my of off on once only or other our ours out over own
same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will
with would you your yours
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def stem(word: str) -> str:
    """Snowball stem (core.text); numbers and short words are kept as typed."""
    if len(word) <= 3 or word.isdigit():
        return word
    return toolkit.stem(word)


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens without stopwords, lightly stemmed; used for queries and passages."""
    return [stem(t) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


def rrf_fuse(rankings: Sequence[Sequence[str]], k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(id) = sum over rankings of 1 / (k + rank), rank from 1.

    Returns (id, score) best first; ties broken by id so results are deterministic.
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(dict.fromkeys(ranking), start=1):  # ignore repeats
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class HybridRetriever:
    """search(query, k, filters) -> SearchHits; call refresh() after ingesting."""

    def __init__(self, store: PassageStore, embedder: Embedder,
                 settings: Settings | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings or store.settings
        self._lock = threading.Lock()
        self._passages: list[Passage] | None = None
        self._bm25: SparseIndex | None = None

    def refresh(self) -> None:
        """Load the BM25 index of the committed passages (saved per store generation), or
        build and save it when the store changed since it was saved."""
        generation = self.store.generation()  # before the passages: a later ingest re-keys
        passages = self.store.all_passages()
        root = self.settings.data_dir / "bm25" / self.settings.collection
        index = load_or_build(root, generation, passages, tokenize)
        with self._lock:
            self._passages, self._bm25 = passages, index

    def _index(self) -> tuple[list[Passage], SparseIndex | None]:
        if self._passages is None:
            self.refresh()
        with self._lock:
            return self._passages or [], self._bm25

    def passages(self) -> list[Passage]:
        """Every committed passage, as indexed (the service's catalogue shares this list)."""
        return self._index()[0]

    def bm25_search(self, query: str, n: int, filters: Filters | None = None) -> list[Passage]:
        """Top n passages by BM25 that match the filters (only those sharing a query term)."""
        passages, index = self._index()
        terms = tokenize(query)
        if index is None or not terms:
            return []
        out: list[Passage] = []
        for i in index.ranked(terms):
            if len(out) >= n:
                break
            if passage_matches(passages[i], filters):
                out.append(passages[i])
        return out

    def search(self, query: str, k: int | None = None, filters: Filters | None = None,
               mode: RetrievalMode | None = None) -> list[SearchHit]:
        """Top k: dense and BM25 candidates (candidate_k each) fused by RRF, or one of them.

        `mode` defaults to settings.retrieval_mode ("hybrid" unless configured otherwise).
        """
        k = self.settings.retrieve_k if k is None else k
        mode = mode or self.settings.retrieval_mode
        if mode not in RETRIEVAL_MODES:
            raise ValueError(f"retrieval mode must be one of {', '.join(RETRIEVAL_MODES)}: "
                             f"got {mode!r}")
        if not query.strip() or k <= 0:
            return []
        n = max(self.settings.candidate_k, k)
        dense = ([] if mode == "bm25" else
                 self.store.query(self.embedder.embed_query(query), n, filters))
        lexical = [] if mode == "dense" else self.bm25_search(query, n, filters)
        by_id = {p.chunk_id: p for p in lexical} | {p.chunk_id: p for p, _ in dense}
        cosine = {p.chunk_id: s for p, s in reversed(dense)}  # keep the best score per id
        bm25_rank = {p.chunk_id: r for r, p in reversed(list(enumerate(lexical, start=1)))}
        fused = rrf_fuse([[p.chunk_id for p, _ in dense], [p.chunk_id for p in lexical]],
                         k=self.settings.rrf_k)
        return [SearchHit(passage=by_id[cid], score=score, dense_score=cosine.get(cid),
                          bm25_rank=bm25_rank.get(cid)) for cid, score in fused[:k]]
