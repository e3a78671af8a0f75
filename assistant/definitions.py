"""Where a text says what a term is: definition sentences ("The local area partnership is made up
of ...", "The Vulnerable Pupil Panel (VPP) is a forum for schools to ...", "HMCI determined that
a written statement of action was required because of ..."), the first sentence under a heading
"Information about <term>", and, in a 2023-framework report, what its inspection outcome means
(the paragraphs under "Inspection outcome").

Pure functions over one passage's text; each span found is a verbatim slice of it, so the
glossary can quote it and cite the passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.text import sentence_spans

# A defining verb: "is a forum for", "is made up of", "means", "was required because of".
# "is a strength of ..." and "is a priority for ..." judge the thing, they do not say what it is.
_JUDGING = (r"(?:strength|weakness|priority|concern|key|clear|lack|gap|focus|risk|challenge|"
            r"barrier|good|positive|negative|significant|real|major|particular|further|new|"
            r"strong|growing|recent|lengthy|long|need|high|low|sign)\b")
_DEFINING = re.compile(
    r"\b(?:(?:is|are)\s+(?:a|an|the)\s+(?!" + _JUDGING + r")(?:[\w'’-]+\s+){0,4}?"
    r"(?:for|that|which|who|whose|where|run\s+by|led\s+by|set\s+up|made\s+up\s+of)"
    r"|means|refers\s+to|(?:is|are)\s+(?:made\s+up|formed|composed)\s+of|consists?\s+of"
    r"|comprises?|(?:is|are)\s+(?:jointly\s+)?responsible\s+for"
    r"|(?:is|are|was|were)\s+required\s+(?:because|to)"
    r"|(?:is|are)\s+(?:the\s+name\s+(?:for|of|given)|known\s+as|defined\s+as))\b")
_WORD = re.compile(r"[A-Za-z0-9][\w'’&/]*")
_TRAILING_ASIDE = re.compile(r"\s*\([^()]{0,100}\)\s*,?\s*$|\s*,\s*$")
# What may stand before a defining sentence's subject: the start of a sentence, a paragraph or
# a bullet, or "that" ("HMCI determined that a written statement of action was required ...").
_OPENER = re.compile(r"(?:^|[.!?:;]\s+|\n[ \t]*\n\s*|\n[ \t]*[-•*]\s+|\bthat\s+)"
                     r"(?:(?:the|a|an)\s+)?$", re.I)
# "Information about the local area partnership" heads a paragraph saying what it is.
_ABOUT_HEADING = re.compile(r"^[ \t]*(?:information\s+)?about\s+(?:the\s+)?(?P<term>[^\n.]{3,80}?)"
                            r"[ \t]*$", re.M | re.I)
_OUTCOME_HEADING = re.compile(r"^[ \t]*Inspection outcome[ \t]*$", re.M | re.I)
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*", re.M)
MAX_TERM_WORDS = 8

# Finds which term a run of words is: its key, or None ("the words of the subject" -> key).
TermOf = Callable[[Sequence[str]], str | None]


def words(text: str) -> list[str]:
    """The words the glossary compares ("education, health and care" -> 4 words)."""
    return _WORD.findall(text)


def definitions(text: str, term_of: TermOf) -> list[tuple[str, int, int]]:
    """(term key, start, end) of each sentence of `text` whose subject is a term and whose verb
    defines it; the span starts after a heading stuck to the sentence."""
    found: list[tuple[str, int, int]] = []
    for verb in _DEFINING.finditer(text):
        lead_start = max(0, verb.start() - 200)
        lead = _TRAILING_ASIDE.sub("", text[lead_start:verb.start()].rstrip())
        spans = list(_WORD.finditer(lead))
        for k in range(min(MAX_TERM_WORDS, len(spans)), 0, -1):
            subject = spans[-k:]
            key = term_of([m.group(0) for m in subject])
            at = lead_start + subject[0].start()
            if key is not None and _OPENER.search(text, max(0, at - 60), at):
                start, end = _sentence_around(text, at)
                found.append((key, start, end))
                break
    return found


def under_headings(text: str, term_of: TermOf) -> list[tuple[str, int, int]]:
    """(term key, start, end) of the first sentence under a heading "Information about <term>"
    ("Information about the local area partnership": "X Council and Y ICB are jointly
    responsible for ...")."""
    found: list[tuple[str, int, int]] = []
    for heading in _ABOUT_HEADING.finditer(text):
        key = term_of(words(heading.group("term")))
        paragraph = _PARAGRAPH.search(text, heading.end())
        if key is not None and paragraph is not None:
            found.append((key, *_sentence_around(text, paragraph.start())))
    return found


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    for start, end in sentence_spans(text):
        if start <= at < end:
            heading = text.rfind("\n\n", start, at)
            if heading >= 0:
                start = heading + len(text[heading:at]) - len(text[heading:at].lstrip())
            return start, end
    return at, len(text)


def outcome_paragraphs(text: str) -> tuple[int, int] | None:
    """The span of the inspection outcome under its heading, with the next paragraph when it
    says what follows (the next inspection, a monitoring visit)."""
    heading = _OUTCOME_HEADING.search(text)
    if heading is None:
        return None
    paragraphs = list(_PARAGRAPH.finditer(text, heading.end()))
    if not paragraphs:
        return None
    first = paragraphs[0]
    if len(paragraphs) > 1 and re.search(r"\binspection\b", paragraphs[1].group(0), re.I):
        return first.start(), paragraphs[1].end()
    return first.start(), first.end()
