"""The vocabulary understand() reads questions with: everyday words for themes and document
kinds, the patterns of each question shape, and the wording of follow-ups and premises.

Tables, not logic: a reader can check every mapping here, and a new phrasing is one line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from assistant.areas import wordset
from assistant.understanding import vocabulary
from assistant.understanding.vocab import Phrases
from core.themes import THEMES, theme_scores

# Everyday words -> findings themes (core.themes slugs), with a weight that adds to the
# theme classifier's own vote on the question.
_EVERYDAY: dict[str, str] = {
    "transitions": r"ready for (?:adult\w*|work|independen\w*|the future)|moving (?:on )?"
    r"(?:to|into) (?:adult\w*|college|work)|adult (?:services|life|social care|health)"
    r"|post[- ]?16|post[- ]?19|16 to 25|leaving school|grown[- ]?ups?|becoming (?:an )?adults?"
    r"|adulthood|transitions?|pfa|next stage|moving on",
    "ehc_plans": r"ehcps?|ehc(?:\s*\(?p\)?)?(?: plans?)?|education,? health and care(?: plans?)?"
    r"|(?<!action )(?<!improvement )(?<!strategic )(?<!business )plans\b|needs assessments?"
    r"|assessments?|annual reviews?|20[- ]weeks?|statutory timescales?",
    "coproduction": r"work(?:ing|s)? (?:with|alongside) (?:parents|families|carers)"
    r"|listen\w* to (?:parents|families|children|young people)|(?:parents|families)'? views?"
    r"|voices? of (?:the )?(?:child\w*|young people|parents|families)|co-?produc\w*"
    r"|parent carer forum|involv\w* (?:parents|families)|engag\w* with (?:parents|families)",
    "communication": r"communicat\w*|keep\w* (?:parents|families) informed",
    "waiting_times": r"wait\w*|therap\w*|speech and language|autism|adhd|diagnos\w*",
    # ("the council and NHS" are the partnership told what to do, not a subject)
    "health_services": r"health services?|mental health|camhs"
    r"|(?<!council and )(?<!council and the )nhs(?! and (?:the )?council)|gps?|nurs\w*"
    r"|paediatric\w*",
    "specialist_provision": r"special (?:school )?places|special schools?"
    r"|specialist (?:school )?(?:places|provision|schools?|settings)"
    r"|alternative provision|pupil referral units?|school places",
    "mainstream_inclusion": r"mainstream|inclusi(?:on|ve)|sen support|sencos?",
    "exclusions_attendance": r"exclu\w+|suspen\w+|attendance|off[- ]roll\w*|part[- ]time "
    r"timetables?|out of school|missing (?:from )?education|school refus\w*|ebsa",
    "safeguarding": r"safeguard\w*|child protection|safety",
    "joint_commissioning": r"commission\w*",
    "joined_up_working": r"joined[- ]up|work(?:ing)? together|multi-?agency|partnership working",
    "management_information": r"\bdata\b|management information|monitor\w*|track\w*|evaluat\w*"
    r"|quality assurance",
    "local_offer": r"local offer|website",
    # (identifying needs or children, not "what risks did the note identify?")
    "identification": r"identification|identif\w*(?= (?:\S+ ){0,3}(?:needs?|send|sen|children"
    r"|pupils|young|early|autism|difficult\w*)\b)|(?<=needs )identif\w*|(?<=needs are )identif\w*"
    r"|(?<=children )identif\w*|(?<=children are )identif\w*|early years|early help"
    r"|spotting needs",
    "workforce": r"workforce|staff\w*|training|recruit\w*|caseworkers?",
    "strategy_leadership": r"leadership|strateg\w*|governance|accountab\w*|action plans?",
}
# Patterns, one a theme: look-behinds ("plans", not "action plans"), optional letters ("ehc(p)"),
# and each theme counted on its own (one pass over all would lose the overlaps it counts).
_EVERYDAY_RES = {t: re.compile(rf"\b(?:{p})", re.I) for t, p in _EVERYDAY.items()}
EVERYDAY_WEIGHT = 3.0  # one everyday phrase counts like one strong classifier keyword
MIN_THEME_SCORE = 2.0
THEME_SHARE = 0.5  # keep themes scoring at least half the best one


def themes_of(text: str) -> tuple[str, ...]:
    """Themes a question is about, best first ("EHCP" -> ehc_plans, "post-16" -> transitions)."""
    scores = theme_scores(text)
    for theme, pattern in _EVERYDAY_RES.items():
        hits = len(pattern.findall(text))
        if hits:
            scores[theme] = scores.get(theme, 0.0) + EVERYDAY_WEIGHT * hits
    if not scores:
        return ()
    best = max(scores.values())
    keep = [t for t in THEMES if scores.get(t, 0) >= max(MIN_THEME_SCORE, THEME_SHARE * best)]
    return tuple(sorted(keep, key=lambda t: -scores[t]))


def theme_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the everyday theme phrases in a text, in order."""
    spans = [m.span() for p in _EVERYDAY_RES.values() for m in p.finditer(text)]
    return sorted(s for s in spans if s[1] > s[0])


