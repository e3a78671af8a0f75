"""Read a question before retrieving: areas, themes, document kinds, dates and its shape.

understand() turns a question (and the conversation so far) into a Query: a standalone rewrite
for retrieval and answering ("what about Wandsworth?" -> "Did Wandsworth make sufficient
progress on transitions?"), the collection's areas it names (or English areas it does not hold),
the findings themes its everyday words map to, and what kind of answer it wants. Plain rules:
each decision is a regex or a table a reader can check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from assistant.areas import find_areas, wordset
from assistant.question_words import (
    ABOUT_RE,
    ACROSS_AREAS,
    AREAS_RE,
    ASKING_START_RE,
    DOC_TYPE_RES,
    FILLER,
    FINDING_KIND_WORDS,
    INSPECTION_WORD_RE,
    NEGATIVE_RE,
    OTHER_AREAS_RE,
    POSITIVE_RE,
    PREMISE_CLAUSE_RES,
    PRONOUN_RE,
    REPORTED_CLAIM_RE,
    TAG_CLAUSE_RE,
    WHY_RE,
    theme_spans,
    themes_of,
    with_apostrophes,
)
from assistant.redact import named_child
from assistant.terms import STOPWORDS
from assistant.understanding import vocabulary
from assistant.understanding.intents import INTENT_SHAPES, IntentGuess, mask_areas
from assistant.understanding.vocab import Phrases
from assistant.understanding.vocab import years as years_in
from core.models import DOC_TYPES, Document, Filters, Turn

Shape = Literal[
    "verdict", "count", "list", "date", "comparison", "summary",
    "personal", "advice", "prediction", "coverage", "other",
]  # fmt: skip
Classify = Callable[[str], IntentGuess]
Premise = Literal["positive", "negative"]
MAX_HISTORY_TURNS = 6  # user turns replayed to resolve follow-ups
MAX_ABOUT_WORDS = 2  # "and X?" with more of its own words than this is a new question
_DOC_LABELS = {
    "revisit_letter": "revisit", "inspection_report": "area SEND inspection",
    "committee_report": "council report", "briefing_note": "briefing note",
}  # fmt: skip


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
    claimed_year: int | None = None  # a year the question asserts: "it was in 2022, wasn't it?"
    follow_up: bool = False
    own_child: bool = False  # asks about the asker's own child's case ("did they name my son?")
    other_than: tuple[str, ...] = ()  # "how did other areas ...?": the areas talked about so far
    context: str = ""  # a follow-up's previous question: searched with it, not read as asked
    reads_story: bool = False  # the question points back at the story told before it

    @property
    def asked(self) -> str:
        """What the answerers read: the asking clause, or with the story it points back at."""
        return self.rewritten if self.reads_story else asked_clause(self.rewritten)


def understand(
    question: str,
    history: Sequence[Turn] | None = None,
    known_areas: Sequence[str] = (),
    classify: Classify | None = None,
) -> Query:
    """The Query for a question, resolved against the user's earlier questions."""
    classify = classify or default_classifier()
    prev: Query | None = None
    question = with_apostrophes(question)
    turns = [t for t in history or [] if t.content.strip()]
    asked = [with_apostrophes(t.content) for t in turns if t.role == "user"]
    for text in asked[-MAX_HISTORY_TURNS:]:  # each earlier question resolved in turn
        prev = _resolve(text, read(text, known_areas, classify), prev, known_areas)
    reply = turns[-1].content if turns and turns[-1].role == "assistant" else ""
    if prev is not None and not prev.areas:
        prev = replace(prev, areas=_the_one_area(reply, known_areas))
    return _two_sided(_one_sided(_resolve(question, read(question, known_areas, classify), prev,
                                          known_areas, reply)))


def _two_sided(q: Query) -> Query:
    """Two areas named and a word that ranks them ("who came out on top?", "which is better
    for send?"): a comparison, whatever the question word."""
    if len(q.areas) < 2 or q.intent in ("compare", "which_areas", "personal") \
            or not vocabulary.RANKS.mentions(asked_clause(q.question)):
        return q
    return replace(q, intent="compare", shape="comparison")


