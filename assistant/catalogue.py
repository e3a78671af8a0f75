"""The service's cache of documents, passages and findings, kept until the generation changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering.scoring import is_verdict
from assistant.retrieval import HybridRetriever
from assistant.terms import split_sentences, token_set
from assistant.understanding.answer_vocabulary import NEXT_STEP
from core.models import Document, Finding, Passage
from core.store import PassageStore
from core.text import letter_words


@dataclass
class Catalogue:
    """Documents and passages change only when we ingest: cached for question understanding."""

    store: PassageStore
    retriever: HybridRetriever
    _docs: list[Document] | None = field(default=None, repr=False)
    _passages: dict[str, Passage] | None = field(default=None, repr=False)
    _vocab: frozenset[str] | None = field(default=None, repr=False)
    _boilerplate: frozenset[str] | None = field(default=None, repr=False)
    _generation: str | None = field(default=None, repr=False)
    _findings: list[Finding] | None = field(default=None, repr=False)

    def get(self) -> tuple[list[Document], dict[str, Passage]]:
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

    def findings(self) -> list[Finding]:
        """Every finding, cached with the catalogue (reading them per question cost ~0.9 s at
        10x the corpus)."""
        self.get()
        findings = self._findings
        if findings is None:
            findings = self._findings = self.store.findings()
        return findings

    def vocabulary(self) -> frozenset[str]:
        if self._vocab is None:
            _, passages = self.get()
            self._vocab = frozenset().union(
                *(token_set(f"{p.heading}\n{p.text}") for p in passages.values()))
        return self._vocab

    def template_sentences(self) -> frozenset[str]:
        """Sentences in over half the documents ("Ofsted regulates and inspects ...", the
        licence): the publishers' template, never an answer. Verdict lines are kept."""
        if self._boilerplate is None:
            docs, passages = self.get()
            seen: dict[str, set[str]] = {}
            opened: dict[str, set[str]] = {}  # the documents whose sentences open so
            for p in passages.values():
                for sentence in split_sentences(p.text):
                    seen.setdefault(sentence, set()).add(p.doc_id)
                    opened.setdefault(_opening(sentence), set()).add(p.doc_id)
            # (a template sentence filled in per report: "The inspection was led by one of His
            # Majesty's Inspectors ..., with a team of inspectors, including: two ...")
            self._boilerplate = frozenset(
                s for s, ids in seen.items()
                if (2 * len(ids) > len(docs) or 2 * len(opened[_opening(s)]) > len(docs))
                and not is_verdict(s) and not NEXT_STEP.mentions(s))
        return self._boilerplate

    def forget(self) -> None:
        """After an ingest or a removal in this process: everything is read again."""
        self.retriever.refresh()
        self._docs = self._passages = self._vocab = self._generation = self._findings = None
        self._boilerplate = None


OPENING_WORDS = 10  # words a report's template sentence opens with, whatever it goes on to say


def _opening(sentence: str) -> str:
    """The sentence's first words, lower case, punctuation aside ("looked-after" is "looked
    after")."""
    return " ".join(letter_words(sentence.lower())[:OPENING_WORDS])
