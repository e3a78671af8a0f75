"""What the extractive answerer needs to know about a question: its terms, shape and scope.

Terms are stems after synonym mapping (terms.tokens); the shape says which sentences to
prefer (verdict lines, dates, counts); the scope (areas and years it names, taken from the areas
the retrieved passages belong to) decides which passages may answer at all.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant import terms
from assistant.areas import COUNCIL_RE, find_areas
from assistant.question_words import HOW_LONG_RE
from assistant.understanding.clauses import asked_clause
from assistant.understanding.vocabulary import (
    ASKED_ABOUT,
    ASKS_EFFECT,
    ASKS_NAME,
    FINANCE,
    HOW_OFTEN,
    ILLUSTRATES,
    MANY_AREAS,
    PAY,
    QUANTITY,
)
from core.dates import years as years_in
from core.embeddings import common_words
from core.models import Passage, SearchHit

# Words that name the kind of document rather than the topic.
KIND_WORDS = terms.words(
    "revisit inspection report letter committee scrutiny briefing note ofsted cqc inspector "
    "inspectors inspected revisited latest recent wsoa"
)  # a written statement of action (WSOA) is the plan a revisit judges, not a topic
STORY_WEIGHT = 0.35  # share of a sentence's coverage its match of the story can add
KIND_WEIGHT = 0.25  # "revisit", "report" say which document, not what the answer is about
# "When did it take place / happen?": the words of asking when, not what it is about.
# (and which occasion is asked: "when was it last inspected before 2024?" names no subject)
WHEN_FRAME = terms.words("take took taken place happen happened happening held occur occurred"
                         " last latest previous prior earlier before")
_FILLER_WORDS = "and of the upon on royal borough city county council metropolitan"
AREA_FILLER = terms.words(_FILLER_WORDS) | frozenset(terms.tokens(_FILLER_WORDS))  # as stemmed

# Words of a parent's story about their own family, not about what the documents cover ("my 9
# yr old uses a wheelchair"): "old" would pick "when they reach 16 years old".
_ASKERS_LIFE = frozenset(terms.tokens(
    "old year years yr yrs age aged use uses used son sons daughter daughters child children "
    "kid kids boy girl baby toddler mum mom dad parent parents family husband wife partner "
    "told tell turned turns got get getting live lives living moved"))
# Words saying a plan is not a child's EHC plan ("the improvement plan", "an action plan").
_OTHER_PLANS = frozenset(terms.tokens(
    "improvement action strategy strategic priority recovery business delivery written "
    "statement wsoa transition transformation commissioning"))
_VERDICT_STEMS = frozenset(terms.stem(w) for w in terms.VERDICT_WORDS)
_KIND_STEMS = frozenset(terms.stem(w) for w in KIND_WORDS)
_WHEN_STEMS = frozenset(terms.stem(w) for w in WHEN_FRAME)
# The sentence preferences each intent (assistant.understanding.intents) asks for.
_INTENT_SHAPES = {
    "count": "count", "date": "when", "verdict": "verdict", "outcome": "verdict",
    "not_fixed": "todo", "list_findings": "list", "which_areas": "list",
    "practice": "practice", "definition": "definition",
}  # fmt: skip
# What kind of figure a question asks for. A question asking for money or a quantity is only
# answered by a sentence stating one: the documents describe many things they never put a figure
# on (salaries, costs, the size of a waiting list), and a sentence on the same subject without
# the figure is not an answer. "pay for" asks what a sum funds, not a salary.
# A sum is asked for only with a word that asks its size: "what did it say about the budget?"
# asks what was said, "how much will it cost?", "what does a place cost them?" and "what is the
# average cost?" ask for a sum.
_SUM_RE = re.compile(r"\b(?:how much\b.*\bcost\w*|how much (?:money|funding)"
                     r"|(?:average|total|annual) (?:cost|spend\w*|budget|price)"
                     r"|what (?:is|was|are|were|will be|would be) the \w*\s*(?:cost|price)"
                     r"|what (?:does|do|did|would|will) (?:(?!say|said|about|tell|told)\S+ ){1,12}"
                     r"cost\b(?! pressure)"
                     r"|cost (?:per|of each)"
                     r"|how much (?!time\b)(?:\S+ ){1,8}?(?:spend|spends|spent|spending"
                     r"|pay|pays|paid)"
                     r"|what(?:'s| is| was| are| were) the (?:\w+\s+){0,2}(?:budget|deficit"
                     r"|overspend|spend|spending)|(?:deficit|overspend))\b")


@dataclass(frozen=True)
class Question:
    text: str
    terms: dict[str, float]  # stem -> weight; area names and years excluded (they are scope)
    topic: frozenset[str]  # strong terms that are neither verdict nor document-kind words
    areas: frozenset[str]  # areas (as the passages name them) the question names
    years: frozenset[str]
    shapes: frozenset[str]  # verdict / when / count / list / todo / open
    personal: bool  # a personal case or a request for advice
    own_case: bool  # ... about the asker's own child
    prediction: bool  # asks what will happen
    many_areas: bool  # asks about several areas
    unknown_names: tuple[str, ...]  # areas the collection lacks, from the one parse; councils
    figure: str | None = None  # "money" / "quantity": the answer must state such a figure
    # words of the story told before the question ("waiting for an OT assessment ... climbs out
    # of windows"): they say what the question is about, though never what must be answered
    story: frozenset[str] = frozenset()
    about_money: bool = False  # "what financial context ...?": a sentence with a sum answers it
    # rare words asked about that no document uses ("hydrotherapy", "makaton"): a subject the
    # documents lack, not an informal word ("honestly") nor a misspelling ("assesment")
    unseen: tuple[str, ...] = ()

    def accepts(self, passage: Passage) -> bool:
        """Is the passage within the areas and years the question names?"""
        if self.areas and passage.area not in self.areas:
            return False
        meta = f"{passage.date or ''} {passage.title} {passage.text}"
        return all(year in meta for year in self.years)

    def coverage(self, terms: Iterable[str]) -> float:
        """Weighted share of the question's terms among the given terms."""
        total = sum(self.terms.values())
        if not total:
            return 0.0
        have = set(terms)
        asked = sum(w for t, w in self.terms.items() if t in have) / total
        if not self.story:
            return asked
        told = len(self.story & have) / len(self.story)
        return min(1.0, asked + STORY_WEIGHT * told)

    def topic_coverage(self, passage: Passage) -> float:
        if not self.topic:
            return 1.0
        return len(self.topic & passage_terms(passage)) / len(self.topic)

    def missing_phrase(self, hits: Sequence[SearchHit], eligible: Sequence[int]) -> str:
        """The question's own words for what the passages lack, e.g. '"speech therapy"'."""
        have: frozenset[str] = frozenset()
        if eligible:
            best = max(eligible, key=lambda i: self.topic_coverage(hits[i].passage))
            have = passage_terms(hits[best].passage)
        missing = self.topic - have
        words = terms.plain_words(self.text)
        picked: list[str] = []
        i = 0
        while i < len(words):
            n = _missing_run(words[i : i + 4], missing)
            if n:
                picked.append(" ".join(words[i : i + n]))
            i += n or 1
        return f'"{" ".join(picked[:4])}"' if picked else "this"

    def scope_phrase(self) -> str:
        parts = []
        if self.areas:
            parts.append(" for " + " or ".join(sorted(self.areas)))
        if self.years:
            parts.append(" in " + " or ".join(sorted(self.years)))
        return "".join(parts)