def _one_sided(q: Query) -> Query:
    """A comparison needs two sides: "what should X do better?" names one area and no other
    ("other areas", "nationally"), so it asks what its next best intent asks. ("Which areas
    ...?" naming one area stays: its list handler reads "what areas for improvement did X get?".)"""
    sides = len(q.areas) + len(q.unknown_areas) + len(q.other_than)
    if q.intent != "compare" or sides != 1 or OTHER_AREAS_RE.search(q.question) \
            or _across(q.question):
        return q
    return replace(q, intent=q.runner_up, shape=INTENT_SHAPES[q.runner_up])  # type: ignore[arg-type]


def _the_one_area(reply: str, known_areas: Sequence[str]) -> tuple[str, ...]:
    """An answer across areas that named just one ("North Yorkshire's young people wrote
    ...") makes it the area talked about: "what else do they do?" asks about it."""
    named = _unique(m.name for m in find_areas(reply, known_areas) if m.known)
    return named if len(named) == 1 else ()


def default_classifier() -> Classify:
    """The intent classifier on the configured embedding model (built once per process)."""
    from assistant.understanding.classifier import shared_classifier

    return shared_classifier()


def read(question: str, known_areas: Sequence[str], classify: Classify) -> Query:
    """A question read on its own, without any history."""
    text = " ".join(question.split())
    asked = asked_clause(text)
    guess = classify(mask_areas(asked, known_areas))
    own_child = _about_own_child(asked)
    if own_child:
        guess = IntentGuess("personal", 1.0, 1.0)
    # ("how much longer is that likely to be?" keeps its count: a number is asked for)
    # ("is that right?" checks the claim told: its verdict is asked)
    story = guess.intent in _WHOLE_KIND_INTENTS - {"count"} | {"verdict"} \
        and points_at_story(text) and not vocabulary.CONFIRMS.mentions(asked)
    if story and not own_child:
        # "did the inspectors notice?" after a story asks whether the documents say what the
        # story says, not for the area's result as a whole: the reader reads the story too
        guess = IntentGuess("open", guess.score, guess.margin)
    label, rest = lead_in(text)
    kinds_text = _without(vocabulary.AUDIENCE,
                          rest if vocabulary.PURPOSE.starts(label) else text)
    mentions = find_areas(text, known_areas)
    years = years_in(text)
    tag = TAG_CLAUSE_RE.search(text)
    claimed = years_in(tag.group(1)) if tag else []
    years = [y for y in years if y not in claimed]
    if len(set(years)) > 1 and len({m.name for m in mentions if m.known}) > 1:
        years = []  # "Wokingham's 2021 revisit and Wandsworth's 2022 one": each its own year
    return Query(
        question=question, rewritten=text,
        areas=_unique(m.name for m in mentions if m.known),
        unknown_areas=_unique(m.name for m in mentions if not m.known),
        themes=_asked_themes(text, guess.intent),
        doc_types=tuple(t for t, pattern in DOC_TYPE_RES if pattern.search(kinds_text)),
        year=int(years[0]) if years else None, latest=vocabulary.LATEST.mentions(text),
        shape=INTENT_SHAPES[guess.intent], intent=guess.intent,  # type: ignore[arg-type]
        runner_up=guess.runner_up,
        premise=_premise(text),
        claimed_year=int(claimed[0]) if claimed else None, own_child=own_child,
        reads_story=story and not own_child,
    )  # fmt: skip


