"""Figures in a sentence: dates, counts, sums, proportions and lengths of time. What "when?",
"how many?", "how much?" and "how long?" ask for, so the reader can prefer a sentence that
states one (scoring.py, answer.py) and the LLM check can ask for one (llm/reply.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant import terms
from assistant.understanding import answer_vocabulary
from core import dates


def has_date(text: str) -> bool:
    return bool(dates.ANY_DATE.search(text))


def date_strength(text: str) -> float:
    """1 for a full date ("1 and 3 November 2021", "May 2021"), 0.5 for a bare year, 0 for none
    (the year of an Act, "Children Act 2004", is not a date anything happened)."""
    text = dates.LAW_YEAR.sub(" ", text)
    if dates.FULL_DATE.search(text):
        return 1.0
    return 0.5 if dates.ANY_DATE.search(text) else 0.0


# Figures: sums, numbers that count nothing, proportions and lengths of time: patterns of digits.
_MONEY_FIGURE_RE = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:million|billion|m|k|pounds)\b", re.I)
# Numbers that are not a quantity of anything: ages, school years, key stages.
_NOT_QUANTITY_RE = re.compile(r"\b(?:aged?|years? old|year|key stage|stage|phase|tier|level)\s*\d+"
                              r"|\d+\s*(?:to|-)\s*\d+\s*years?\b|\b\w+[- ]years?[- ]old", re.I)

_TIME_UNITS = frozenset({"week", "month", "year", "day", "hour"})
_MANY = terms.stem("many")  # "how many weeks ...?" counts time


def states_figure(text: str, kind: str, asked: Iterable[str] | None = None) -> bool:
    """Does the sentence state the kind of figure asked for: "money" (a sum), or "quantity" (a
    number counting one of the asked terms, within three words either side of it; with no
    asked terms, any number)?"""
    if kind == "money":
        # a sum of what was asked about: "how much is spent on transport?" is not answered by
        # "budget reductions of £20m" (with no subject beyond the money, any sum answers)
        subject = {t for t in asked or () if terms.term_weight(t) == 1.0} - _MONEY_WORDS
        return bool(_MONEY_FIGURE_RE.search(text)) \
            and (not subject or bool(subject & terms.token_set(text)))
    if "%" in text or answer_vocabulary.PROPORTION.mentions(text):
        return True  # "40%", or a quantity said in words: "halved", "a third of", "doubled"
    wanted = set(asked or ())
    if wanted & _YOUNG:
        wanted |= _YOUNG  # "how many kids ...?" is counted by "8,500 children and young people"
    text = _NOT_QUANTITY_RE.sub(" ", dates.ANY_DATE.sub(" ", text))
    if not wanted & _TIME_UNITS:  # "a wait of two years" is no count of children waiting
        text = _DURATION_RE.sub(" ", text)
    words = terms.tokens(text)
    return any(
        word.isdigit() and (asked is None
                            or wanted & set(words[max(0, i - 3) : i] + words[i + 1 : i + 4]))
        for i, word in enumerate(words)
    )


_MONEY_WORDS = frozenset(terms.tokens(
    "much money spend spent spending cost costs costing budget budgets fund funds funding funded "
    "pay paid invest invested investment sum sums price financial finance amount worth year "
    "years annual annually each per"))
_YOUNG = frozenset(terms.tokens("kid kids child children pupil pupils young people students"))


def counted_asked(asked: Iterable[str], question: str) -> set[str]:
    """The question's terms a number may count: "how many complaints last year?" counts
    complaints, not years ("within 3 years" answers nothing); "how many weeks ...?" counts
    weeks."""
    words = terms.tokens(question)
    counts_time = any(w == _MANY and set(words[i + 1:i + 3]) & _TIME_UNITS
                      for i, w in enumerate(words))
    return set(asked) if counts_time else set(asked) - _TIME_UNITS


def has_count(text: str) -> bool:
    """States a number that is not part of a date or an age ("12 significant weaknesses", "five
    of six"; not "children over five years old")."""
    return bool(terms.numbers_in(_NOT_QUANTITY_RE.sub(" ", dates.ANY_DATE.sub(" ", text))))


# A length of time: a number, in digits or words, then its unit ("75 weeks", "over a year", "a
# few weeks"): a pattern.
_DURATION_RE = re.compile(
    r"\b(?:\d+(?:\.\d+)?|" + "|".join(terms.NUMBER_WORDS) + r"|eighteen|twenty"
    r"|(?<=over )a|(?<=than )a|(?<=within )a|a few|several|many)[- ]"
    r"(?:weeks?|months?|years?|days?)\b", re.I)


def has_duration(text: str) -> bool:
    """States a length of time ("75 weeks", "18 months"): what "how long?" asks for; an age
    ("children over five years old") is none."""
    return bool(_DURATION_RE.search(_NOT_QUANTITY_RE.sub(" ", text)))


def counted_terms(text: str) -> set[str]:
    """Terms right after a number: what is being counted ("168 responses" -> {"respons"})."""
    words = terms.tokens(dates.ANY_DATE.sub(" ", text))
    out: set[str] = set()
    for i, word in enumerate(words):
        if word.isdigit():
            out.update(w for w in words[i + 1 : i + 4] if terms.term_weight(w) > 0)
    return out
