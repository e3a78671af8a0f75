"""What a question asserts about the documents' content, and which way the claim leans.

"east sussex hardly sends any kids to special schools, is that why ...?" asserts something a
report may contradict (a higher proportion attend specialist settings than nationally). Verdict
and outcome premises are checked against the findings table (answering/corrections.py); a claim
about what a report says on a subject is checked by the reader against that subject's sentences
(answering/claims.py).
"""

from __future__ import annotations

from assistant.question_words import (
    ASKING_START_RE,
    premise_clauses,
    question_tags,
    reported_claim,
)
from assistant.terms import topic_terms
from assistant.understanding import vocabulary
from assistant.understanding.clauses import SENTENCE_END_RE


def content_claim(text: str) -> str:
    """The first claim the question makes that leans one way and is not about the asker's own
    life: a premise clause ("Given the long backlog in X, ..."), a statement before the question
    ("X's report praised its offer. What does it include?"), what the asker was told, or a
    question worded as a statement; "" when it makes none."""
    said = premise_clauses(text) + statements(text)
    for claim in (SENTENCE_END_RE.split(c.strip())[0] for c in said):
        # "x hardly does y, is that why my son ...?": the clauses before the one that asks
        clauses = [c for c in _clauses(claim) if c.strip()]
        told: list[str] = []
        for clause in clauses:
            if told and ASKING_START_RE.match(clause.strip()):
                break
            told.append(clause)
        kept = ", ".join(c.strip() for c in told)
        if kept and not vocabulary.FIRST_PERSON.mentions(kept) and leaning(kept):
            return kept
    return ""


def checked_claim(text: str) -> str:
    """What the asker wants checked: the statement before "is that true?", "right?" or
    "true?" ("I heard kids there wait over a year for speech therapy, is that right?" -> "kids
    there wait over a year for speech therapy"), after any "I heard" or "my sister says"; ""
    when the question asks nothing to be checked."""
    opening = vocabulary.TRUE_OPENING.find(text)
    if opening:  # "is it true that X?"
        told = text[opening[0][1]:].removeprefix(" that")
    else:
        # ("..., right?", "... . true?", "X has a long list right?" or "X make you wait a
        # year, don't they?" is a tag; "what has it got to put right?" is not: it asks)
        ends = [start for start, _ in vocabulary.CONFIRMS.find(text)] \
            + [start for start, _ in vocabulary.TRUE_TAG.find(text) + question_tags(text)
               if text[:start].rstrip()[-1:] in (",", ".", "!", "?", "-", "–")
               or not ASKING_START_RE.match(SENTENCE_END_RE.split(text[:start])[-1])]
        if not ends:
            return _so_then(text) or _heard_asked(text)
        head = text[: min(ends)]
        told = reported_claim(head) or head
    claim = told.strip(" ,.;:-–?").strip()
    return claim if len(claim.split()) >= _CLAIM_WORDS else ""


_CLAIM_WORDS = 3  # "true?" after "right, ok." checks nothing


def _heard_asked(text: str) -> str:
    """What a question reports hearing, asked back ("heard X is useless at Y, most are late
    apparently?"): X ...; "" when the question asks otherwise ("i heard X, what did Y find?")."""
    sentences = [s for s in SENTENCE_END_RE.split(text.strip()) if s.strip()]
    for i, sentence in enumerate(sentences):
        said = reported_claim(sentence)
        asked_later = any(s.endswith("?") or ASKING_START_RE.match(s) for s in sentences[i + 1:])
        if sentence.endswith("?") and said and not asked_later \
                and not ASKING_START_RE.match(sentence) \
                and not vocabulary.FIRST_PERSON.mentions(said) \
                and not any(ASKING_START_RE.match(c.strip()) for c in said.split(",")):
            return said.strip(" ?")
    return ""


def _so_then(text: str) -> str:
    """A statement asked back ("great, so the OT waits came down too then?"): the statement;
    "" when the last sentence asks otherwise ("so what did they find?")."""
    said = [s for s in SENTENCE_END_RE.split(text.strip()) if s.strip()]
    last = said[-1] if said else ""
    spans = vocabulary.SO_STATED.find(last) if last.endswith("?") else []
    if not spans or len(last[:spans[0][0]].split()) > _SO_LEAD_WORDS:
        return ""
    rest = last[spans[0][1]:]
    return "" if ASKING_START_RE.match(rest) else rest.strip(" ,?")


_SO_LEAD_WORDS = 2  # "great, so ...", "ok and so ...": a short acknowledgement before "so"


def about_content(claim: str) -> bool:
    """A claim about what a report says on a subject, not about an inspection's result ("kids
    wait ages for speech therapy", not "they failed the revisit"): the reader checks the first,
    the verdict and outcome handlers the second."""
    return bool(claim) and not vocabulary.RESULT_WORDS.mentions(claim) \
        and len(topic_terms(claim)) >= _CLAIM_WORDS - 1


def statements(text: str) -> list[str]:
    """What the asker states as known: the statements before the question, what they were
    told or read, and a question worded as a statement ("so the revisit found no progress?")."""
    sentences = [s.strip() for s in SENTENCE_END_RE.split(text) if s.strip()]
    said = [s for s in sentences[:-1] if not s.endswith("?")]
    said += [claim for s in sentences if (claim := reported_claim(s))]
    said += [s for s in sentences if s.endswith("?") and not ASKING_START_RE.match(s)]
    return said


def _clauses(text: str) -> list[str]:
    """The text cut where a clause ends and one that asks may start: a comma, a colon or a
    spaced dash ("rutland - why are ...")."""
    for mark in (": ", " - ", " – "):
        text = text.replace(mark, ", ")
    return text.split(", ")


def leaning(text: str) -> int:
    """+1 when the text leans positive ("praised", "within timescales"), -1 negative ("hardly
    any", "poor quality"), 0 when neither or both; a positive word inside a negative phrase
    ("not effective") counts only as the phrase."""
    text = _main_part(text)
    negative = vocabulary.LEANS_NEGATIVE.find(text)
    positive = [(s, e) for s, e in vocabulary.LEANS_POSITIVE.find(text)
                if not any(ns <= s and e <= ne for ns, ne in negative)]
    return (len(positive) > len(negative)) - (len(negative) > len(positive))


def _main_part(text: str) -> str:
    """What a sentence asserts after conceding something: "While most plans are issued on time,
    they continue to be of poor quality" leans on its last clause, as does "A, but B"."""
    opening = vocabulary.CONCEDES.match(text)
    if opening and ", " in text[opening[1]:]:
        text = text[opening[1]:].split(", ", 1)[1]
    return text.rsplit(" but ", 1)[-1]