# Kinds of finding the questions name (the findings table's kinds).
FINDING_KIND_WORDS = vocabulary.FINDING_KINDS
_ASIDE_GAP = 12  # characters between "beyond" and the kind it sets aside ("beyond the ...")


def kinds_asked(text: str, kinds: Sequence[str]) -> list[str]:
    """The kinds of finding a question names, less those it sets aside ("beyond the priority
    actions, what were the areas for improvement?" asks for areas for improvement only)."""
    named = [k for k in kinds if FINDING_KIND_WORDS[k].search(text)]
    aside = {k for k in named for _, end in vocabulary.SETS_ASIDE.find(text)
             if any(0 <= start - end <= _ASIDE_GAP
                    for start, _ in FINDING_KIND_WORDS[k].find(text))}
    return [k for k in named if k not in aside] or named



class _Names(Protocol):
    def search(self, text: str) -> object: ...


class _InspectionReport:
    """An area SEND inspection report's own words anywhere, or "inspection" on a first line
    that names no revisit, council or committee."""

    def search(self, text: str) -> bool:
        first = text.split("\n", 1)[0]  # where the old pattern's ^(?!.*...) looked
        return vocabulary.INSPECTION_REPORT.mentions(text) or (
            vocabulary.INSPECTION.mentions(first) and not vocabulary.NOT_A_REPORT.mentions(first))


# Kinds of document a question names. "sufficient progress" implies a revisit letter, an
# "outcome" or "priority action" an area SEND inspection report.
DOC_TYPE_RES: list[tuple[str, _Names]] = [
    ("revisit_letter", vocabulary.REVISIT_LETTER),
    ("inspection_report", _InspectionReport()),
    ("committee_report", vocabulary.COMMITTEE_REPORT),
    ("briefing_note", vocabulary.BRIEFING_NOTE),
]  # fmt: skip

OTHER_AREAS_RE = vocabulary.OTHER_AREAS
# "How long" asks for a duration, "how long ago" for a date (shared by the intent cues and the
# reader's figure check).
HOW_LONG_RE = vocabulary.HOW_LONG

# Follow-ups: a lead-in that leans on the previous question, a bare "why?", a pronoun.


class _About:
    """A lead-in at the question's start that leans on the one before ("what about ...", "and,
    how about ...", "also ...", "same for ..."), or "which ones?" and nothing else."""

    def _end(self, text: str) -> int | None:
        span = vocabulary.ABOUT.match(text)
        if span is not None:
            return span[1]
        span = vocabulary.WHICH_ONES.match(text)  # then only marks and spaces: all of it
        rest = text[span[1]:] if span else ""
        return None if span is None or any(c.isalnum() or c == "_" for c in rest) else len(text)

    def match(self, text: str) -> bool:  # followup.py calls .match and .sub
        return self._end(text) is not None

    def sub(self, repl: str, text: str) -> str:
        """The question with its lead-in (and any spaces before it) replaced by `repl`."""
        end = self._end(text)
        return text if end is None else repl + text[end:]


ABOUT_RE = _About()

MAX_WHY_REST = 20  # characters after a bare why ("is that", "did they"): more asks its own


class _BareWhy:
    """A question that is a why of its own ("why?", "and why is that?", "ok, how come they
    did?"): the why, then at most 20 characters of words and spaces, then only ?, . or !."""

    def match(self, text: str) -> bool:
        span = vocabulary.BARE_WHY.match(text)
        rest = text[span[1]:].rstrip().rstrip("?.!") if span else ""
        return span is not None and len(rest) <= MAX_WHY_REST and all(
            c.isalnum() or c.isspace() or c in "_'" for c in rest)  # words, spaces and '


WHY_RE = _BareWhy()
PRONOUN_RE = vocabulary.PRONOUN
# Words that give a question its own scope across areas: it does not inherit the area talked
# about so far ("which councils ...", "is anywhere doing better?"); "areas for improvement"
# and "areas of weakness" are kinds of finding, not places.
ACROSS_AREAS = wordset(
    "councils partnerships boroughs anywhere everywhere elsewhere nationally nationwide england")
