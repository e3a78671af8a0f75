"""Follow-ups: a question read against the one before it. In a conversation the area talked
about stays the subject until another is named; "what about X?" asks the last question again
about X; "that"/"those"/"they" are filled in from the last question and answer; "why?" asks
why of the last answer. resolve() returns the Query rewritten as a standalone question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from assistant.areas import find_areas, wordset
from assistant.question_words import (
    ABOUT_RE,
    ACROSS_AREAS,
    AREAS_RE,
    FILLER,
    FINDING_KIND_WORDS,
    OTHER_AREAS_RE,
    PRONOUN_RE,
    WHY_RE,
    theme_spans,
    themes_of,
)
from assistant.terms import STOPWORDS
from assistant.understanding import vocabulary
from assistant.understanding.clauses import (
    SENTENCE_END_RE,
    asked_clause,
    asking_part,
    points_at_story,
)
from assistant.understanding.query import Query
from core.text import letter_words
from core.themes import theme_label

MAX_ABOUT_WORDS = 2  # "and X?" with more of its own words than this is a new question
_DOC_LABELS = {
    "revisit_letter": "revisit", "inspection_report": "area SEND inspection",
    "committee_report": "council report", "briefing_note": "briefing note",
}  # fmt: skip


def resolve(
    text: str, q: Query, prev: Query | None, known_areas: Sequence[str], reply: str = ""
) -> Query:
    if prev is None:
        return q
    if OTHER_AREAS_RE.search(text) and not q.areas and prev.areas and not q.other_than:
        return replace(q, rewritten=f"{text.rstrip(' ?')} (other than {' and '.join(prev.areas)})?",
                       other_than=prev.areas, follow_up=True)
    if not q.areas and vocabulary.MORE_ABOUT.mentions(text):
        # "tell me more about the first one": the area the last answer named first
        nth = _ordinal_area(text, reply, known_areas)
        q = replace(q, areas=(nth,)) if nth else q
    item = _named_item(text, q, reply, known_areas)
    if item:
        # "tell me more about the Herefordshire one": what the last answer said of it, on the
        # last question's subject, asked as the last question was
        # (a question across areas, asked of one, is read openly)
        across = prev.intent in _ACROSS_INTENTS
        return replace(q, rewritten=f"{text.rstrip(' ?.')}: {item} "
                                    f"({_one_sentence(prev.rewritten)})?",
                       themes=q.themes or prev.themes, intent="open" if across else prev.intent,
                       shape="other" if across else prev.shape, context=prev.rewritten,
                       follow_up=True)
    differs = vocabulary.DIFFERS.mentions(asked_clause(text))
    new_side = bool(q.areas) and bool(prev.areas) and not set(q.areas) & set(prev.areas)
    if new_side and (differs or (q.intent == "compare" and not _asks_again(text, known_areas))):
        # "is that better than X?", "how does X compare?": the last question's measure, asked
        # of both areas
        return replace(q, areas=prev.areas + q.areas, themes=q.themes or prev.themes,
                       intent="compare", shape="comparison",
                       rewritten=f"{text.rstrip(' ?')} ({_one_sentence(prev.rewritten)})?",
                       context=prev.rewritten, follow_up=True)
    # Naming again only the area talked about, with no subject of its own ("so what is there
    # for us in darlo?"), still leans on the last question's subject.
    # So does "what did Wokingham do about that?" after a question across areas on a theme.
    again = bool(q.areas) and not q.themes and not q.unknown_areas and (
        set(q.areas) <= set(prev.areas)
        or (bool(prev.themes) and vocabulary.DEMONSTRATIVE.mentions(asked_clause(text))))
    if not (again or is_follow_up(text, q, known_areas, reply)):
        return q
    # "what about X?" asks the previous question again, about X; "and when was that?" does not.
    # (read on its asking clause: "what about camhs? my son has waited months" asks about camhs)
    asking = asked_clause(text)
    about = _asks_again(asking, known_areas) and (
        _only_names(asking, known_areas) or q.shape == "other")
    if not about and q.areas and q.themes and not again:
        # names its own area and subject ("what about transitions - anything in Lewisham that
        # worked?"): a question of its own, its "that" no pointer to the last one
        return replace(q, follow_up=True, doc_types=q.doc_types or prev.doc_types)
    shape, intent = q.shape, q.intent
    new = " ".join(_rest_words(asked_clause(text), known_areas, keep_themes=True))
    if about and not (q.areas or q.unknown_areas) and prev.intent in _WHOLE_RESULT and new:
        # "how did X do?" then "and waiting for a paediatrician?": what the documents say on
        # that, not the result again with a subject tacked on
        where = " and ".join(prev.areas)
        return replace(q, rewritten=f"What do the documents say about {new} ({where})?",
                       areas=prev.areas, intent="open", shape="other",
                       doc_types=q.doc_types or prev.doc_types, context=prev.rewritten,
                       follow_up=True)
    if about:
        named = q.areas or q.unknown_areas
        # "what about X?" after a cross-area list asks X's verdict; after a count about one
        # area ("how many ... in Richmond?") it asks the same count of X
        across = prev.shape in ("list", "comparison") or (prev.shape == "count" and not prev.areas)
        shape = "verdict" if named and across else prev.shape
        intent = "verdict" if named and across else prev.intent
    # ("and Middlesbrough?" after Darlington's November 2024 inspection: the year was
    # Darlington's, and Middlesbrough's own inspection is asked about)
    moved = bool(q.areas) and not set(q.areas) & set(prev.areas)
    return replace(
        q, rewritten=_rewrite(text, q, prev, known_areas, about, reply),
        context="" if about and (q.areas or q.unknown_areas or q.themes) else prev.rewritten,
        areas=q.areas or (() if q.unknown_areas else prev.areas),
        themes=q.themes or (prev.themes if _same_subject(text) else ()),
        doc_types=q.doc_types or prev.doc_types,
        year=q.year or (None if moved else prev.year), latest=q.latest or prev.latest, shape=shape,
        intent=intent,
        follow_up=True,
    )  # fmt: skip


_WHOLE_RESULT = frozenset({"outcome", "summary"})  # a question about an area's result as a whole


def _named_item(text: str, q: Query, reply: str, known_areas: Sequence[str]) -> str:
    """The words of the last answer about the one area a "tell me more about ..." question
    names ("Herefordshire's Youth Employment Hub" in "... project and Herefordshire's Youth
    Employment Hub."), or ""."""
    if len(q.areas) != 1 or not vocabulary.MORE_ABOUT.mentions(text):
        return ""
    for m in find_areas(reply, known_areas):
        if m.name == q.areas[0]:
            start = max(reply.rfind(stop, 0, m.start) for stop in _ITEM_STOPS)
            ends = [i for stop in _ITEM_STOPS if (i := reply.find(stop, m.end)) >= 0]
            return reply[max(0, start):min(ends, default=len(reply))].strip(" ,;:.").removeprefix(
                "and ")
    return ""


def _ordinal_area(text: str, reply: str, known_areas: Sequence[str]) -> str:
    """The area "the first one", "the second area", "the last one" points to in the last
    answer, in the order it named them ("" when none)."""
    words = letter_words(text)
    named = list(dict.fromkeys(m.name for m in find_areas(reply, known_areas) if m.known))
    for word, after in pairwise(words):
        at = _ORDINALS.get(word.lower())
        if at is not None and after.lower() in _ITEM_NOUNS and -len(named) <= at < len(named):
            return named[at]
    return ""


_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}
_ITEM_NOUNS = frozenset({"one", "area", "council", "example", "place"})
_ACROSS_INTENTS = frozenset({"which_areas", "compare"})
_ITEM_STOPS = (", ", "; ", ". ", ": ", " and ", " (")  # between the items of an answer


