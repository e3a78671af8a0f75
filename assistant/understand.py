"""Read a question before retrieving: areas, themes, document kinds, dates and its shape.

understand() turns a question (and the conversation so far) into a Query: a standalone rewrite
for retrieval and answering ("what about Wandsworth?" -> "Did Wandsworth make sufficient
progress on transitions?"), the collection's areas it names (or English areas it does not hold),
the findings themes its everyday words map to, and what kind of answer it wants. Plain rules:
each decision is a regex or a table a reader can check. The Query is
assistant/understanding/query.py; follow-ups are resolved in assistant/understanding/followup.py;
a question's label, story and asking clause are found in assistant/understanding/clauses.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from assistant.areas import find_areas
from assistant.question_words import (
    DOC_TYPE_RES,
    FINDING_KIND_WORDS,
    INSPECTION_WORD_RE,
    NEGATIVE_RE,
    OTHER_AREAS_RE,
    POSITIVE_RE,
    premise_clauses,
    tagged_claim,
    themes_of,
    with_apostrophes,
)
from assistant.redact import named_child
from assistant.terms import STOPWORDS, tokens, topic_terms
from assistant.understanding import answer_vocabulary, vocabulary
from assistant.understanding.claims import (
    about_content,
    checked_claim,
    content_claim,
    statements,
)
from assistant.understanding.clauses import (
    asked_clause,
    asking_part,
    asking_sentences,
    lead_in,
    points_at_story,
    split_question,
    story_told,
    without_acknowledgement,
)
from assistant.understanding.followup import asks_across, resolve
from assistant.understanding.intents import INTENT_SHAPES, IntentGuess, mask_areas
from assistant.understanding.query import Classify, Premise, Query
from assistant.understanding.vocab import Phrases
from core.dates import MONTHS
from core.dates import years as years_in
from core.models import DOC_TYPES, Document, Filters, Turn
from core.themes import theme_label

MAX_HISTORY_TURNS = 6  # user turns replayed to resolve follow-ups


def understand(
    question: str,
    history: Sequence[Turn] | None = None,
    known_areas: Sequence[str] = (),
    classify: Classify | None = None,
) -> Query:
    """The Query for a question, resolved against the user's earlier questions."""
    classify = classify or default_classifier()
    prev: Query | None = None
    question = without_acknowledgement(with_apostrophes(question))
    turns = [t for t in history or [] if t.content.strip()]
    asked = [without_acknowledgement(with_apostrophes(t.content)) for t in turns
             if t.role == "user"]
    for text in asked[-MAX_HISTORY_TURNS:]:  # each earlier question resolved in turn
        prev = resolve(text, read(text, known_areas, classify), prev, known_areas)
    reply = turns[-1].content if turns and turns[-1].role == "assistant" else ""
    if prev is not None and not prev.areas:
        prev = replace(prev, areas=_the_one_area(reply, known_areas))
    if prev is not None and not prev.themes and prev.intent == "not_fixed" and reply:
        prev = _with_subject_of(prev, reply)
    own = _elsewhere(read(question, known_areas, classify), known_areas)
    query = _two_sided(_one_sided(_one_area(resolve(question, own, prev, known_areas,
                                                     reply))))
    if _asks_about_told_name(question, [*asked, question]):
        return replace(query, own_child=True, intent="personal", shape="personal")
    # ("blackpool, we both work full time. how did it do?" then "anything outside school
    # hours?": the need told first is still the one the help is for)
    told = next((story for text in reversed(asked) if (story := story_told(text))), "")
    return replace(query, told_before=told) if query.follow_up else query


MAX_REPLY_THEMES = 2  # a reply on more subjects than this says no one thing "it" could be


