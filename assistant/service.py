"""The answering service: one object the API, the UI, the CLI and the evals all call.

It wires the stages together (embedder -> store -> hybrid retrieval -> answerer) and owns input
validation, so every edge rejects bad input the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answering.across_areas import asks_for_strengths
from assistant.answering.answer import about_story, extractive_answer, told_need, unseen_answer
from assistant.answering.corrections import (
    figure_correction,
    premise_correction,
    without_figures,
)
from assistant.answering.coverage import coverage_answer
from assistant.answering.definition import definition_answer
from assistant.answering.finish import finished
from assistant.answering.handler_or_reader import reader_fits_better
from assistant.answering.question_terms import unseen_words
from assistant.answering.quote import Table
from assistant.answering.reading import SentenceVectors
from assistant.answering.refusals import refusal_for, what_they_say
from assistant.answering.scoring import quotable
from assistant.answering.structured import answer_from_findings
from assistant.answering.two_questions import whole_or_halves
from assistant.catalogue import Catalogue
from assistant.errors import BadInput
from assistant.glossary_view import glossary_for
from assistant.grounding.citations import joined, without_said
from assistant.grounding.tighten import fitted
from assistant.grounding.verify import MAX_WORDS
from assistant.inputs import checked_history, checked_question, spelled_out
from assistant.language import only_english
from assistant.llm import build_chat_model, llm_answer
from assistant.question_search import passages_for
from assistant.question_words import premise_opening
from assistant.retrieval import HybridRetriever
from assistant.scope import in_scope
from assistant.terms import split_sentences
from assistant.understand import filters_for, understand
from assistant.understanding import vocabulary
from assistant.understanding.clauses import asked_clause
from assistant.understanding.intents import IntentClassifier
from assistant.understanding.query import Query
from core.config import Settings
from core.embeddings import Embedder, LazyEmbedder
from core.models import (
    Answer,
    Document,
    Filters,
    Finding,
    IngestProgress,
    IngestReport,
    Passage,
    SearchHit,
    Turn,
)
from core.store import PassageStore

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from ingest.sources import SourceFolder


@dataclass
class Service:
    settings: Settings
    embedder: Embedder
    store: PassageStore
    retriever: HybridRetriever
    chat_model: BaseChatModel | None = None
    classifier: IntentClassifier | None = None
    sentence_vectors: SentenceVectors | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Documents and passages change only when we ingest: cached for question understanding.
    _cache: Catalogue | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Service:
        embedder = LazyEmbedder(settings)
        store = PassageStore(settings, embedder)
        retriever = HybridRetriever(store, embedder, settings)
        return cls(settings, embedder, store, retriever, build_chat_model(settings),
                   IntentClassifier(embedder),
                   SentenceVectors(embedder, settings.data_dir / "sentence_vectors.npz"))

    # --- questions -------------------------------------------------------------------------

    def validate_question(self, question: str) -> str:
        """Return the stripped question or raise BadInput with a message a user can act on."""
        return checked_question(question, self.settings)

    def validate_history(self, history: Sequence[Turn]) -> list[Turn]:
        """The conversation so far, within the limits (TooLarge past them)."""
        return checked_history(history, self.settings)

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[SearchHit]:
        text = self.validate_question(query)
        if not 1 <= k <= 100:
            raise BadInput("k must be between 1 and 100.")
        return self.retriever.search(text, k=k, filters=filters)

    def ask(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        filters: Filters | None = None,
    ) -> Answer:
        """Understand the question, answer it, and keep only what the cited passages support."""
        foreign = only_english(self.validate_question(question))
        if foreign is not None:  # the reading and the documents are English only
            return foreign
        question = spelled_out(question)
        known = sorted({d.area for d in self._catalogue()[0]})
        answer = whole_or_halves(
            question, history, self.validate_history(history or []), known, self.classifier,
            lambda text, told, words: self._verified(text, told, filters, words))
        # a list keeps every row, each quoted shorter, unless the full list was asked for
        # (by the clause that asks: "Since X fixed every weakness, ..." asks for no list)
        full = vocabulary.FULL_LIST.mentions(asked_clause(question))
        return answer if full else fitted(answer, MAX_WORDS)

    def _verified(
        self, question: str, history: Sequence[Turn] | None, filters: Filters | None,
        max_words: int,
    ) -> Answer:
        answer, query = self._answer(question, history, filters)
        # (half of a question asking two things is named once the halves are joined)
        return finished(answer, query, question, max_words, name=max_words >= MAX_WORDS)

    def _answer(
        self,
        question: str,
        history: Sequence[Turn] | None = None,
        filters: Filters | None = None,
    ) -> tuple[Answer, Query]:
        """Answer from the findings table or the parsed fields where it can, else retrieve."""
        text = self.validate_question(question)
        turns = self.validate_history(history or [])
        docs, passages = self._catalogue()
        known = sorted({d.area for d in docs})
        query = _with_filters(understand(text, turns, known, self.classifier), filters)
        if query.intent == "coverage" and not query.areas:
            return coverage_answer(docs), query
        told = query.intent == "definition" and not query.areas \
            and definition_answer(text, glossary_for(self), passages)  # "what is an EHCP?"
        if told:
            return told, query
        refusal = refusal_for(query, known, list(passages.values()), docs)
        if refusal is not None:
            said = what_they_say(query, lambda q: self._respond(q, turns, filters), known,
                                 self._vocabulary())
            return said or refusal, query
        return self._respond(query, turns, filters), query

    def _respond(self, query: Query, turns: list[Turn], filters: Filters | None) -> Answer:
        docs, passages = self._catalogue()
        known = sorted({d.area for d in docs})
        # The findings table answers only from the documents the filters leave in.
        kept, findings = docs, self._all_findings()
        if filters is not None and not filters.is_empty():
            kept = in_scope(docs, filters)
            ids = {d.doc_id for d in kept}
            findings = [f for f in findings if f.doc_id in ids]
        figure = figure_correction(query, Table(list(findings), kept, passages))
        if figure is not None:
            # "Given they issue 90% of plans on time, ...": the area's own figure, then the rest
            rest = self._respond(without_figures(query), turns, filters)
            return figure if rest.abstained else joined(figure, without_said(figure, rest))
        if query.premise:
            # "Given that X failed, what next steps ...?": what the documents say instead,
            # then the question itself answered without the premise.
            corrected = premise_correction(query, Table(list(findings), kept, passages))
            if corrected is not None:
                # (asked without its premise clause: "found systemic failings" is not asked)
                opening = premise_opening(query.rewritten)
                asked = opening[1].strip() if opening and opening[1].strip() else query.rewritten
                rest = self._respond(replace(query, premise=None, claim="", rewritten=asked),
                                     turns, filters)
                return corrected if rest.abstained else joined(corrected,
                                                                without_said(corrected, rest))
        ready = answer_from_findings(query, findings, kept, passages)
        found: list[list[SearchHit]] = []

        def retrieve() -> list[SearchHit]:  # only when the answer needs passages
            if not found:
                found.append(self._retrieve(query, filters or filters_for(query, docs)))
            return found[0]

        # (a rare word asked about that no document uses, "what does it say about kacper?", is
        # a subject the documents lack, whatever the question's shape)
        lacking = unseen_words(query.asked, self._vocabulary(), query.areas)
        if lacking:
            scope = f" for {' or '.join(query.areas)}" if query.areas else ""
            return unseen_answer(lacking, scope, retrieve())
        if ready is not None and not reader_fits_better(query, ready, retrieve, known,
                                                         self._vocabulary()):
            # (an outcome after a story of a need: then what the report says on that need)
            said = told_need(query) and extractive_answer(
                query.story, retrieve(), "open", self._vocabulary(), self._template_sentences(),
                self.sentence_vectors, areas=query.areas)
            return joined(ready, about_story(said, query.story)) if said else ready
        hits = retrieve()
        # "other areas" are answered from the question as asked: naming the areas left out
        # would make the answerer look for them.
        asked = query.question if query.other_than and query.follow_up else query.rewritten
        if self.chat_model is not None:
            return llm_answer(self.chat_model, asked, hits, turns, query.intent,
                              query.unknown_areas)
        read = asked_clause(asked) if query.other_than and query.follow_up else query.asked
        # "which areas have a good X?" is read for what areas do well, area by area
        intent = "practice" if asks_for_strengths(query) else query.intent
        return extractive_answer(read, hits, intent, self._vocabulary(),
                                 self._template_sentences(),
                                 self.sentence_vectors, query.unknown_areas,
                                 () if query.other_than else query.areas, query.story,
                                 query.claim or (read if query.checks_claim else ""))

    def _retrieve(self, query: Query, filters: Filters | None) -> list[SearchHit]:
        return passages_for(query, filters, self.retriever, self.settings.retrieve_k,
                            self._cached)

    def warm_reader(self) -> int:
        """Embed every sentence of the collection for the reader ahead of questions and keep
        them beside the store; returns how many were new (0 when the cache was complete)."""
        if self.sentence_vectors is None:
            return 0
        _, passages = self._catalogue()
        new = self.sentence_vectors.warm(
            s for p in passages.values() for s in split_sentences(p.text) if quotable(s))
        self.sentence_vectors.save()
        return new

    @property
    def _cached(self) -> Catalogue:
        if self._cache is None:
            self._cache = Catalogue(self.store, self.retriever)
        return self._cache

    def _catalogue(self) -> tuple[list[Document], dict[str, Passage]]:
        return self._cached.get()

    def _all_findings(self) -> list[Finding]:
        return self._cached.findings()

    def _vocabulary(self) -> frozenset[str]:
        return self._cached.vocabulary()

    def _template_sentences(self) -> frozenset[str]:
        return self._cached.template_sentences()

    # --- documents and findings ------------------------------------------------------------

    def documents(self) -> list[Document]:
        return self.store.list_documents()

    def document(self, doc_id: str) -> Document | None:
        return self.store.get_document(doc_id)

    def passage(self, chunk_id: str) -> Passage | None:
        """One passage by its chunk id, from the cached catalogue (the document viewer)."""
        return self._catalogue()[1].get(chunk_id)

    def catalogue(self) -> list[Document]:
        """The documents' metadata from the cache (per-question notes need it, not a fresh
        read of the registry)."""
        return self._catalogue()[0]

    def findings(
        self, area: str | None = None, theme: str | None = None, kind: str | None = None
    ) -> list[Finding]:
        return self.store.findings(area=area, theme=theme, kind=kind)

    def health(self) -> dict[str, object]:
        counts = self.store.counts()
        return {"status": "ok", "documents": counts["documents"], "chunks": counts["chunks"]}

    # --- ingestion -------------------------------------------------------------------------

    def ingest(self, paths: Sequence[Path] | None = None, progress: bool = False,
               on_progress: Callable[[IngestProgress], None] | None = None) -> IngestReport:
        from ingest.pipeline import run_ingest  # the answering path never needs the parsers

        roots = list(paths) if paths else [self.settings.corpus_dir]
        missing = [str(p) for p in roots if not p.exists()]
        if missing:
            raise FileNotFoundError(f"No such file or folder: {', '.join(missing)}")
        with self._lock:  # one ingestion at a time per process
            report = run_ingest(roots, self.settings.corpus_dir, self.store, self.embedder,
                                progress=progress, on_progress=on_progress)
            self._forget()
        return report

    def sources(self) -> list[SourceFolder]:
        """The folders and files the store's documents came from."""
        from ingest.sources import list_sources

        return list_sources(self.store)

    def remove(self, targets: Sequence[str]) -> tuple[list[str], int]:
        """Remove documents by id, source file or folder; returns their ids and passages."""
        from ingest.sources import remove

        with self._lock:
            found = remove(self.store, targets)
            self._forget()
        return found

    def _forget(self) -> None:
        self._cached.forget()


def _with_filters(query: Query, filters: Filters | None) -> Query:
    """Areas chosen in the UI or API count as named in the question."""
    if filters is None or not filters.area or query.areas:
        return query
    return replace(query, areas=tuple(filters.area))
