"""The one parse of a question: what understand() returns and every handler reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from assistant.understanding.claims import checked_claim
from assistant.understanding.clauses import asked_clause, story_told
from assistant.understanding.intents import IntentGuess

Shape = Literal[
    "verdict", "count", "list", "date", "comparison", "summary",
    "personal", "advice", "prediction", "coverage", "other",
]  # fmt: skip
Classify = Callable[[str], IntentGuess]
Premise = Literal["positive", "negative", "middle"]


@dataclass(frozen=True)
class Query:
    question: str  # as asked
    rewritten: str  # standalone: follow-ups carry the previous question's topic and area
    areas: tuple[str, ...] = ()  # canonical names of areas the collection holds
    unknown_areas: tuple[str, ...] = ()  # areas named that the collection does not hold
    themes: tuple[str, ...] = ()  # core.themes slugs, best first
    doc_types: tuple[str, ...] = ()  # kinds of document the question names or implies
    year: int | None = None
    latest: bool = False
    shape: Shape = "other"
    intent: str = "open"  # assistant.understanding.intents: what the question asks for
    runner_up: str = "open"  # the next best intent, for when the best one cannot apply
    premise: Premise | None = None  # what a "since X failed ..." question takes for granted
    claim: str = ""  # what the question asserts about a report's content (understanding/claims)
    claimed_year: int | None = None  # a year the question asserts: "it was in 2022, wasn't it?"
    follow_up: bool = False
    own_child: bool = False  # asks about the asker's own child's case ("did they name my son?")
    other_than: tuple[str, ...] = ()  # "how did other areas ...?": the areas talked about so far
    context: str = ""  # a follow-up's previous question: searched with it, not read as asked
    reads_story: bool = False  # the question points back at the story told before it
    told_before: str = ""  # a follow-up's story told with an earlier question ("we both work")
    checks_claim: bool = False  # asks whether a statement on a report's subject is true

    @property
    def asked(self) -> str:
        """What the answerers read: the asking clause, or with the story it points back at, or
        the statement to check ("I heard X, is that right?" -> "X")."""
        if self.checks_claim:
            return checked_claim(self.rewritten) or self.rewritten
        return self.rewritten if self.reads_story else asked_clause(self.rewritten)

    @property
    def story(self) -> str:
        """The story told before the question, when the answerers do not read it as asked; a
        follow-up telling none keeps the one told with an earlier question."""
        if self.reads_story or self.checks_claim:
            return ""
        return story_told(self.question) or self.told_before