def passage_terms(passage: Passage) -> frozenset[str]:
    """Terms of a passage with its heading and context line (area, document, weakness theme)."""
    return terms.token_set(f"{passage.heading}\n{passage.context}\n{passage.text}")


def _content(word: str) -> bool:
    return any(terms.term_weight(t) > 0 for t in terms.tokens(word))


def _missing_run(words: list[str], missing: frozenset[str]) -> int:
    """Length of the longest run at the start of words that names only missing terms."""
    for n in range(len(words), 0, -1):
        window = words[:n]
        found = {t for t in terms.tokens(" ".join(window)) if terms.term_weight(t) > 0}
        if found and found <= missing and _content(window[0]) and _content(window[-1]):
            return n
    return 0


def analyse_question(
    text: str, hits: Sequence[SearchHit], intent: str = "open",
    vocabulary: frozenset[str] = frozenset(), unknown_areas: Sequence[str] = (),
    areas: Sequence[str] = (), story: str = "",
) -> Question:
    """What the reader needs of a question. With the collection's vocabulary, the subject is
    only the words the documents use ("looking for ideas", "my sister lives there" are the
    asker's, not a subject the documents could miss); a subject of nothing but words the
    documents never use ("salary") stays, so the reader says the documents don't say."""
    low = terms.normalise(text)
    named, said = _named_areas(text, {h.passage.area for h in hits})
    # The one parse's areas (a follow-up's carried over too) when given; else those named.
    scope = frozenset(areas) or named
    # the words the areas were named by too: a short form or misspelling ("darlo") is no subject
    called = frozenset(t for m in find_areas(text, sorted(scope)) if m.known
                       for t in terms.tokens(text[m.start:m.end]))
    area_words = said | called | frozenset(t for a in scope for t in _area_key(a))
    years = frozenset(years_in(text))
    weights: dict[str, float] = {}
    for term in terms.tokens(text):
        weight = terms.term_weight(term)
        if weight and term not in area_words and term not in years:
            weights[term] = min(weight, KIND_WEIGHT) if term in _KIND_STEMS else weight
    if "plan" in weights and "ehcp" not in weights and not weights.keys() & _OTHER_PLANS:
        weights["ehcp"] = weights["plan"]  # "how many have plans?": a bare plan is an EHC plan
    frame = _WHEN_STEMS if intent == "date" else frozenset()
    topic = frozenset(
        t for t, w in weights.items()
        if w >= 1 and t not in _VERDICT_STEMS | _KIND_STEMS | frame and not t.isdigit()
    )
    topic = (topic & vocabulary or topic) if vocabulary else topic
    # "..., e.g. outside normal hours?": the example ranks sentences but is no subject of its own
    illustrated = ILLUSTRATES.find(text)
    if illustrated:
        topic = topic - frozenset(terms.tokens(text[illustrated[0][1]:])) or topic
    unseen = _unseen_words(text, vocabulary, area_words | years) if vocabulary else ()
    # the story's words the documents use, beyond the question's own and the area's names
    told = frozenset(t for t in story_terms(story, vocabulary)
                     if t not in weights and t not in area_words and t not in years)
    if not topic and told and intent == "practice":
        # "Attendance of our SEND cohort is a real problem. What has Wakefield done that
        # works?": what was done is about the story's subject when the question names none
        # ("what did the inspection say about X? my son waited a year" asks for all it said)
        # (its words rank the sentences; still never a subject the documents must hold)
        weights.update(dict.fromkeys(told, 1.0))
        told = frozenset()
    shape = _INTENT_SHAPES.get(intent)
    shapes = {shape or "open"} | ({"duration"} if HOW_LONG_RE.search(low) else set()) \
        | ({"name"} if ASKS_NAME.mentions(asked_clause(text)) else set()) \
        | ({"effect"} if ASKS_EFFECT.mentions(asked_clause(text)) else set()) \
        | ({"often"} if HOW_OFTEN.mentions(asked_clause(text)) else set())
    return Question(
        text=text, terms=weights, topic=topic, areas=scope, years=years,
        shapes=frozenset(shapes), personal=intent in ("personal", "advice"),
        prediction=intent == "prediction", own_case=intent == "personal",
        many_areas=bool(MANY_AREAS.mentions(low)),
        unknown_names=tuple(unknown_areas) + _unknown_councils(text, hits),
        figure=asked_figure(low), story=told, unseen=unseen,
        # (the asker's own words: a follow-up's bracketed context is the last question's)
        about_money=FINANCE.mentions(low.split("(")[0]),
    )