def _one_sentence(text: str) -> str:
    """An earlier question told inside the new one's brackets, as one clause: its story ("I'm
    benchmarking neurodevelopmental waits.") says what the comparison is about, and a full stop
    inside the brackets would make the reader read only the clause after it."""
    sentences = SENTENCE_END_RE.split(text.strip())
    return "; ".join(s.rstrip(".!?") for s in sentences).rstrip(" ?.!")  # each without its marks


def is_follow_up(text: str, q: Query, known_areas: Sequence[str], reply: str = "") -> bool:
    """Does the question lean on the one before? In a conversation the area talked about
    stays the subject until the user names another or asks across areas ("which councils
    ...?", "is anywhere better?"); "what about X?", "why?" and pronouns lean on it too, and so
    does "which areas ...?" after an answer that called findings areas ("six of the eight
    areas made progress")."""
    if ABOUT_RE.match(text) or WHY_RE.match(text) or _only_names(text, known_areas):
        return True
    if q.areas or q.unknown_areas:
        return False
    if asks_across(text):
        return False
    if PRONOUN_RE.search(text):
        return True
    if AREAS_RE.search(text) and not vocabulary.FINDING_AREAS.mentions(reply):
        return False
    return q.intent not in _OWN_SCOPE_INTENTS


def asks_across(text: str) -> bool:
    """ "which councils ...?", "is anywhere better?": a question across the collection."""
    # ("NHS England" is a body, "anywhere I can drop in" a place to go and "like everywhere
    # else" an aside, not areas asked across)
    for start, end in reversed(sorted(vocabulary.NATIONAL_BODY.find(text)
                                      + vocabulary.NOT_ACROSS.find(text))):
        text = text[:start] + text[end:]
    return bool(set(letter_words(text)) & ACROSS_AREAS)


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
        bool(ABOUT_RE.match(text)) and _short_rest(text, known_areas)
        and not _own_clause(text))