def _with_subject_of(prev: Query, reply: str) -> Query:
    """The last question with the subject its answer was about, when it named none itself but
    asked what is still not fixed: answered with the transitions weakness, "what did the
    council say it would do about it?" asks about transitions. (A reply to a question about an
    area as a whole names many subjects, none of them what "it" is.)"""
    told = themes_of(reply)
    if not told or len(told) > MAX_REPLY_THEMES:
        return prev
    labels = " and ".join(theme_label(t).lower() for t in told)
    return replace(prev, themes=told, rewritten=f"{prev.rewritten.rstrip(' ?.')} ({labels})?")


def _asks_about_told_name(question: str, told: Sequence[str]) -> bool:
    """"does the report say anything about oliver's placement?" after "my son oliver is at a
    special school": the name the asker gave their child, asked about, is that child's case."""
    names = {name for text in told if (name := _child_name(text))}
    low = question.lower()
    return any(f"{name}'s" in low or f"about {name}" in low for name in names)


def _child_name(text: str) -> str | None:
    """The name after "my son" / "my daughter", written with a capital or not ("my son oliver
    is 9"); a word a sentence would go on with there is no name."""
    named = named_child(text)
    if named:
        return named.split()[0].lower()
    for _, end in vocabulary.MY_CHILD.find(text):
        after = text[end:].split()[:1]
        word = after[0].strip(",.;:!?()").lower() if after else ""
        if word.isalpha() and len(word) > 2 and word not in STOPWORDS | NOT_A_NAME:
            return word
    return None


# Words that follow "my son" and are not his name, beyond the stopwords ("my son needs ...").
NOT_A_NAME = frozenset({"needs", "goes", "attends", "cannot", "aged", "age", "ehc", "send",
                        "struggles", "loves", "hates", "started", "starts", "left", "used"})


def _elsewhere(q: Query, known_areas: Sequence[str]) -> Query:
    """ "West Sussex lacked video-fluoroscopy. Did any other council flag a similar problem?":
    the areas named before a question whether the same holds in other areas are the ones it
    leaves out, and what is said of them is its subject, asked across the rest (read without
    their names). ("Bury did well. What can other areas learn?" asks about Bury.)"""
    asking = asking_part(asked_clause(q.question))  # ("X lost it - did it happen elsewhere?")
    text = q.question
    named = find_areas(text, known_areas)
    # (an area named after the question is one the asker has heard of, not one left out:
    # "How have other areas used alternative provision? Someone mentioned Telford.")
    if not q.areas or asking not in text or not vocabulary.OTHER_AREAS.mentions(asking) \
            or not vocabulary.SAME_ELSEWHERE.mentions(asking) \
            or any(m.end > text.index(asking) for m in named):
        return q
    for m in sorted(named, key=lambda m: -m.start):
        text = f"{text[:m.start]}the area{text[m.end:]}"
    return replace(q, areas=(), other_than=q.areas, rewritten=text, intent="which_areas",
                   shape="list", claim="", checks_claim=False, premise=None, reads_story=True)


def _one_area(q: Query) -> Query:
    """ "brighton - ... are any new places opening?" names one area and asks nothing across
    areas ("which councils", "anywhere", "other areas"): a question about that area, whatever
    the classifier's "which areas" reading of "any". (Its findings of a kind or its verdicts,
    "what are X's areas for improvement?", are listed by the which-areas handler.)"""
    asking = asked_clause(q.question)
    if q.intent != "which_areas" or len(q.areas) != 1 or q.other_than \
            or asks_across(asking) or vocabulary.AREAS.mentions(asking) \
            or any(p.search(asking) for p in FINDING_KIND_WORDS.values()) \
            or vocabulary.ASKS_JUDGEMENT.mentions(asking):  # "which area of work was judged ..."
        return q
    intent = q.runner_up if q.runner_up != "which_areas" else "open"
    return replace(q, intent=intent, shape=INTENT_SHAPES[intent])  # type: ignore[arg-type]