def _about_own_child(asked: str) -> bool:
    """Is what is asked about the asker's own child: a child named in the question itself
    ("has my son Jack's plan been signed off?") or "did they mention my daughter?". A story
    before the question ("my son is 9. what did ...?") is context, not what is asked."""
    if named_child(asked) is not None:
        return True
    # the child is what is mentioned: "did they talk about my son", not "my son ... did they
    # say anything about wheelchair waits"
    children = [start for start, _ in vocabulary.MY_CHILD.find(asked)]
    return any(0 <= len(asked[end:start].split()) <= _OBJECT_WORDS
               for _, end in vocabulary.MENTION.find(asked) for start in children
               if start >= end)


_OBJECT_WORDS = 3  # words between "mention" and "my son" ("mention anything about my son")


def _without(phrases: Phrases, text: str) -> str:
    for start, end in reversed(phrases.find(text)):
        text = text[:start] + " " + text[end:]
    return text


def _asked_themes(text: str, intent: str) -> tuple[str, ...]:
    """The themes of the question. A parent's story before a question asking for a whole kind
    of finding ("my son is on the autism waiting list. what did the report say needs
    improving?") is context: every finding is asked for, unless the question points back at the
    story ("what did they say about that?"). Other questions keep the story's themes."""
    asking = " ".join(_asking(text))
    own = themes_of(asking or text)
    if own or intent not in _WHOLE_KIND_INTENTS or vocabulary.DEMONSTRATIVE.mentions(asking):
        return own or themes_of(text)
    return ()


# Intents asking for every finding of a kind, or an area's result as a whole.
_WHOLE_KIND_INTENTS = frozenset({"list_findings", "summary", "outcome", "count", "not_fixed"})


def split_question(text: str) -> list[str]:
    """A question asking two things ("When was X declared fit for purpose, and when did the
    revisit take place?") as its two questions, each answered in turn; one question as itself.
    Each part must be a question of its own (four words or more): "what works and what
    doesn't?" is one."""
    m = _SECOND_QUESTION_RE.search(text)
    if m is None:
        return [text]
    start = m.start("ask") if m.group("ask") else m.start("aux")
    first, second = text[: m.start()].strip(" ,;"), text[start:].strip()
    if min(len(first.split()), len(second.split())) < 4:
        return [text]
    return [first.rstrip("?") + "?", second[0].upper() + second[1:]]


# ", and when ...", "? And who ...": a second question joined to the first.
# A verb after a bare "and" goes on with the same subject ("inspected in 2023 and were found
# ..."); after a comma it starts a question ("..., and did the same inspector ...?").
_SECOND_QUESTION_RE = re.compile(
    r"(?:(?:,\s*|\?\s+|\s)(?:and|also|plus)\s+(?P<ask>(?:when|who|why|where|how|what|which)\b)"
    r"|(?:,\s*|\?\s+)(?:and|also|plus)\s+(?P<aux>(?:did|does|do|was|were|is|are|has|have|had)"
    r"\b))", re.I)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


MAX_LABEL_WORDS = 6
MAX_PURPOSE_WORDS = 12


def lead_in(text: str) -> tuple[str, str]:
    """A short label before the question ("For the committee: did ...?", "Officer here: how
    ...?", "Ahead of scrutiny, what ...?") and the rest; ("", text) when there is none."""
    for mark in (":", ","):
        cut = text.find(mark)
        label = text[:cut]
        if mark == "," and not vocabulary.PURPOSE.starts(label):
            continue  # a comma ends many clauses; only a purpose lead-in is a label
        if mark == ",":
            # a purpose may name its committee in full, commas and all ("Ahead of the Adults,
            # Children and Health Overview and Scrutiny Panel, what ...?"): it ends at the
            # comma the question starts after
            cut = next((i for i, ch in enumerate(text) if ch == "," and i >= cut
                        and ASKING_START_RE.match(text[i + 1:])), cut)
            label = text[:cut]
        most = MAX_PURPOSE_WORDS if mark == "," else MAX_LABEL_WORDS
        if cut > 0 and "?" not in label and len(label.split()) <= most:
            return label.strip(), text[cut + 1:].strip()
    return "", text