def unseen_words(text: str, vocabulary: frozenset[str], areas: Sequence[str]) -> tuple[str, ...]:
    """The rare words a question asks about that no document uses, beyond the names of the
    areas it is about ("what does the halton report say about kacper?" -> ("kacper",))."""
    named = frozenset(t for m in find_areas(text, sorted(areas)) if m.known
                      for t in terms.tokens(text[m.start:m.end]))
    return _unseen_words(text, vocabulary, named | area_terms(areas))


def _unseen_words(text: str, vocabulary: frozenset[str], scope: frozenset[str]
                  ) -> tuple[str, ...]:
    """The words of the question the documents never use that are rare in English too (the
    embedding model's tokenizer splits them into pieces) and misspell no word they use."""
    common = common_words()
    if not common:  # (no tokenizer vocabulary to tell rare words by: none is taken for rare)
        return ()
    out: list[str] = []
    # (only what is asked about, "say about X", "does it offer X", "how many X": a rare word
    # elsewhere is the asker's own ("my son has cerebral palsy", "we're benchmarking"))
    asked = [w for _, end in ASKED_ABOUT.find(text)
             for w in terms.plain_words(text[end:])[:OBJECT_WORDS]]
    for word in asked:
        stems = terms.tokens(word)
        low = word.lower().strip("'")
        if len(stems) != 1 or terms.term_weight(stems[0]) < 1 or stems[0] in vocabulary \
                or stems[0] in scope or not low.isalpha() or len(low) < MIN_UNSEEN \
                or low in common or low.removesuffix("s") in common:
            continue
        if not _misspells(stems[0], vocabulary) and low not in (w.lower() for w in out):
            out.append(word.strip("'"))  # (as written: "Kacper")
    return tuple(out)