def _own_clause(text: str) -> bool:
    """ "what about transitions - anything there that worked?": a clause after a dash or comma
    asks its own question about X, not the last question again."""
    parts = _CLAUSE_BREAK_RE.split(text, maxsplit=1)
    return len(parts) > 1 and len([w for w in letter_words(parts[1]) if w not in FILLER]) >= 2


_CLAUSE_BREAK_RE = re.compile(r"\s[-–—]\s|[,;:]\s")


def _short_rest(text: str, known_areas: Sequence[str]) -> bool:
    """ "and post-16?", "what about their EHC plans?" ask the last question again about
    something else; "and are short breaks easy to get there?" is a question of its own."""
    # words with their apostrophes ("what's"): a pattern, as FILLER holds such words
    words = re.findall(r"[a-z']+", _rest(asked_clause(text), known_areas).lower())
    return len([w for w in words if w not in FILLER]) <= MAX_ABOUT_WORDS


def _only_names(text: str, known_areas: Sequence[str]) -> bool:
    """The question is nothing but area names or a theme: "Wandsworth?", "and post-16?"."""
    if not find_areas(text, known_areas) and not theme_spans(text):
        return False
    words = letter_words(_rest(text, known_areas))
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
    if points_at_story(text) or _names_it_first(text):
        # "my son is 17 and sees speech therapy. will that stop at 18?": "that" is the story
        # just told, not the last question's subject; the area talked about still holds
        # (so is "the OT list must be massive, how long is it?")
        return f"{text.rstrip(' ?')} ({' and '.join(prev.areas)})?" if prev.areas else text
    return _fill_pronoun(_the_thing_said(text, f"{prev.rewritten} {reply}"), prev, q.intent,
                         carries_theme=not q.themes and _same_subject(text))


def _names_it_first(text: str) -> bool:
    """ "the OT waiting list must be massive, how long is it?": the clause before the question
    names the subject its pronoun points at, the short question naming none of its own."""
    asking = asking_part(text)
    before = text[:text.rfind(asking)] if asking != text else ""
    # (a yes-or-no question weighs it against what was talked about: "if I go for an EHCP
    # instead, is that any easier?")
    return bool(themes_of(before)) and bool(PRONOUN_RE.search(asking)) \
        and len(asking.split()) <= _SHORT_ASKING and vocabulary.WH_WORD.starts(asking)


_SHORT_ASKING = 6  # words: "how long is it?", "when did that start?"


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
    words = set(letter_words(said)) - _NOT_THINGS

    def the(m: re.Match[str]) -> str:
        word = m.group(2)
        return f"the {_named_in_full(word, said)}" if word.lower() in words else m.group(0)

    return _DETERMINER_RE.sub(the, text)