def asked_clause(text: str) -> str:
    """The part that asks: a parent's story before the question is context, not the question
    ("My son is 15. What did inspectors find about college?"), and so is a premise clause or a
    label ("For the committee: ...")."""
    text = lead_in(text)[1] or text
    asking = _asking(text)
    return _main_clause(" ".join(asking) if asking else text)


def _asking(text: str) -> list[str]:
    """The sentences that ask: those ending in "?", and a last one that starts like a question
    but lost its mark ("... told off a few years back?? did they ever sort it out")."""
    sentences = [s for s in _SENTENCE_END_RE.split(text) if s.strip()]
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    last = sentences[-1].rstrip() if sentences else ""
    if last and last[-1] not in ".!?" and ASKING_START_RE.match(last) and len(sentences) > 1:
        # the question asked last; one asked before it may say what about ("is there a card
        # for leisure? what did the report say about it")
        asking = [*asking, last]
    return asking


def points_at_story(text: str) -> bool:
    """A short question after a story, with no subject of its own, pointing back at it ("did
    the inspectors notice?", "did ofsted say anything about that?")."""
    text = lead_in(text)[1] or text
    sentences = [s for s in _SENTENCE_END_RE.split(text) if s.strip()]
    asks = _asking(text)
    asking = " ".join(asks)
    told = [s for s in sentences if s not in asks]
    return bool(asking and told) and len(asking.split()) <= _SHORT_QUESTION \
        and vocabulary.POINTS_AT_STORY.mentions(asking) and not themes_of(asking)


_SHORT_QUESTION = 10  # words: a question longer than this says what it asks about


_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")


def _main_clause(text: str) -> str:
    """'Since X failed on Y, what did leaders do?' -> 'what did leaders do?'; 'when the
    inspectors came back, did they think ...?' -> 'did they think ...?' (a time clause says when,
    it does not ask it)."""
    m = PREMISE_CLAUSE_RES[0].search(text)
    rest = text[m.end():].strip() if m and m.group(0).rstrip().endswith(",") else ""
    text = rest or text
    return _TIME_CLAUSE_RE.sub("", text, count=1) or text


# A leading "when/after/once <subject> <verb>, <question>?": not "when was it, and who ...?".
_TIME_CLAUSE_RE = re.compile(
    r"^\s*(?:when|after|once|before)\s+(?!(?:was|were|is|are|did|does|do|will|would|has|have|had"
    r"|can|could)\b)[^,?]{3,80},\s*(?=(?:did|do|does|was|were|is|are|has|have|had|what|how|which"
    r"|who|why|where|can|could|will)\b)", re.I)


def _same_subject(text: str) -> bool:
    """Does a follow-up stay on the theme talked about? "and the priority actions on that?"
    does; "what were its areas for improvement overall?" asks for every finding of its kind."""
    if vocabulary.OVERALL.mentions(text):
        return False
    names_kind = any(p.search(text) for p in FINDING_KIND_WORDS.values())
    return not names_kind or vocabulary.DEMONSTRATIVE.mentions(text)


def _premise(text: str) -> Premise | None:
    """The polarity a question presupposes: "Since Wandsworth failed ..." -> negative; so does a
    claim about an inspection stated before the question or reported ("X got a positive outcome.
    What did they do well?", "I read X failed at the revisit, is that right?")."""
    clauses = [m.group(1) for clause_re in PREMISE_CLAUSE_RES if (m := clause_re.search(text))]
    clauses += [s for s in _claims(text) if INSPECTION_WORD_RE.search(s)]
    for clause in clauses:
        if NEGATIVE_RE.search(clause.lower()):
            return "negative"
        if POSITIVE_RE.search(clause.lower()):
            return "positive"
    return None


def _claims(text: str) -> list[str]:
    """What the asker states as known: the statements before the question, what they were
    told or read, and a question worded as a statement ("so the revisit found no progress?")."""
    sentences = [s.strip() for s in _SENTENCE_END_RE.split(text) if s.strip()]
    said = [s for s in sentences[:-1] if not s.endswith("?")]
    said += [m.group(1) for s in sentences if (m := REPORTED_CLAIM_RE.search(s))]
    said += [s for s in sentences if s.endswith("?") and not ASKING_START_RE.match(s)]
    return said


