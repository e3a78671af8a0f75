"""The parts of a question: a label before it ("For the committee: ..."), a story before it,
the clause that asks, and two questions asked as one."""

from __future__ import annotations

import re

from assistant.areas import wordset
from assistant.question_words import ASKING_START_RE, premise_opening, themes_of
from assistant.understanding import vocabulary
from core.text import letter_words


def split_question(text: str) -> list[str]:
    """A question asking two things ("When was X declared fit for purpose, and when did the
    revisit take place?") as its two questions, each answered in turn; one question as itself.
    Each part must be a question of its own (four words or more): "what works and what
    doesn't?" is one."""
    m = _SECOND_QUESTION_RE.search(text)
    if m is None:
        return [text]
    start = m.start(next(g for g in ("ask", "aux", "any") if m.group(g)))
    first, second = text[: m.start()].strip(" ,;"), text[start:].strip()
    if min(len(first.split()), len(second.split())) < 4:
        return [text]
    return [first.rstrip("?") + "?", second[0].upper() + second[1:]]


# ", and when ...", "? And who ...", "? and anything ...": a second question joined to the first.
# A verb after a bare "and" goes on with the same subject ("inspected in 2023 and were found
# ..."); after a comma it starts a question ("..., and did the same inspector ...?").
_SECOND_QUESTION_RE = re.compile(
    r"(?:(?:,\s*|\?\s+|\s)(?:and|also|plus)\s+(?P<ask>(?:when|who|why|where|how|what|which)\b)"
    r"|(?:,\s*|\?\s+)(?:and|also|plus)\s+(?P<aux>(?:did|does|do|was|were|is|are|has|have|had)"
    r"\b)"
    r"|\?\s+(?:and|also|plus)\s+(?P<any>\w))", re.I)  # "...? and anything for teenagers?"


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
        # (a longer preface before a colon is one too when it says what is wanted and a
        # question starts after it: "Members of the council have asked for a summary: what was
        # the outcome ...?"; "Comparing X and Y: how did they fare?" is part of the question)
        asks_after = mark == ":" and bool(ASKING_START_RE.match(text[cut + 1:])) \
            and vocabulary.REQUESTS.mentions(label)
        if cut > 0 and "?" not in label and (len(label.split()) <= most or asks_after):
            return label.strip(), text[cut + 1:].strip()
    return "", text


def asked_clause(text: str) -> str:
    """The part that asks: a parent's story before the question is context, not the question
    ("My son is 15. What did inspectors find about college?"), and so is a premise clause or a
    label ("For the committee: ...")."""
    text = lead_in(text)[1] or text
    asking = asking_sentences(text)
    return _main_clause(" ".join(asking) if asking else text)


def asking_sentences(text: str) -> list[str]:
    """The sentences that ask: those ending in "?", and a last one that starts like a question
    but lost its mark ("... told off a few years back?? did they ever sort it out")."""
    sentences = [s for s in SENTENCE_END_RE.split(text) if s.strip()]
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    last = sentences[-1].rstrip() if sentences else ""
    if last and last[-1] not in ".!?" and ASKING_START_RE.match(last) and len(sentences) > 1:
        # the question asked last; one asked before it may say what about ("is there a card
        # for leisure? what did the report say about it")
        asking = [*asking, last]
    return asking


def asking_part(text: str) -> str:
    """The last clause that starts by asking: "we might move there for work, would my son wait
    less?" -> "would my son wait less?" (the clauses before it tell why it is asked); the text
    when no clause starts so."""
    cut = text
    for mark in (" - ", " – "):
        cut = cut.replace(mark, ", ")
    clauses = [c.strip() for c in cut.split(", ") if c.strip()]
    asking = [c for c in clauses if ASKING_START_RE.match(c)]
    return asking[-1] if asking else text


def story_told(text: str) -> str:
    """The sentences before the question that tell, not ask ("my 6 year old climbs out of
    windows and we're waiting for an OT assessment."); "" when every sentence asks."""
    text = lead_in(text)[1] or text
    asks = asking_sentences(text)
    if not asks:
        return ""
    return " ".join(s for s in SENTENCE_END_RE.split(text) if s.strip() and s not in asks)


def points_at_story(text: str) -> bool:
    """A short question after a story, with no subject of its own, pointing back at it ("did
    the inspectors notice?", "did ofsted say anything about that?")."""
    text = lead_in(text)[1] or text
    sentences = [s for s in SENTENCE_END_RE.split(text) if s.strip()]
    asks = asking_sentences(text)
    asking = " ".join(asks)
    told = [s for s in sentences if s not in asks]
    return bool(asking and told) and len(asking.split()) <= _SHORT_QUESTION \
        and vocabulary.POINTS_AT_STORY.mentions(asking) and not themes_of(asking)


_SHORT_QUESTION = 10  # words: a question longer than this says what it asks about


SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")


def _main_clause(text: str) -> str:
    """'Since X failed on Y, what did leaders do?' -> 'what did leaders do?'; 'when the
    inspectors came back, did they think ...?' -> 'did they think ...?' (a time clause says when,
    it does not ask it)."""
    opening = premise_opening(text)
    rest = opening[1].strip() if opening else ""
    text = rest or text
    return _TIME_CLAUSE_RE.sub("", text, count=1) or text


# A leading "when/after/once <subject> <verb>, <question>?": not "when was it, and who ...?".
_TIME_CLAUSE_RE = re.compile(
    r"^\s*(?:when|after|once|before)\s+(?!(?:was|were|is|are|did|does|do|will|would|has|have|had"
    r"|can|could)\b)[^,?]{3,80},\s*(?=(?:did|do|does|was|were|is|are|has|have|had|what|how|which"
    r"|who|why|where|can|could|will)\b)", re.I)


def without_acknowledgement(text: str) -> str:
    """ "ok thats good. and what was the result?" -> "and what was the result?": a sentence
    that only thanks or acknowledges the last answer tells nothing and claims nothing."""
    parts = SENTENCE_END_RE.split(text.strip())
    while len(parts) > 1 and set(letter_words(parts[0].lower())) <= _ACKNOWLEDGING:
        parts = parts[1:]
    return " ".join(parts)


# Words of a sentence that only acknowledges ("ok thanks.", "that's really helpful!", "great,
# I see.").
_ACKNOWLEDGING = wordset(
    "ok okay oh ah right thanks thank you cheers that thats s is was really very so much great"
    " good helpful useful brilliant lovely perfect excellent nice fine interesting cool i see"
    " got it understood makes sense fair enough wow hmm noted all")
