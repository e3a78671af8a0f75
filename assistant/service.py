"""The answering service: one object the API, the UI, the CLI and the evals all call.

It wires the stages together (embedder -> store -> hybrid retrieval -> answerer) and owns input
validation, so every edge rejects bad input the same way.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answering.across_areas import asks_for_strengths
from assistant.answering.answer import extractive_answer
from assistant.answering.corrections import premise_correction
from assistant.answering.coverage import coverage_answer
from assistant.answering.quote import Table, and_list, named_source
from assistant.answering.reading import SentenceVectors
from assistant.answering.refusals import refusal_for
from assistant.answering.scoring import is_verdict, quotable
from assistant.answering.structured import answer_from_findings, asks_for_practice
from assistant.errors import BadInput, TooLarge
from assistant.grounding.citations import joined, repeats
from assistant.grounding.relevance import MIN_SUBJECT, SUBJECT_GAIN, coverage, subject_terms
from assistant.grounding.verify import MAX_WORDS, verify
from assistant.language import only_english
from assistant.llm import build_chat_model, llm_answer
from assistant.retrieval import HybridRetriever
from assistant.scope import in_scope
from assistant.terms import split_sentences, token_set
from assistant.understand import filters_for, understand
from assistant.understanding import vocabulary
from assistant.understanding.clauses import asked_clause, split_question
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
    _docs: list[Document] | None = field(default=None, repr=False)
    _passages: dict[str, Passage] | None = field(default=None, repr=False)
    _vocab: frozenset[str] | None = field(default=None, repr=False)
    _boilerplate: frozenset[str] | None = field(default=None, repr=False)
    _generation: str | None = field(default=None, repr=False)
    _findings: list[Finding] | None = field(default=None, repr=False)

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
        """Return the stripped question or raise BadInput with a message a user can act on.
        Hidden characters (Unicode tags, controls, zero-width and direction marks) are dropped
        first: they can smuggle instructions to a model and are never part of a question."""
        text = visible(question or "").strip()
        if not text:
            raise BadInput("The question is empty: type a question about the SEND documents.")
        if len(text) >= self.settings.max_question_chars:
            raise BadInput(
                f"The question is too long ({len(text)} characters); "
                f"keep it under {self.settings.max_question_chars}."
            )
        return text

    def validate_history(self, history: Sequence[Turn]) -> list[Turn]:
        """The conversation so far, within the limits (TooLarge past them), hidden characters
        dropped. Only the last turns are read, but a huge history still costs parsing."""
        limits = self.settings
        if len(history) > limits.max_history_turns:
            raise TooLarge(f"The conversation history has {len(history)} turns; send at most "
                           f"the last {limits.max_history_turns}.")
        size = sum(len(t.content) for t in history)
        if size > limits.max_history_chars:
            raise TooLarge(f"The conversation history is {size} characters; keep it under "
                           f"{limits.max_history_chars} (send only the recent turns).")
        return [t.model_copy(update={"content": visible(t.content)}) for t in history]

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
        parts = split_question(question)
        if len(parts) > 1:
            # Two questions in one, each answered in its own half of the words; the second
            # is about the first's areas when it names none ("..., and when was the revisit?").
            first = self._verified(parts[0], history, filters, MAX_WORDS // 2)
            second = self._verified(self._with_areas_of(parts[0], parts[1], history),
                                    history, filters, MAX_WORDS // 2)
            if not repeats(first, second):
                return joined(first, second)
            # the halves found the same passages: one answer to the whole question, not the
            # same quotes twice
        return self._verified(question, history, filters, MAX_WORDS)

    def _with_areas_of(self, first: str, second: str, history: Sequence[Turn] | None) -> str:
        docs, _ = self._catalogue()
        known = sorted({d.area for d in docs})
        if understand(second, [], known, self.classifier).areas:
            return second
        areas = understand(first, self.validate_history(history or []), known,
                           self.classifier).areas
        return f"{second.rstrip(' ?')} ({' and '.join(areas)})?" if areas else second

    def _verified(
        self, question: str, history: Sequence[Turn] | None, filters: Filters | None,
        max_words: int,
    ) -> Answer:
        answer, query = self._answer(question, history, filters)
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
        refusal = refusal_for(query, known, list(passages.values()), docs)
        if refusal is not None:
            return refusal, query
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
        if query.premise:
            # "Given that X failed, what next steps ...?": what the documents say instead,
            # then the question itself answered without the premise.
            corrected = premise_correction(query, Table(list(findings), kept, passages))
            if corrected is not None:
                rest = self._respond(replace(query, premise=None), turns, filters)
                return corrected if rest.abstained else joined(corrected, rest)
        ready = answer_from_findings(query, findings, kept, passages)
        found: list[list[SearchHit]] = []

        def retrieve() -> list[SearchHit]:  # only when the answer needs passages
            if not found:
                found.append(self._retrieve(query, filters or filters_for(query, docs)))
            return found[0]

        if ready is not None and not self._reader_fits_better(query, ready, retrieve, known):
            return ready
        hits = retrieve()
        # "other areas" are answered from the question as asked: naming the areas left out
        # would make the answerer look for them.
        asked = query.question if query.other_than else query.rewritten
        if self.chat_model is not None:
            return llm_answer(self.chat_model, asked, hits, turns, query.intent,
                              query.unknown_areas)
        read = asked_clause(asked) if query.other_than else query.asked
        # "which areas have a good X?" is read for what areas do well, area by area
        intent = "practice" if asks_for_strengths(query) else query.intent
        return extractive_answer(read, hits, intent, self._vocabulary(),
                                 self._template_sentences(),
                                 self.sentence_vectors, query.unknown_areas,
                                 () if query.other_than else query.areas, query.story)

    def _reader_fits_better(
        self, query: Query, ready: Answer, retrieve: Callable[[], list[SearchHit]],
        known: list[str],
    ) -> bool:
        """A handler answers the question's shape; when the rows it cites miss most of the
        question's subject and a retrieved passage holds it ("what did the council say about
        OT waits?" answered with a verdict on another weakness), the reader answers instead."""
        subject = subject_terms(query.asked, known, self._vocabulary(),
                                query.intent)
        # "what does the report say about the council's finances?" asks about a subject, not
        # for the summary: the handler's rows must hold it like any other answer's
        whole = query.intent in WHOLE_ANSWER_INTENTS and not (
            query.intent == "summary" and vocabulary.SAYS_ABOUT.mentions(query.asked)
            and subject - _SUMMARY_TERMS and not vocabulary.OVERALL.mentions(query.asked))
        if not subject or ready.abstained or whole:
            return False
        if query.intent == "people" and token_set(query.rewritten) & _LEADING:
            return False  # a name answers "who led it?" though it holds no word of the question
        ready_cov = coverage(subject, [f"{c.title}\n{c.text}" for c in ready.citations])
        if ready_cov >= MIN_SUBJECT:
            return False
        hits = retrieve()
        best = coverage(subject, [f"{h.passage.heading}\n{h.passage.text}" for h in hits[:3]],
                        each=True)
        return best >= ready_cov + SUBJECT_GAIN

    def _retrieve(self, query: Query, filters: Filters | None) -> list[SearchHit]:
        """Top passages for the question; "how did other areas ...?" leaves out the areas
        talked about so far (searched without their names, which would pull them back in)."""
        k = self.settings.retrieve_k
        practice = asks_for_practice(query)
        if len(query.areas) > 1 and filters is not None and not practice:
            return self._per_area(query, filters, k)
        if not query.other_than and not practice:
            return self.retriever.search(_search_text(query), k=k, filters=filters)
        text = query.question if query.other_than else _search_text(query)
        # strengths across areas are a few passages in each report: searched deeper
        depth = STRENGTHS_DEPTH if asks_for_strengths(query) and not query.areas else 3
        hits = self.retriever.search(text, k=depth * k, filters=filters)
        hits = [h for h in hits if h.passage.area not in query.other_than]
        if practice:
            # A report tells practice under "what is ... effective?", not in its findings (what
            # must improve); a revisit letter tells what was done under each weakness, and a
            # council paper what the council is doing.
            narrative = [h for h in hits if not h.passage.finding_id
                         or h.passage.doc_type == "revisit_letter"]
            # ("which areas have a good X?" asks for strengths: a report's "effective" text,
            # not what a letter or council paper says was done about a weakness)
            kinds = () if asks_for_strengths(query) else _DOING_KINDS
            doing = [h for h in narrative if vocabulary.EFFECTIVE.mentions(h.passage.heading)
                     or h.passage.doc_type in kinds]
            # About named areas, what they do may be told anywhere in their documents: those
            # passages come first, not alone; across areas only they are examples.
            rest = [h for h in narrative if h not in doing] \
                if query.areas or len(doing) < k else []
            hits = self._on_subject(query, doing + rest) or narrative
        return hits[:k]

    def _on_subject(self, query: Query, hits: list[SearchHit]) -> list[SearchHit]:
        """Passages holding the question's subject first, in their order: an area's help
        "while families wait" may be told beside the problem it eases, under what it must do
        better, behind passages that hold none of the subject (the area's contacts)."""
        known = sorted({d.area for d in self._catalogue()[0]})
        subject = subject_terms(query.asked, known, self._vocabulary(),
                                query.intent)
        if not subject:
            return hits
        on = [h for h in hits if coverage(subject, [f"{h.passage.heading}\n{h.passage.text}"])
              >= MIN_SUBJECT]
        return on + [h for h in hits if h not in on]

    def _per_area(self, query: Query, filters: Filters, k: int) -> list[SearchHit]:
        """Several named areas are searched one by one, so each has passages to answer from
        (searched together, the area whose documents match best takes every place)."""
        share = max(4, 2 * k // len(query.areas))  # each area a fair hearing, not a sliver
        found = [self.retriever.search(_search_text(query), k=share,
                                       filters=filters.model_copy(update={"area": [area]}))
                 for area in query.areas]
        return [hits[rank] for rank in range(share) for hits in found if rank < len(hits)]

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

    def _vocabulary(self) -> frozenset[str]:
        if self._vocab is None:
            _, passages = self._catalogue()
            self._vocab = frozenset().union(
                *(token_set(f"{p.heading}\n{p.text}") for p in passages.values()))
        return self._vocab

    def _template_sentences(self) -> frozenset[str]:
        """Sentences in over half the documents ("Ofsted regulates and inspects ...", the
        licence): the publishers' template, never an answer. Verdict lines are kept."""
        if self._boilerplate is None:
            docs, passages = self._catalogue()
            seen: dict[str, set[str]] = {}
            for p in passages.values():
                for sentence in split_sentences(p.text):
                    seen.setdefault(sentence, set()).add(p.doc_id)
            self._boilerplate = frozenset(
                s for s, ids in seen.items() if 2 * len(ids) > len(docs) and not is_verdict(s))
        return self._boilerplate

    def _catalogue(self) -> tuple[list[Document], dict[str, Passage]]:
        """Documents and passages, cached until the store's generation changes (an ingest in
        this process or another one): then the catalogue and the BM25 index are reloaded."""
        generation = self.store.generation()
        if generation != self._generation:
            if self._generation is not None:
                self.retriever.refresh()
            self._generation = generation
            self._docs = self._passages = self._vocab = self._findings = self._boilerplate = None
        if self._docs is None or self._passages is None:
            self._docs = self.store.list_documents()
            # The retriever's own list: one copy of every passage in memory, read once.
            self._passages = {p.chunk_id: p for p in self.retriever.passages()}
        return self._docs, self._passages

    def _all_findings(self) -> list[Finding]:
        """Every finding, cached with the catalogue (reading them per question cost ~0.9 s at
        10x the corpus)."""
        self._catalogue()
        findings = self._findings
        if findings is None:
            findings = self._findings = self.store.findings()
        return findings

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
        self.retriever.refresh()
        self._docs = self._passages = self._vocab = self._generation = self._findings = None
        self._boilerplate = None


# Intents whose handler's answer is the whole answer (an outcome, a list, a count, a
# comparison): the question's other words describe it, they do not ask for another passage.
WHOLE_ANSWER_INTENTS = frozenset({"outcome", "summary", "list_findings", "not_fixed", "count",
                                  "compare", "which_areas"})
# what a summary is made of: "what does it say about its strengths and weaknesses?"
_SUMMARY_TERMS = token_set("strength strengths weakness weaknesses finding findings outcome "
                           "outcomes result results judgement verdict")
_LEADING = frozenset({"led", "lead", "inspector"})  # stems of who-led-the-inspection words
# Questions that ask for a list get the whole list: cutting it would make the count wrong.
LIST_INTENTS = frozenset({"list_findings", "not_fixed", "which_areas", "count", "compare"})
# The user asks for everything: the 150-word cap would hide what was asked for.
_DOING_KINDS = frozenset({"revisit_letter", "committee_report", "briefing_note"})
STRENGTHS_DEPTH = 8  # times k: passages searched for strengths across areas


def visible(text: str) -> str:
    """The text without the characters a reader cannot see: Unicode tag characters (U+E0000
    block), controls other than newline and tab, and format marks (zero-width, direction)."""
    return "".join(ch for ch in text if ch in "\n\t" or (
        unicodedata.category(ch) not in _HIDDEN_CATEGORIES and not 0xE0000 <= ord(ch) <= 0xE007F))


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})


def _search_text(query: Query) -> str:
    """A follow-up is searched with the question it follows: "what did the offer include?"
    finds the passage about the offer the last answer named."""
    return f"{query.rewritten} {query.context}".strip()


def _with_filters(query: Query, filters: Filters | None) -> Query:
    """Areas chosen in the UI or API count as named in the question."""
    if filters is None or not filters.area or query.areas:
        return query
    return replace(query, areas=tuple(filters.area))