# --- follow-ups ------------------------------------------------------------------------------


def _resolve(
    text: str, q: Query, prev: Query | None, known_areas: Sequence[str], reply: str = ""
) -> Query:
    if prev is None:
        return q
    if OTHER_AREAS_RE.search(text) and not q.areas and prev.areas:
        return replace(q, rewritten=f"{text.rstrip(' ?')} (other than {' and '.join(prev.areas)})?",
                       other_than=prev.areas, follow_up=True)
    if q.intent == "compare" and q.areas and prev.areas and not set(q.areas) & set(prev.areas) \
            and not _asks_again(text, known_areas):
        # "is that better than X?": the last question's measure, asked of both areas
        return replace(q, areas=prev.areas + q.areas, themes=q.themes or prev.themes,
                       rewritten=f"{text.rstrip(' ?')} ({prev.rewritten.rstrip(' ?')})?",
                       context=prev.rewritten, follow_up=True)
    # Naming again only the area talked about, with no subject of its own ("so what is there
    # for us in darlo?"), still leans on the last question's subject.
    # So does "what did Wokingham do about that?" after a question across areas on a theme.
    again = bool(q.areas) and not q.themes and not q.unknown_areas and (
        set(q.areas) <= set(prev.areas)
        or (bool(prev.themes) and vocabulary.DEMONSTRATIVE.mentions(asked_clause(text))))
    if not (again or is_follow_up(text, q, known_areas)):
        return q
    # "what about X?" asks the previous question again, about X; "and when was that?" does not.
    about = _asks_again(text, known_areas) and (
        _only_names(text, known_areas) or q.shape == "other")
    shape, intent = q.shape, q.intent
    if about:
        named = q.areas or q.unknown_areas
        # "what about X?" after a cross-area list asks X's verdict; after a count about one
        # area ("how many ... in Richmond?") it asks the same count of X
        across = prev.shape in ("list", "comparison") or (prev.shape == "count" and not prev.areas)
        shape = "verdict" if named and across else prev.shape
        intent = "verdict" if named and across else prev.intent
    return replace(
        q, rewritten=_rewrite(text, q, prev, known_areas, about, reply),
        context="" if about and (q.areas or q.unknown_areas or q.themes) else prev.rewritten,
        areas=q.areas or (() if q.unknown_areas else prev.areas),
        themes=q.themes or (prev.themes if _same_subject(text) else ()),
        doc_types=q.doc_types or prev.doc_types,
        year=q.year or prev.year, latest=q.latest or prev.latest, shape=shape,
        intent=intent,
        follow_up=True,
    )  # fmt: skip


def is_follow_up(text: str, q: Query, known_areas: Sequence[str]) -> bool:
    """Does the question lean on the one before? In a conversation the area talked about
    stays the subject until the user names another or asks across areas ("which councils
    ...?", "is anywhere better?"); "what about X?", "why?" and pronouns lean on it too."""
    if ABOUT_RE.match(text) or WHY_RE.match(text) or _only_names(text, known_areas):
        return True
    if q.areas or q.unknown_areas:
        return False
    if _across(text):
        return False
    if PRONOUN_RE.search(text):
        return True
    return not AREAS_RE.search(text) and q.intent not in _OWN_SCOPE_INTENTS


def _across(text: str) -> bool:
    """ "which councils ...?", "is anywhere better?": a question across the collection."""
    return bool({w.lower() for w in re.findall(r"[A-Za-z]+", text)} & ACROSS_AREAS)


# Intents whose "that" is the document talked about ("when was that?", "who led it?").
_DOCUMENT_INTENTS = frozenset({"date", "people"})
# Intents that ask about the collection or a term, never about the area talked about before.
_OWN_SCOPE_INTENTS = frozenset({"coverage", "definition"})