def _named_in_full(word: str, said: str) -> str:
    """The word as the previous turn named it: "that statement" after "... a written statement
    of action" is the written statement of action (up to two words before it, and "of" and one
    word after, when that makes a name of three words or more)."""
    said_words = [w.strip(".,;:!?()'\"") for w in said.split()]
    low = [w.lower() for w in said_words]
    if word.lower() not in low:
        return word
    at = low.index(word.lower())
    start = at
    while start > 0 and at - start < 2 and low[start - 1].isalpha() \
            and low[start - 1] not in _NOT_THINGS | STOPWORDS:
        start -= 1
    end = at + 1
    if end + 1 < len(low) and low[end] == "of" and low[end + 1].isalpha() \
            and low[end + 1] not in _NOT_THINGS | STOPWORDS:
        end += 2
    # (a single word before may start another phrase: "those therapy waits" after
    # "occupational therapy" stays all therapy waits)
    return " ".join(said_words[start:end]) if end - start >= 3 else word


# "that offer", "those plans": a determiner and the word after it (a pattern: two groups)
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
    # words as written, apostrophes and hyphens kept ("post-16", "Haringey's"): a pattern
    words = [w for w in re.findall(r"[A-Za-z'-]+", text) if w.lower() not in STOPWORDS]
    return ": ".join(p for p in (" and ".join(prev.areas), " ".join(words)) if p)


def _without_connective(text: str) -> str:
    """ "and when was that?", "ok, so who led it?" without the "and" / "ok," that opens it."""
    opening = vocabulary.LEADING_CONNECTIVE.match(text)
    if opening is None:
        return text.strip()
    rest = text[opening[1]:]
    while rest[:1].isspace() or rest[:1] == ",":  # what a regex's [\s,]* takes
        rest = rest[1:]
    return rest.strip()


def _fill_pronoun(text: str, prev: Query, q_intent: str = "open",
                  carries_theme: bool = False) -> str:
    """'and when was that?' -> 'When was the Wokingham revisit?'."""
    core = _without_connective(text)
    if not prev.areas:
        return f"{core.rstrip(' ?')} ({prev.rewritten.rstrip(' ?')})?"
    names = " and ".join(prev.areas)
    kind = _DOC_LABELS.get(prev.doc_types[0], "inspection") if prev.doc_types else "inspection"
    lead = f"the {names} lead inspector"
    # "those"/"these" are the rows just talked about: the earlier question says which
    # ("which of those are about EHC plans?" after "what are Southampton's priority actions?")
    rows = f"those ({prev.rewritten.rstrip(' ?')})"
    # "how long do they take?" after "is Dudley any good at EHC plans?": they are the plans
    theirs = f"{names}'s {theme_label(prev.themes[0]).lower()}" \
        if carries_theme and prev.themes else names
    # ("list them" after "how many task groups ...?": them are what was counted)
    counted = prev.intent in ("count", "list_findings") and q_intent == "list_findings"
    subject = {"they": rows if counted else theirs,
               "them": rows if counted else f"the {names} findings", "there": f"in {names}",
               "he": lead, "she": lead, "his": f"{lead}'s", "their": f"{names}'s",
               "its": f"{names}'s", "those": rows, "these": rows}

    # When and who ask about the document ("when was that?"); otherwise "that" and "it"
    # are what the last question was about ("what is the council doing about that?").
    # (... unless the last question was about a board, group or panel: "who chairs it?"
    # after "what does the SEND Improvement Board do?" asks about the board)
    document = q_intent in _DOCUMENT_INTENTS and not vocabulary.NAMED_BODY.mentions(prev.rewritten)
    default = f"the {names} {kind}" if document else f"that ({_topic(prev)})"

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




def _same_subject(text: str) -> bool:
    """Does a follow-up stay on the theme talked about? "and the priority actions on that?"
    does; "what were its areas for improvement overall?" asks for every finding of its kind,
    and "what else must they fix?" for those beyond it."""
    if vocabulary.OVERALL.mentions(text) or vocabulary.BEYOND.mentions(text):
        return False
    names_kind = any(p.search(text) for p in FINDING_KIND_WORDS.values())
    return not names_kind or vocabulary.DEMONSTRATIVE.mentions(text)