def _two_sided(q: Query) -> Query:
    """Two areas named and a word that ranks or sets them side by side ("who came out on top?",
    "how did their outcomes differ?"): a comparison, whatever the question word."""
    if len(q.areas) < 2 or q.intent in ("compare", "personal") \
            or not (vocabulary.RANKS.mentions(asked_clause(q.question))
                    or vocabulary.DIFFERS.mentions(asked_clause(q.question))):
        return q
    return replace(q, intent="compare", shape="comparison")


def _one_sided(q: Query) -> Query:
    """A comparison needs two sides: "what should X do better?" names one area and no other
    ("other areas", "nationally"), so it asks what its next best intent asks. ("Which areas
    ...?" naming one area stays: its list handler reads "what areas for improvement did X get?".)"""
    sides = len(q.areas) + len(q.unknown_areas) + len(q.other_than)
    if q.intent != "compare" or sides != 1 or OTHER_AREAS_RE.search(q.question) \
            or asks_across(q.question):
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
    story = story or _reads_told(story_told(text), asked, guess.intent, known_areas)
    if story and not own_child:
        # "did the inspectors notice?" after a story asks whether the documents say what the
        # story says, not for the area's result as a whole: the reader reads the story too
        guess = IntentGuess("open", guess.score, guess.margin)
    story = story or _reads_preface(text, asked, guess.intent, known_areas)
    checks = about_content(checked_claim(text)) and guess.intent not in _CHECKED_AS_ASKED
    if checks:
        # "I heard kids there wait a year for speech therapy, is that right?": what the
        # report says on that subject is read, not the area's result as a whole
        guess = IntentGuess("open", guess.score, guess.margin)
    label, rest = lead_in(text)
    kinds_text = _without(vocabulary.AUDIENCE,
                          rest if vocabulary.PURPOSE.starts(label) else text)
    mentions = find_areas(text, known_areas)
    # ("after its 2019 revisit": the year of the visit that says when, not of the paper asked)
    years = years_in(_TIME_ANCHOR_RE.sub(" ", text))
    claimed = years_in(tagged_claim(text))
    years = [y for y in years if y not in claimed]
    if len(set(years)) > 1 and len({m.name for m in mentions if m.known}) > 1:
        years = []  # "Wokingham's 2021 revisit and Wandsworth's 2022 one": each its own year
    return Query(
        question=question, rewritten=text,
        areas=_unique(m.name for m in mentions if m.known),
        unknown_areas=_unique(m.name for m in mentions if not m.known),
        themes=_asked_themes(text, guess.intent),
        doc_types=_kinds(kinds_text),
        year=int(years[0]) if years else None, latest=vocabulary.LATEST.mentions(text),
        shape=INTENT_SHAPES[guess.intent], intent=guess.intent,  # type: ignore[arg-type]
        runner_up=guess.runner_up,
        premise=_premise(text), claim=content_claim(text),
        claimed_year=int(claimed[0]) if claimed else None, own_child=own_child,
        reads_story=story and not own_child, checks_claim=checks,
    )  # fmt: skip


def _kinds(text: str) -> tuple[str, ...]:
    """The kinds of document asked about. The question's own sentence says them when it names
    any: a sentence before it says what the asker does ("I am preparing for the Scrutiny
    Committee. What did the revisit conclude?"), not which document is asked about. Else the
    sentences before it may say ("I read the committee report. What did it say about X?")."""
    text = _TIME_ANCHOR_RE.sub(" ", text)
    asking = " ".join(asking_sentences(text))
    own = tuple(t for t, pattern in DOC_TYPE_RES if pattern.search(asking)) if asking else ()
    return own or tuple(t for t, pattern in DOC_TYPE_RES if pattern.search(text))


# "what was X doing about OT waits after its 2019 revisit?": a visit named to say when, not the
# document asked about (the council's own papers tell what it did next). A pattern: the anchor
# word, a few words, the visit.
_TIME_ANCHOR_RE = re.compile(
    r"\b(?:after|since|following)\s+(?:the|its|their|a|an|that|this)?\s*(?:\w+\s+){0,3}?"
    r"(?:re-?visit|inspection|letter|report)s?\b", re.I)