def _rest(text: str, known_areas: Sequence[str]) -> str:
    """The question without its "what about" lead-in, area names and themes."""
    spans = [(m.start, m.end) for m in find_areas(text, known_areas)] + theme_spans(text)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return ABOUT_RE.sub(" ", text)


def _asks_again(text: str, known_areas: Sequence[str]) -> bool:
    """ "what about X?", "and post-16?": the last question again, about something else."""
    return _only_names(text, known_areas) or (
        bool(ABOUT_RE.match(text)) and _short_rest(text, known_areas))


def _short_rest(text: str, known_areas: Sequence[str]) -> bool:
    """ "and post-16?", "what about their EHC plans?" ask the last question again about
    something else; "and are short breaks easy to get there?" is a question of its own."""
    words = re.findall(r"[a-z']+", _rest(asked_clause(text), known_areas).lower())
    return len([w for w in words if w not in FILLER]) <= MAX_ABOUT_WORDS


def _only_names(text: str, known_areas: Sequence[str]) -> bool:
    """The question is nothing but area names or a theme: "Wandsworth?", "and post-16?"."""
    if not find_areas(text, known_areas) and not theme_spans(text):
        return False
    words = re.findall(r"[a-z]+", _rest(text, known_areas).lower())
    return all(w in FILLER for w in words)


def _rewrite(
    text: str, q: Query, prev: Query, known_areas: Sequence[str], about: bool, reply: str = ""
) -> str:
    base = prev.rewritten.rstrip(" ?")
    if about and (q.areas or q.unknown_areas):
        return _swap_areas(base, q.areas or q.unknown_areas, known_areas) + "?"
    if about and q.themes:
        new = " ".join(_rest_words(text, known_areas, keep_themes=True))
        spans = theme_spans(base)
        if spans:
            start, end = spans[0]
            return f"{base[:start]}{new}{base[end:]}?"
        return f"{base}, about {new}?"
    if about and (new := " ".join(_rest_words(text, known_areas, keep_themes=True))):
        return f"{base}, about {new}?"  # "and the older ones?": the last question, of them
    if WHY_RE.match(text):
        return f"{base}? Why?"
    return _fill_pronoun(_the_thing_said(text, f"{prev.rewritten} {reply}"), prev, q.intent)


def _rest_words(text: str, known_areas: Sequence[str], keep_themes: bool) -> list[str]:
    spans = [(m.start, m.end) for m in find_areas(text, known_areas)]
    if not keep_themes:
        spans += theme_spans(text)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return [w for w in ABOUT_RE.sub(" ", text).strip(" ?.!").split() if w.lower() != "the"]


def _swap_areas(base: str, areas: tuple[str, ...], known_areas: Sequence[str]) -> str:
    names = " and ".join(areas)
    mentions = [m for m in find_areas(base, known_areas) if m.known]
    if not mentions:
        return f"{base}: what about {names}"
    first, last = mentions[0], mentions[-1]
    return f"{base[:first.start]}{names}{base[last.end:]}"


