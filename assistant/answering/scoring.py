"""How the extractive answerer scores sentences: question-term overlap, retrieval prior, shape.

A sentence's score is its own coverage of the question's terms, its passage's coverage (with the
heading and context line) and the passage's retrieval scores, plus bonuses for what the question
asks for: a verdict line for a verdict question, a full date for "when", a number next to the
counted thing for "how many", a "should" sentence for "what must they improve".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant import terms
from assistant.answering import figures
from assistant.answering.question_terms import Question, passage_terms
from assistant.grounding import support
from assistant.understanding import answer_vocabulary, vocabulary
from core.models import SearchHit

# How a sentence score is made: its own coverage, its passage's coverage, retrieval prior.
W_SENTENCE, W_PASSAGE, W_PRIOR = 0.55, 0.25, 0.20
BONUS_VERDICT, BONUS_OVERALL, BONUS_SHAPE = 0.30, 0.35, 0.25
BONUS_SECTION = 0.12  # for what an area does: its "doing well" section over "do better"

VERDICTS = ("sufficient progress", "not sufficient progress")
NOT_STATED = "not stated"
# A whole-inspection verdict: "all", "both", "five of the six", "six weaknesses" (a pattern).
OVERALL_RE = re.compile(
    r"\b(?:weaknesses|all|both|\w+ of the \w+)\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:significant )?weakness"
)
WH_RE = answer_vocabulary.ASKS_DETAIL  # the name answer.py imports (it calls .match)
LABEL_RE = re.compile(r"^[A-Z][A-Za-z ,'()-]{2,60}: \S")  # "Inspection dates: 22 to 26 May 2023"


@dataclass(frozen=True)
class Candidate:
    hit: int  # index into hits
    position: int  # sentence order within the passage
    text: str
    terms: frozenset[str]
    coverage: float  # weighted share of question terms in this sentence
    score: float
    verdict: bool  # a "(not) made sufficient progress" / inspection outcome line
    meaning: float | None = None  # cosine similarity to the question, once the reader reranks


def rank(q: Question, hits: list[SearchHit], eligible: list[int]) -> list[Candidate]:
    """Every quotable sentence of the eligible hits that shares a word with the question or
    has what it asks for, best first."""
    top = max(h.score for h in hits) or 1.0
    # "how long ...?" not about inspections: the time to the next one is no answer
    timed = "duration" in q.shapes
    out: list[Candidate] = []
    for i in eligible:
        passage = hits[i].passage
        prior = 0.5 * hits[i].score / top + 0.5 * max(hits[i].dense_score or 0.0, 0.0)
        passage_cov = q.coverage(passage_terms(passage))
        topic_cov = q.topic_coverage(passage)
        section = section_bonus(q, passage.heading)
        said = terms.split_sentences(passage.text)
        for pos, text in enumerate(said):
            if not quotable(text) or (is_label(text) and not q.shapes & {"when", "count"}) \
                    or (timed and next_inspection_unasked(q, text)):
                continue
            words = frozenset(terms.tokens(text))
            cov = q.coverage(words)
            verdict = is_verdict(text)
            extra = shape_bonus(q, text, verdict, topic_cov, said[pos - 1] if pos else "")
            extra += section
            # A sentence sharing no word with the question stays a candidate: the reader may
            # find it means what was asked ("How did they cut exclusions?" -> "Alternative
            # provision is used as an 'intervention and not respite'."). A verdict line is
            # quoted only when it is about the question or asked for.
            if cov == 0 and extra == 0 and verdict:
                continue
            score = W_SENTENCE * cov + W_PASSAGE * passage_cov + W_PRIOR * prior + extra
            out.append(Candidate(i, pos, text, words, cov, score, verdict))
    out.sort(key=lambda c: (-c.score, c.hit, c.position))
    return out


def shape_bonus(q: Question, text: str, verdict: bool, topic_cov: float,
                before: str = "") -> float:
    bonus = 0.0
    wanted = asked_polarity(q)
    if verdict and q.shapes & {"verdict", "open", "list"} and (
            wanted is None or wanted in support.verdict_polarities(text) or not is_progress(text)):
        if not q.topic:
            bonus += BONUS_OVERALL if is_overall(text) else 0.0
        elif not is_overall(text):
            bonus += BONUS_VERDICT * topic_cov
    if "when" in q.shapes:
        bonus += BONUS_SHAPE * figures.date_strength(text)
        if answer_vocabulary.EARLIER.mentions(text) \
                and not answer_vocabulary.EARLIER.mentions(q.text):
            bonus -= BONUS_SHAPE  # the date of an earlier visit answers only when it is asked
    bonus += _figure_bonus(q, text)
    if "practice" in q.shapes:
        # What an area does is told by the service or scheme it names and the action taken;
        # the problem it tackles ("waits are too long") is not what was asked.
        bonus += BONUS_SHAPE * (names_a_scheme(text) + answer_vocabulary.ACTION_TAKEN.mentions(text)
                                - states_problem(text, before))
    if "effect" in q.shapes and answer_vocabulary.STATES_EFFECT.mentions(text):
        bonus += BONUS_SHAPE  # "did it make a difference?": the sentence saying what changed
    if "often" in q.shapes and answer_vocabulary.STATES_FREQUENCY.mentions(text):
        bonus += 2 * BONUS_SHAPE  # "how often does it meet?": the sentence saying how often
    if "name" in q.shapes and _QUOTED_NAME_RE.search(text):
        bonus += BONUS_SHAPE  # "what's it called?": the sentence giving its name
    if "todo" in q.shapes and answer_vocabulary.TO_DO.mentions(text):
        bonus += BONUS_SHAPE  # "Leaders should ...": what an area must still do
    return bonus


def _figure_bonus(q: Question, text: str) -> float:
    """A sentence stating the figure the question wants: a count, a length of time, a sum. The
    time to the next inspection, which every report gives, answers only a question about
    inspections ("how long is the wait for a wheelchair?" is not answered by "The next full
    area SEND inspection will be within approximately 3 years")."""
    bonus = 0.0
    if next_inspection_unasked(q, text):
        return bonus
    if "count" in q.shapes and figures.has_count(text):
        bonus += BONUS_SHAPE
        if figures.counted_terms(text) & q.terms.keys():
            bonus += BONUS_SHAPE  # the number counts what was asked about
    if "duration" in q.shapes and figures.has_duration(text):
        bonus += 2 * BONUS_SHAPE  # "how long?" is answered by a length of time
    elif "wait" in q.topic and len(q.areas) < 2 and "practice" not in q.shapes \
            and (figures.has_duration(text) or answer_vocabulary.NO_WAIT.mentions(text)):
        # a wait's length asked in other words ("is a long wait normal here?"), or that there
        # is none ("no waiting times for OT"); not the help
        # given while waiting, nor areas compared (their figures have their own bonus)
        bonus += BONUS_SHAPE
    if len(q.areas) > 1 and (figures.has_duration(text) or figures.has_count(text)):
        bonus += 2 * BONUS_SHAPE  # areas compared on a measure: figures show the difference
    if q.about_money and figures.states_figure(text, "money"):
        bonus += 2 * BONUS_SHAPE  # "what financial context ...?": the sum is the context
    return bonus


_INSPECTED = frozenset({"inspect", "revisit", "visit"})  # stems of asking about inspections


def next_inspection_unasked(q: Question, text: str) -> bool:
    """The time to the next inspection, which every report gives, when the question does not
    ask what comes next: no answer to "how long ...?" or "how many ...?" about anything else,
    nor to "what did the inspections find about X?"."""
    if not answer_vocabulary.NEXT_STEP.mentions(text):
        return False
    if vocabulary.OVERSIGHT_NEXT.mentions(q.text):
        return False  # "what happens next?", "when are they coming back?"
    ahead = bool(q.shapes & {"when", "duration"}) or "next" in q.text.lower().split()
    return not (ahead and _INSPECTED & q.terms.keys())


def section_bonus(q: Question, heading: str) -> float:
    """What an area does is told in the report's section on what it does well (a parent asking
    for help while waiting wants it). The section on what it must do better is not marked down:
    some help while waiting is told beside the wait it eases (tried: it lost such answers)."""
    if "practice" in q.shapes and answer_vocabulary.DOING_WELL_SECTION.mentions(heading):
        return BONUS_SECTION
    return 0.0


def states_problem(text: str, before: str = "") -> bool:
    """A problem stated (not what an area does): "waits are too long", or "However, ..." after
    a sentence stating none. After a problem ("Some children wait too long."), "However, there
    is a range of services ... while they wait." is what the area does about it."""
    if answer_vocabulary.PROBLEM.mentions(text):
        return True
    return bool(answer_vocabulary.BUT.match(text)) \
        and not answer_vocabulary.PROBLEM.mentions(before)


# A named service or scheme: a quoted name ('Move', "Missing Mondays"; in lower case, two to five
# words: 'waiting well', not 'mixed' nor "children's ... parents'") or two or more capitalised
# words after the sentence's first word ("the Discovery Group", "Youth Employment Hub").
_QUOTED_NAME = (r"[‘'\"“][A-Z0-9][^’'\"”]{2,40}[’'\"”]"
                r"|(?<!\w)[‘'\"“][a-z][a-z-]+(?:\s[a-z-]+){1,4}[’'\"”](?![a-z])")
_SCHEME_RE = re.compile(_QUOTED_NAME
                        + r"|(?<=\s)[A-Z][a-z]+(?:\s+(?:of|and|for|the)?\s*[A-Z][a-z]+)+")
# A name in quotes ('Ask Ollie', 'walking in our shoes'): what "what is it called?" wants, not
# a body's capitalised title ("the London Borough of ...").
_QUOTED_NAME_RE = re.compile(_QUOTED_NAME)
_NOT_SCHEMES = frozenset({"Ofsted", "Care Quality Commission", "Local Area", "Special Educational"})


def names_a_scheme(text: str) -> bool:
    return any(m.group(0) not in _NOT_SCHEMES for m in _SCHEME_RE.finditer(text))


def is_progress(text: str) -> bool:
    return "sufficient progress" in terms.normalise(text)


def quotable(text: str) -> bool:
    """A real sentence: long enough, ends like a sentence, not an address or an injection."""
    words = text.split()
    ended = _end_mark(text) in (".", "!") or (LABEL_RE.match(text) and len(words) < 20) \
        or _prose(words)
    if len(words) < 5 or len(words) > 90 or not ended:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "'\"("):
        return False  # a fragment of a bulleted list
    if "@" in text or "www." in text or "http" in text or text.lower().startswith("yours"):
        return False
    return not support.looks_like_instruction(text)