# "areas" is weaker: "what areas do those groups cover?" means topics of what was just said.
AREAS_RE = vocabulary.AREAS
FILLER = wordset(
    "the a an council area borough county city local one letter revisit report then too as well "
    "please on for in of to is was it that s and what about how same question now"
)

# Informal spellings people type without the apostrophe ("which one wasnt fixed"): read as
# the contraction, so they count as negations and never as a topic the documents lack.
_CONTRACTIONS: dict[str, str] = {
    word: word[:-2] + "n't" for word in wordset(
        "wasnt isnt arent werent didnt doesnt dont hasnt havent hadnt cant couldnt wouldnt "
        "shouldnt wont mustnt neednt")
} | {"im": "I'm", "ive": "I've", "youre": "you're", "theyre": "they're", "whats": "what's",
     "thats": "that's", "hows": "how's", "whos": "who's", "wheres": "where's",
     "theres": "there's", "hes": "he's", "shes": "she's"}  # fmt: skip
_CONTRACTION_WORDS = Phrases.of(" | ".join(_CONTRACTIONS))


def with_apostrophes(text: str) -> str:
    """'wasnt' -> "wasn't", 'im' -> "I'm": the informal spelling read as what it means."""
    out, last = [], 0
    for start, end in _CONTRACTION_WORDS.find(text):
        out += [text[last:start], _CONTRACTIONS[text[start:end].lower()]]
        last = end
    return "".join(out) + text[last:]


# Premises: the clause a question takes for granted, and its polarity.


def question_tags(text: str) -> list[tuple[int, int]]:
    """The question tags ending a statement, after a space ("..., didn't it?", "... isn't
    it?"); "wasn't it?" alone is none."""
    return [(s, e) for s, e in vocabulary.QUESTION_TAG.find(text) if s and text[s - 1].isspace()]


def tagged_claim(text: str) -> str:
    """ "Worcestershire fixed all 12, didn't it?" -> "Worcestershire fixed all 12": the statement
    on the first line before a question tag, "" when none is asked so."""
    for start, _ in question_tags(text):
        head = text[:start].strip()
        claim = head[:-1] if head.endswith(",") and len(head) > 1 else head  # its comma dropped
        if "\n" in claim:
            return ""
        if claim:
            return claim
    return ""


def premise_opening(text: str) -> tuple[str, str] | None:
    """ "Since X failed on Y, what did leaders do?" -> ("X failed on Y", "what did leaders do?"):
    the clause an opening "since", "given (that)", "as", "because" ... takes for granted, to its
    first comma or the end of its line (the text's last), and what follows that comma ("" when
    none ends it); None when the question opens otherwise."""
    span = vocabulary.PREMISE_OPENING.match(text)
    rest = text[span[1]:] if span else ""
    line = rest.split("\n", 1)[0]
    comma = line.find(",", 1)  # the clause holds a character at least
    if comma > 0:
        return rest[:comma], rest[comma + 1:]
    return (line, "") if line and len(rest) <= len(line) + 1 else None


def premise_clauses(text: str) -> list[str]:
    """The clauses a question takes for granted: after an opening "since" or "given that", after
    "why did ..." ("why did X fail?" takes it that X failed), before a question tag."""
    opening = premise_opening(text)
    clauses = (opening[0] if opening else "", _said_after(vocabulary.WHY_ASKED, text),
               tagged_claim(text))
    return [c for c in clauses if c]


def reported_claim(sentence: str) -> str:
    """ "I read X", "officers said (that) X", "so basically X": X, a claim to check ("" when none
    is reported)."""
    return _said_after(vocabulary.REPORTED, sentence)


def _said_after(phrases: Phrases, text: str) -> str:
    """The rest of the line after the first of the phrases that has anything after it."""
    for _, end in phrases.find(text):
        rest = text[end:].split("\n", 1)[0]
        if rest:
            return rest
    return ""


class _AskingStart:
    """A question that starts by asking (a question word or an auxiliary, after any punctuation
    and maybe "and", "but", "so", "ok" or "then") asserts nothing itself."""

    def match(self, text: str) -> bool:  # understand.py and clauses.py call .match
        return vocabulary.ASKING_START.starts(text)


ASKING_START_RE = _AskingStart()
# A claim is checked only when it is about an inspection, not about the asker's own life.
INSPECTION_WORD_RE = vocabulary.INSPECTION_WORDS
NEGATIVE_RE = vocabulary.NEGATIVE  # the names understand.py imports
POSITIVE_RE = vocabulary.POSITIVE