def _about_own_child(asked: str) -> bool:
    """Is what is asked about the asker's own child: a child named in the question itself
    ("has my son Jack's plan been signed off?") or "did they mention my daughter?". A story
    before the question ("my son is 9. what did ...?") is context, not what is asked."""
    if named_child(asked) is not None:
        return True
    # the child is what is mentioned: "did they talk about my son", not "my son ... did they
    # say anything about wheelchair waits"
    children = vocabulary.MY_CHILD.find(asked)
    mentions = vocabulary.MENTION.find(asked)
    # ... or "is my son (Oliver) mentioned in it?": the child, at most a name, then the
    # mention said of it
    return any(0 <= len(asked[end:start].split()) <= _OBJECT_WORDS
               for _, end in mentions for start, _ in children if start >= end) \
        or any(len(asked[own:at].split()) <= 1 and asked[at:stop].endswith("ed")
               for at, stop in mentions for _, own in children if at >= own)


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
    asking = " ".join(asking_sentences(text))
    own = themes_of(asking or text)
    # ("... both our kids have ehcps. which of our councils did better?" ranks whole results)
    whole = intent in _WHOLE_KIND_INTENTS or (bool(asking) and vocabulary.RANKS.mentions(asking))
    if own or not whole or vocabulary.DEMONSTRATIVE.mentions(asking):
        return own or themes_of(text)
    return ()


# Intents asking for every finding of a kind, or an area's result as a whole.
_WHOLE_KIND_INTENTS = frozenset({"list_findings", "summary", "outcome", "count", "not_fixed"})


def _reads_told(told: str, asked: str, intent: str, known_areas: Sequence[str]) -> bool:
    """Does a sentence before the question say what it asks about? "X's letter referred to
    tribunal appeals. What change did it record?": a sentence about an area's documents, no story
    of the asker's own, before a short question with no subject of its own. Asked for an area's
    whole result, only when the sentence names a subject ("X and Y were both criticised over
    wheelchairs. What did each report say?", not "X's report came out in May. What did it
    find?")."""
    return bool(told) and (intent in _READS_TOLD
                           or (intent == "summary" and _names_subject(told, known_areas))) \
        and not themes_of(asked) and len(asked.split()) <= _SHORT_ASK \
        and len(split_question(asked)) == 1 and not vocabulary.FIRST_PERSON.mentions(told) \
        and any(m.known for m in find_areas(told, known_areas))


# Claims checked by the intent's own handler: areas compared, areas that match, one's own case.
_CHECKED_AS_ASKED = frozenset({"compare", "which_areas", "personal"})
_SHORT_ASK = 10  # words: a longer question says what it asks about
_READS_TOLD = frozenset({"open", "reason", "practice"})
_FOUND_INTENTS = frozenset({"summary", "outcome", "compare"})  # what inspections found
_NOT_SUBJECT = frozenset(tokens(
    "report reports letter inspection inspections revisit ofsted cqc paper note published came "
    f"out {' '.join(MONTHS)}"))


def _reads_preface(text: str, asked: str, intent: str, known_areas: Sequence[str]) -> bool:
    """Does what comes before a question with no subject of its own say what it is about?
    A preface saying what is wanted ("Looking for ways to speed up autism assessments: what has
    Bolton done?"), or for what an area does, the need told before it ("We need to bring down
    exclusions. How did Telford manage it?"): the question asks how that was done. The preface
    names a subject the reports cover, or says what is wanted ("We want parents to stop
    repeating their story."), not merely what happened ("We moved there last year.")."""
    names = {t for m in find_areas(asked, known_areas) for t in tokens(m.name)}
    if intent not in _READS_TOLD | _FOUND_INTENTS or themes_of(asked) \
            or topic_terms(asked) - names - _NOT_SUBJECT - _DOING:
        return False
    label = lead_in(text)[0]
    before = label or (story_told(text) if intent == "practice" else "")
    if intent in _FOUND_INTENTS:
        # "We're reviewing antenatal contacts. What did the A and B inspections find?": what
        # they found on that, said before the question, not their results as a whole; so
        # does "Several inspections criticised antenatal visiting. What did A's report say?"
        told = label or story_told(text)
        if label and _names_subject(label, known_areas):
            return True  # "Comparing antenatal health visitor contacts: how do A and B differ?"
        # (what was found names its subject in a word: "problems with videofluoroscopy")
        if vocabulary.FOUND_ON.mentions(told):
            return _names_subject(told, known_areas, least=1)
        return vocabulary.REQUESTS.mentions(told) and _names_subject(told, known_areas)
    return bool(themes_of(before)) or (vocabulary.REQUESTS.mentions(before)
                                       and _names_subject(before, known_areas))