def _end_mark(text: str) -> str:
    """How a sentence ends: its last ".", "!" or "?", maybe before one closing quote or bracket
    (a final newline passed over); "" when it ends otherwise."""
    text = text.removesuffix("\n")
    if text[-1:] in ("'", '"', ")"):
        text = text[:-1]
    return text[-1] if text[-1:] in (".", "!", "?") else ""


def _prose(words: list[str]) -> bool:
    """A paragraph's last sentence that lost its full stop ("... made in this context"): long,
    mostly lower-case words, not a heading, a table row or a list of names."""
    return len(words) >= 15 and sum(w[0].isupper() for w in words) < 0.3 * len(words) \
        and ":" not in " ".join(words[:8])


def is_label(text: str) -> bool:
    """A heading or field ("Inspection dates: ..."), not a sentence introducing a list, nor a
    paragraph's last sentence that lost its full stop ("... should be made in this context")."""
    return not _end_mark(text) and not INTRODUCES_LIST_RE.search(text) \
        and not _prose(text.split())


INTRODUCES_LIST_RE = answer_vocabulary.INTRODUCES_LIST


def is_verdict(text: str) -> bool:
    """A verdict line, not a sentence that only says what the revisit set out to decide."""
    low = terms.normalise(text)
    if any(p in low for p in terms.OUTCOME_PHRASES):
        return True
    if "sufficient progress" not in low or "whether" in low:
        return False
    return bool(terms.VERDICT_RE.search(text)) or answer_vocabulary.COUNTED.mentions(low)


def is_overall(text: str) -> bool:
    """A whole-inspection verdict ("five of the six weaknesses", an inspection outcome)."""
    low = terms.normalise(text)
    if any(p in low for p in terms.OUTCOME_PHRASES):
        return True
    return bool(OVERALL_RE.search(low))


def overall(candidates: Iterable[Candidate], wanted: str | None = None) -> Candidate | None:
    """The best whole-inspection verdict line, of the asked polarity when there is one."""
    overalls = [c for c in candidates if c.verdict and is_overall(c.text)]
    preferred = [c for c in overalls if wanted in support.verdict_polarities(c.text)]
    best = preferred or overalls
    # Of equally good lines, the one with the most numbers ("eight of the 12", not "eight of").
    if not best:
        return None
    return max(best, key=lambda c: (len(terms.numbers_in(c.text)), -best.index(c)))


def asked_polarity(q: Question) -> str | None:
    if answer_vocabulary.NOT_DONE.mentions(q.text):
        return VERDICTS[1]
    return VERDICTS[0] if "list" in q.shapes else None