OBJECT_WORDS = 3  # words after "about", "offer", ... read as what is asked about
MIN_UNSEEN = 4  # letters of a word taken for a subject the documents lack ("pda" is not)
SAME_START = 7  # letters a longer form shares with a word the documents use ("paediatrician")
# Similarity to a word the documents use that makes a word a misspelling of it: one letter
# wrong in six ("speach") for a short word, a closer match for a longer one ("trampolin" is no
# "straplin")
MISSPELT_SHORT, MISSPELT_LONG = 0.8, 0.85


@functools.lru_cache(maxsize=2)  # (the collection's one vocabulary; a new one after ingest)
def _sorted_vocabulary(vocabulary: frozenset[str]) -> list[str]:
    return sorted(vocabulary)


def _misspells(stem: str, vocabulary: frozenset[str]) -> bool:
    """Is the stem a misspelling ("assesment") or another form ("paediatrician") of a word the
    documents use?"""
    if len(stem) >= SAME_START and any(v.startswith(stem[:SAME_START]) for v in vocabulary):
        return True
    cutoff = MISSPELT_LONG if len(stem) >= SAME_START else MISSPELT_SHORT
    return bool(difflib.get_close_matches(stem, _sorted_vocabulary(vocabulary), n=1,
                                          cutoff=cutoff))


def story_terms(story: str, vocabulary: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words of a story that say what it is about, not the asker's life ("my 9 yr old"),
    and (with the collection's vocabulary) only words the documents use."""
    return frozenset(t for t in terms.tokens(story) if terms.term_weight(t) >= 1
                     and t not in _ASKERS_LIFE and not t.isdigit()
                     and (not vocabulary or t in vocabulary))


def asked_figure(low: str) -> str | None:
    """"money" when the question asks what something costs or pays, "quantity" for how many."""
    if PAY.mentions(low) or _SUM_RE.search(low):
        return "money"
    return "quantity" if QUANTITY.mentions(low) and not HOW_LONG_RE.search(low) else None


def area_terms(areas: Iterable[str]) -> frozenset[str]:
    """The terms that name the given areas ("Stoke on Trent" -> stoke, trent)."""
    return frozenset(t for a in areas for t in _area_key(a))


def _area_key(area: str) -> list[str]:
    return [t for t in terms.tokens(area) if t not in AREA_FILLER]


def _named_areas(text: str, areas: set[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Areas the question names (whole name first, else a distinctive word) and their terms."""
    q = f" {' '.join(terms.tokens(text))} "
    full = {a for a in areas if _area_key(a) and f" {' '.join(_area_key(a))} " in q}
    if not full:
        qset = set(q.split())
        full = {
            a for a in areas
            if any(len(t) >= 5 and t in qset for t in _area_key(a)
                   if t not in {"north", "south", "east", "west"})
        }
    area_terms = frozenset(t for a in full for t in _area_key(a))
    return frozenset(full), area_terms


def _unknown_councils(text: str, hits: Sequence[SearchHit]) -> tuple[str, ...]:
    """A council the question names ("Manchester City Council") whose area no passage covers."""
    keys = [set(_area_key(h.passage.area)) for h in hits]
    out = []
    for name in COUNCIL_RE.findall(text):
        words = {t for t in terms.tokens(name) if t not in AREA_FILLER}
        if words and not any(words <= key or key <= words for key in keys if key):
            out.append(name)
    return tuple(out)