# Words of a question asking how something was done, not what: "how did they manage it?"
_DOING = frozenset(tokens("manage do done tackle handle achieve fix sort work go help approach "
                          "way"))


def _names_subject(told: str, known_areas: Sequence[str], least: int = 2) -> bool:
    """Does a sentence say what about, beyond areas, documents and dates?"""
    names = {t for m in find_areas(told, known_areas) for t in tokens(m.name)}
    return len({t for t in topic_terms(told) if not t.isdigit()} - names - _NOT_SUBJECT) >= least


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))



def _premise(text: str) -> Premise | None:
    """The polarity a question presupposes: "Since Wandsworth failed ..." -> negative; so does a
    claim about an inspection stated before the question or reported ("X got a positive outcome.
    What did they do well?", "I read X failed at the revisit, is that right?")."""
    clauses = premise_clauses(text)
    clauses += [s for s in statements(text) if INSPECTION_WORD_RE.search(s)]
    for clause in clauses:
        if vocabulary.MIDDLE_OUTCOME.mentions(clause):  # (its "inconsistent" is no failure)
            return "middle"
        if NEGATIVE_RE.search(clause.lower()):
            return "negative"
        if POSITIVE_RE.search(clause.lower()):
            return "positive"
    return None


# --- retrieval filters -----------------------------------------------------------------------


def _has_year(documents: Sequence[Document], year: int) -> bool:
    return any((d.date or "").startswith(str(year)) for d in documents)


def _kind_named_not_year(query: Query, types: Sequence[str]) -> bool:
    """ "and what does the briefing note say?" after a question about the 2019 revisit: the
    kind named by the question itself says the document better than a year carried over."""
    return str(query.year) not in query.question and bool(set(types) & set(_kinds(query.question)))


def filters_for(query: Query, documents: Sequence[Document] = ()) -> Filters | None:
    """Retrieval filters from the question: its areas, and (checked against the documents held,
    so a filter never empties the search) the kind of document and the year it names."""
    scope = [d for d in documents if not query.areas or d.area in query.areas]
    # When a document was published is told by the papers that followed it, not by itself (nor
    # in its year: "when did the 2019 revisit report come out?").
    published = answer_vocabulary.PUBLISHED.mentions(query.rewritten)
    kinds = () if published else query.doc_types
    year = None if published else query.year
    types = [t for t in kinds if any(d.doc_type == t for d in scope)]
    if year and not _has_year([d for d in scope if d.doc_type in types], year) \
            and _has_year(scope, year) and not _kind_named_not_year(query, types):
        types = []  # the year names the document better than a kind read from other words
    if types:
        scope = [d for d in scope if d.doc_type in types]
    date_from = date_to = None
    dated = [d.date for d in scope if d.date]
    if year and any(d.startswith(str(year)) for d in dated):
        date_from, date_to = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif query.latest and query.areas and dated:
        date_from = dt.date.fromisoformat(max(dated))
    filters = Filters(
        area=list(query.areas) or None,
        doc_type=[t for t in types if t in DOC_TYPES] or None,  # type: ignore[misc]
        date_from=date_from, date_to=date_to,
    )  # fmt: skip
    return None if filters.is_empty() else filters