def _the_thing_said(text: str, said: str) -> str:
    """'that' before a word of the previous turn points at that thing, not at the area:
    "what did that offer include?" after "... an offer of support from Portsmouth" asks about
    the offer ("what did the offer include?"), so no pronoun is filled in for it."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", said)} - _NOT_THINGS

    def the(m: re.Match[str]) -> str:
        return f"the {m.group(2)}" if m.group(2).lower() in words else m.group(0)

    return _DETERMINER_RE.sub(the, text)


_DETERMINER_RE = re.compile(r"\b(that|this|those|these)\s+([A-Za-z]+)", re.I)
_NOT_THINGS = wordset("is was are were be been has have had will would can could did does do to "
                      "in on for of about with the a an and or it they he she we you i")


def _topic(prev: Query) -> str:
    """What the last question was about, without its area, its question words or the kinds of
    finding it named ("Does Haringey offer overnight short breaks?" -> "Haringey: offer
    overnight short breaks"): enough to read the answer by, not a kind to list."""
    text = prev.rewritten
    for pattern in FINDING_KIND_WORDS.values():
        text = pattern.sub(" ", text)
    for name in prev.areas:
        text = text.replace(name, " ")
    words = [w for w in re.findall(r"[A-Za-z'-]+", text) if w.lower() not in STOPWORDS]
    return ": ".join(p for p in (" and ".join(prev.areas), " ".join(words)) if p)


def _fill_pronoun(text: str, prev: Query, q_intent: str = "open") -> str:
    """'and when was that?' -> 'When was the Wokingham revisit?'."""
    core = re.sub(r"^\s*(?:and|but|so|ok(?:ay)?|also)\b[\s,]*", "", text, flags=re.I).strip()
    if not prev.areas:
        return f"{core.rstrip(' ?')} ({prev.rewritten.rstrip(' ?')})?"
    names = " and ".join(prev.areas)
    kind = _DOC_LABELS.get(prev.doc_types[0], "inspection") if prev.doc_types else "inspection"
    lead = f"the {names} lead inspector"
    # "those"/"these" are the rows just talked about: the earlier question says which
    # ("which of those are about EHC plans?" after "what are Southampton's priority actions?")
    rows = f"those ({prev.rewritten.rstrip(' ?')})"
    subject = {"they": names, "them": f"the {names} findings", "there": f"in {names}",
               "he": lead, "she": lead, "his": f"{lead}'s", "their": f"{names}'s",
               "its": f"{names}'s", "those": rows, "these": rows}

    # When and who ask about the document ("when was that?"); otherwise "that" and "it"
    # are what the last question was about ("what is the council doing about that?").
    default = f"the {names} {kind}" if q_intent in _DOCUMENT_INTENTS else \
        f"that ({_topic(prev)})"

    # "he" and "she" are the inspector only when one was talked about; else the asker's child
    # ("what if he's over five by then?").
    people = prev.intent == "people"
    filled = f"{core.rstrip(' ?')} ({names})?"
    for m in PRONOUN_RE.finditer(core):
        word = m.group(0).lower()
        if word in ("he", "she", "his") and not people:
            continue
        filled = core[:m.start()] + subject.get(word, default) + core[m.end():]
        break
    return filled[:1].upper() + filled[1:]


# --- retrieval filters -----------------------------------------------------------------------


def _has_year(documents: Sequence[Document], year: int) -> bool:
    return any((d.date or "").startswith(str(year)) for d in documents)


def filters_for(query: Query, documents: Sequence[Document] = ()) -> Filters | None:
    """Retrieval filters from the question: its areas, and (checked against the documents held,
    so a filter never empties the search) the kind of document and the year it names."""
    scope = [d for d in documents if not query.areas or d.area in query.areas]
    # When a document was published is told by the papers that followed it, not by itself.
    kinds = () if vocabulary.PUBLISHED.mentions(query.rewritten) else query.doc_types
    types = [t for t in kinds if any(d.doc_type == t for d in scope)]
    if query.year and not _has_year([d for d in scope if d.doc_type in types], query.year) \
            and _has_year(scope, query.year):
        types = []  # the year names the document better than a kind read from other words
    if types:
        scope = [d for d in scope if d.doc_type in types]
    date_from = date_to = None
    dated = [d.date for d in scope if d.date]
    if query.year and any(d.startswith(str(query.year)) for d in dated):
        date_from, date_to = dt.date(query.year, 1, 1), dt.date(query.year, 12, 31)
    elif query.latest and query.areas and dated:
        date_from = dt.date.fromisoformat(max(dated))
    filters = Filters(
        area=list(query.areas) or None,
        doc_type=[t for t in types if t in DOC_TYPES] or None,  # type: ignore[misc]
        date_from=date_from, date_to=date_to,
    )  # fmt: skip
    return None if filters.is_empty() else filters
