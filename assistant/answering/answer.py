"""The embedded answerer: a short answer quoted sentence by sentence from the best passages.

No model. Sentences are scored (scoring.py) by question-term overlap (stems and synonyms, see
terms.py), the passage's retrieval scores and the question's shape (verdict, when, how many); the
best are quoted verbatim, each followed by its [n]. A question about a revisit weakness gets the
weakness as worded and its verdict verbatim; an area summary gets the overall verdict and the
weaknesses with theirs. When the evidence is weak it says so and names the nearest documents
instead of padding with loosely related text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import terms
from assistant.answering import figures
from assistant.answering.question_terms import Question, analyse_question
from assistant.answering.reading import SentenceVectors, rerank
from assistant.answering.scoring import (
    NOT_STATED,
    VERDICTS,
    WH_RE,
    Candidate,
    asked_polarity,
    is_overall,
    names_a_scheme,
    overall,
    quotable,
    rank,
)
from assistant.areas import find_areas
from assistant.grounding import support
from assistant.grounding.citations import Line, abstain_answer, citation, render
from assistant.understanding import vocabulary
from core.models import Answer, Passage, SearchHit

# --- thresholds (tuned on the corpus: the seed questions in tests/test_answer.py and the
# evals/cases/v1.jsonl set run against the whole ingested corpus) ----------------------------
MIN_DENSE = 0.25  # best passage cosine below this: retrieval found nothing on the subject
MIN_TOPIC_COVERAGE = 0.5  # share of the question's topic words the best passage must contain
# ... unless a sentence is close in meaning to the question. Fitted on the spent sets (v3,
# blind-1..4): of the questions whose passages miss half their subject words, 11 answerable ones
# were refused over framing words ("told", "finalised", "single out") at a threshold of 0.5, for
# 2 unanswerable ones caught; at 0.25, 2 are refused and 1 unanswerable is caught.
MIN_MEANING = 0.25
MIN_SENTENCE_SCORE = 0.30  # the best sentence must score at least this to be worth quoting
KEEP_RATIO = 0.75  # further sentences must score at least this share of the best one
MAX_SENTENCES = 4  # answers stay short
MAX_FACT_SENTENCES = 2  # ... and a date or a number needs at most one sentence of context
MAX_WORDS = 110  # ... in words too: no sentence is added once the answer is this long
PRACTICE_WITH_EXAMPLE = 2  # sentences besides the example that names what an area does
MAX_FINDINGS = 2  # findings (weakness + verdict) quoted for one question
NEAR_DUPLICATE = 0.6  # term Jaccard above which two sentences say the same thing
EXAMPLE_RE = re.compile(r"(?:For example|For instance|This|These|As a result|Consequently)\b")
POINTS_BACK_RE = re.compile(r"(?:This|These|Such|It|They|Their|As a result|Consequently"
                            r"|Therefore|Thus|In turn)\b")
CONTINUES_RE = re.compile(r"(?:It|Its|This|These|They|Their|The (?:aim|purpose|goal|intention)"
                          r")\b")


def extractive_answer(
    question: str, hits: list[SearchHit], intent: str = "open",
    vocabulary: frozenset[str] = frozenset(),
    template: frozenset[str] = frozenset(),
    vectors: SentenceVectors | None = None,
    unknown_areas: Sequence[str] = (),
    areas: Sequence[str] = (),
    story: str = "",
) -> Answer:
    """Quote the sentences that answer the question, or abstain when the evidence is weak.
    A story told before the question (`story`) helps pick the sentences, never decides them."""
    if not hits:
        return abstain_answer("The documents don't say anything that matches this question.", [])
    q = analyse_question(question, hits, intent, vocabulary, unknown_areas, areas, story)
    refusal = _refusal(q, hits)
    if refusal is not None:
        return refusal
    eligible = [i for i, h in enumerate(hits) if q.accepts(h.passage)]
    candidates = [c for c in rank(q, hits, eligible) if c.text not in template]
    if vectors is not None:
        candidates = _read(without_areas(question, sorted(q.areas)), q, hits, candidates, vectors)
    weak = _weakness(q, hits, eligible, candidates)
    if weak is not None:
        return abstain_answer(weak, hits)
    if q.figure:
        # Asked for a sum or a number: only a sentence stating one answers (one goes first when
        # the best sentence states no number). The number must count a word of the question
        # ("2,000 parents"); a question with no subject of its own ("how many did they fix?")
        # takes any number.
        asked = set(q.terms) if q.topic else None
        stating = [c for c in candidates[:FIGURE_DEPTH]
                   if figures.states_figure(c.text, q.figure, asked)]
        if not stating:
            return abstain_answer(_NO_FIGURE[q.figure].format(scope=q.scope_phrase()), hits)
        if not figures.states_figure(candidates[0].text, q.figure):  # the best states none
            candidates = stating + [c for c in candidates if c not in stating]
    lines = _compose(q, hits, candidates)
    if not lines:
        return abstain_answer("The documents don't say anything that matches this question.", hits)
    return render(lines, hits)



FIGURE_DEPTH = 8  # sentences searched for the figure a question asks for
_NO_FIGURE = {
    "money": "The documents don't give that sum{scope}: they don't state costs, budgets or pay.",
    "quantity": "The documents don't give that number{scope}.",
}


def _read(question: str, q: Question, hits: list[SearchHit], candidates: list[Candidate],
          vectors: SentenceVectors) -> list[Candidate]:
    """Candidates re-scored by meaning; with several areas, each area's own best are, so the
    area whose passages share most words does not take every place read by meaning."""
    if len(q.areas) < 2:
        return rerank(question, candidates, vectors)
    read: list[Candidate] = []
    for area in q.areas:
        read += rerank(question, [c for c in candidates if hits[c.hit].passage.area == area],
                       vectors)
    rest = [c for c in candidates if hits[c.hit].passage.area not in q.areas]
    return sorted(read, key=lambda c: (-c.score, c.hit, c.position)) + rest


def without_areas(question: str, areas: Sequence[str]) -> str:
    """The question without the names of the areas it is scoped to: the passages are already
    theirs, and a sentence naming the area ("Middlesbrough children matter") would otherwise
    look close in meaning to any question about it."""
    for m in sorted(find_areas(question, areas), key=lambda m: -m.start):
        question = question[: m.start] + "the area" + question[m.end :]
    return question


def _refusal(q: Question, hits: list[SearchHit]) -> Answer | None:
    if q.personal:
        return personal_answer(hits, q.own_case)
    if q.prediction:
        return abstain_answer(
            "The documents don't say what will happen: they record what inspectors and councils "
            "found at the time.", hits)
    if q.unknown_names and not q.areas:
        names = " or ".join(q.unknown_names)
        return abstain_answer(
            f"The documents don't say anything about {names}: none of the passages I found "
            "are about it.", hits)
    return None


def _weakness(
    q: Question, hits: list[SearchHit], eligible: list[int], candidates: list[Candidate]
) -> str | None:
    """Why the evidence is too weak to answer, or None when it is good enough."""
    about = f" about {q.missing_phrase(hits, eligible)}" if q.topic else ""
    nothing = f"The documents don't say anything{about}{q.scope_phrase()}."
    if not eligible or not candidates:
        return nothing
    dense = [h.dense_score for h in hits if h.dense_score is not None]
    if dense and max(dense) < MIN_DENSE:
        return nothing
    covered = max(q.topic_coverage(hits[i].passage) for i in eligible)
    if q.topic and covered < MIN_TOPIC_COVERAGE and _meaning(candidates) < MIN_MEANING:
        return nothing
    if not q.terms and not q.areas:
        return "The documents don't say: the question doesn't name a subject I can look up."
    if candidates[0].score < MIN_SENTENCE_SCORE:
        return f"The documents don't say enough{about}{q.scope_phrase()} to answer this."
    return None


def _meaning(candidates: list[Candidate]) -> float:
    """The best sentence's similarity to the question; without the reader's vectors, 0 (the
    topic-word check alone decides)."""
    return max((c.meaning for c in candidates if c.meaning is not None), default=0.0)


# --- composing ----------------------------------------------------------------------------------


def _compose(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    if q.topic and ("verdict" in q.shapes or q.shapes == {"open"}):
        lines = _finding_lines(q, hits, candidates)
    elif q.areas and q.shapes & {"verdict", "list", "open"} and "todo" not in q.shapes:
        lines = _summary_lines(q, hits, candidates)
    else:
        lines = []
    return lines or _general_lines(q, hits, candidates)


def _general_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """The best sentence and the few nearly as good, without repeats, in document order."""
    usable = [c for c in candidates if not (c.verdict and not is_overall(c.text))] or candidates
    if len(q.areas) > 1:
        return _per_area_lines(q, hits, usable)
    if not q.areas and ("list" in q.shapes or q.many_areas):
        across = _one_per_area(hits, usable)
        if len(across) > 1:
            return across
    best, chosen, merged = usable[0], [usable[0]], {usable[0].text: [usable[0].hit]}
    words = len(best.text.split())
    limit = MAX_FACT_SENTENCES if q.shapes & {"when", "count"} else MAX_SENTENCES
    follow = _continuation(q, hits, best)
    if follow and "practice" in q.shapes:
        limit = PRACTICE_WITH_EXAMPLE  # the scheme the example names beats a third sentence
    for cand in usable[1:]:
        if len(chosen) >= limit or cand.score < KEEP_RATIO * best.score:
            break
        same = merged.get(cand.text)
        if same is not None and (q.many_areas or "list" in q.shapes):
            same.append(cand.hit)  # the same finding in another area: cite it too
            continue
        if not _relevant(cand) or words > MAX_WORDS or any(_duplicate(cand, c) for c in chosen):
            continue
        chosen.append(cand)
        merged[cand.text] = [cand.hit]
        words += len(cand.text.split())
    order = {c.hit: n for n, c in reversed(list(enumerate(chosen)))}
    chosen.sort(key=lambda c: (order[c.hit], c.position))
    lines = [Line(c.text, tuple(dict.fromkeys(merged[c.text]))) for c in chosen]
    before = _antecedent(hits, best, {c.text for c in chosen})
    follow = follow if follow and len(chosen) <= 2 and follow not in merged else None
    if follow and "practice" in q.shapes:  # the example goes right after what it illustrates
        at = next(n for n, line in enumerate(lines) if line.text == best.text) + 1
        lines = [*lines[:at], Line(follow, (best.hit,)), *lines[at:]]
        return ([Line(before, (best.hit,))] if before else []) + lines
    intro = next((c for c in chosen if ":" in c.text), None)
    items = _list_items(hits, intro, {c.text for c in chosen}) if intro and not follow else []
    return ([Line(before, (best.hit,))] if before else []) + lines + (
        [Line(follow, (best.hit,))] if follow else []) + [Line(i, (intro.hit,)) for i in items
                                                         if intro]


MAX_ITEMS = 8  # items of a list quoted after the sentence that introduces it
MAX_ITEM_WORDS = 20


def _list_items(hits: list[SearchHit], intro: Candidate, chosen: set[str]) -> list[str]:
    """The items after a sentence that introduces a list ("This offer to include: ..."): the
    sentence alone names one item, and the question asked for what the list holds. The list
    ends at a paragraph break or at an item too long to be one."""
    text = hits[intro.hit].passage.text
    said = terms.split_sentences(text)
    at = text.find(intro.text[-30:])
    items: list[str] = []
    for nxt in said[intro.position + 1:intro.position + 1 + MAX_ITEMS]:
        found = text.find(nxt, at)
        if found < 0 or "\n\n" in text[at:found] or nxt in chosen or not nxt[0].isupper() \
                or not 2 <= len(nxt.split()) <= MAX_ITEM_WORDS \
                or support.looks_like_instruction(nxt):
            break
        items.append(nxt)
        at = found + len(nxt)
    return items


MEANS_ALONE = 0.45  # a sentence sharing no question word is quoted when this close in meaning


def _relevant(cand: Candidate) -> bool:
    """Shares a word with the question, or says what it asks in other words."""
    return cand.coverage > 0 or (cand.meaning or 0.0) >= MEANS_ALONE


def _antecedent(hits: list[SearchHit], best: Candidate, chosen: set[str]) -> str | None:
    """The sentence before the best one when the best starts by pointing back to it ("This
    fast-track assessment reduces waits ..." names its scheme in the sentence before)."""
    if best.position == 0 or not POINTS_BACK_RE.match(best.text):
        return None
    before = terms.split_sentences(hits[best.hit].passage.text)[best.position - 1]
    return before if before not in chosen and quotable(before) else None


def _per_area_lines(q: Question, hits: list[SearchHit], usable: list[Candidate]) -> list[Line]:
    """A question naming several areas ("how did attendance compare in Stoke and Barking?")
    is read area by area: each area's best sentences, so none is crowded out by another."""
    share = max(1, MAX_SENTENCES // len(q.areas))
    lines: list[Line] = []
    for area in sorted(q.areas):
        mine = [c for c in usable if hits[c.hit].passage.area == area]
        chosen: list[Candidate] = []
        for cand in mine:
            if len(chosen) >= share or (chosen and cand.score < KEEP_RATIO * chosen[0].score):
                break
            if _relevant(cand) and not any(_duplicate(cand, c) for c in chosen):
                chosen.append(cand)
        if not chosen and mine:
            chosen = mine[:1]  # each area named is answered: its best sentence, read by meaning
        lines += [Line(c.text, (c.hit,)) for c in sorted(chosen, key=lambda c: (c.hit,
                                                                                 c.position))]
    return lines


MAX_AREAS_ACROSS = 4  # areas quoted for "which areas ...?" when the reader answers it


def _one_per_area(hits: list[SearchHit], usable: list[Candidate]) -> list[Line]:
    """ "Which areas have a good transitions offer?": each area's best sentence, the best
    areas first, so the answer names several areas rather than quoting one area at length."""
    good = [c for c in usable if c.score >= KEEP_RATIO * usable[0].score and _relevant(c)]
    chosen: list[Candidate] = []
    for cand in good:  # each area's best first
        area = hits[cand.hit].passage.area
        if len(chosen) < MAX_AREAS_ACROSS and all(hits[c.hit].passage.area != area
                                                  for c in chosen):
            chosen.append(cand)
    areas = [hits[c.hit].passage.area for c in chosen]
    for cand in good:  # then the next best of those areas, while there is room
        if len(chosen) < MAX_SENTENCES and cand not in chosen \
                and hits[cand.hit].passage.area in areas \
                and not any(_duplicate(cand, c) for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: (areas.index(hits[c.hit].passage.area), c.hit, c.position))
    return [Line(c.text, (c.hit,)) for c in chosen]


def _continuation(q: Question, hits: list[SearchHit], best: Candidate) -> str | None:
    """The next sentence of the best passage when it goes on about the same thing: a
    definition's "The aim is to ..." / "It ...", or for what an area does, the example that
    names the scheme ("For example, the 'Move' programme ...")."""
    said = terms.split_sentences(hits[best.hit].passage.text)
    nxt = said[best.position + 1] if best.position + 1 < len(said) else ""
    if not nxt or not quotable(nxt):
        return None
    if "definition" in q.shapes or vocabulary.ASKS_DEFINITION.starts(q.text):
        return nxt if CONTINUES_RE.match(nxt) else None
    if "practice" in q.shapes and (EXAMPLE_RE.match(nxt) or names_a_scheme(nxt)):
        return nxt
    return None


def _finding_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """For a question about a weakness: state the weakness, one detail, the verdict verbatim."""
    lines: list[Line] = []
    seen: set[str] = set()
    for cand in candidates[:12]:
        passage = hits[cand.hit].passage
        if cand.score < KEEP_RATIO * candidates[0].score or len(seen) >= MAX_FINDINGS:
            break
        if not passage.finding_id or passage.finding_id in seen or not _about_finding(q, passage):
            continue
        if seen and (q.areas or not (q.many_areas or "list" in q.shapes)):
            break
        seen.add(passage.finding_id)
        details = (2 if WH_RE.match(q.text) else 1) if len(seen) == 1 else 0
        lines.extend(_one_finding(cand, hits, candidates, details))
    return lines


def _about_finding(q: Question, passage: Passage) -> bool:
    """Is the question about this passage's weakness (not just a detail inside it)?

    Only revisit findings qualify: they have a verdict to quote. Workstreams and 2023 priority
    actions are answered sentence by sentence like any other text.
    """
    asked = "verdict" in q.shapes
    stated = passage.verdict in VERDICTS or (passage.verdict == NOT_STATED and asked)
    if not stated or q.topic_coverage(passage) < MIN_TOPIC_COVERAGE:
        return False
    heading = terms.token_set(passage.heading)
    return "verdict" in q.shapes or len(q.topic & heading) >= MIN_TOPIC_COVERAGE * len(q.topic)


def _one_finding(
    best: Candidate, hits: list[SearchHit], candidates: list[Candidate], details: int
) -> list[Line]:
    passage = hits[best.hit].passage
    same = [c for c in candidates if hits[c.hit].passage.finding_id == passage.finding_id]
    weakness = _weakness_line(best.hit, hits)
    verdict = next((Line(c.text, (c.hit,)) for c in same
                    if c.verdict and not is_overall(c.text)), None)
    if verdict is None and passage.verdict in VERDICTS:
        verdict = Line(f"The revisit's verdict on this weakness: {passage.verdict}.", (best.hit,))
    elif verdict is None and passage.verdict == NOT_STATED:
        verdict = _not_stated(best, hits, candidates)
    used = {x.text for x in (weakness, verdict) if x is not None}
    found = [c for c in same if not c.verdict and c.text not in used and c.coverage > 0]
    middle = sorted(found[:details], key=lambda c: (c.hit, c.position))
    lines = [x for x in (weakness, *(Line(c.text, (c.hit,)) for c in middle), verdict) if x]
    return lines if verdict is not None or weakness is not None else [Line(best.text, (best.hit,))]


def _not_stated(best: Candidate, hits: list[SearchHit], candidates: list[Candidate]) -> Line:
    """No verdict line follows this weakness: say so, with the letter's overall verdict."""
    doc = hits[best.hit].passage.doc_id
    whole = next((c for c in candidates if c.verdict and is_overall(c.text)
                    and hits[c.hit].passage.doc_id == doc), None)
    text = "The revisit letter does not state a separate verdict on this weakness."
    if whole is not None:
        return Line(f"{text[:-1]}; overall it says: {whole.text}", (best.hit, whole.hit))
    return Line(text, (best.hit,))


def _weakness_line(hit: int, hits: list[SearchHit]) -> Line | None:
    passage = hits[hit].passage
    heading = terms.normalise(passage.heading).rstrip(".")
    if not heading:
        return None
    for text in terms.split_sentences(passage.text):
        if heading in terms.normalise(text):
            return Line(text, (hit,))
    wording = terms.clean_markup(passage.heading).rstrip(".:")
    return Line(f"The weakness found at the initial inspection was: {wording}.", (hit,))


def _summary_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """An area's overall verdict, then its weaknesses with their verdicts (the notable first);
    for several named areas, each area's overall verdict."""
    wanted = asked_polarity(q)
    if len(q.areas) > 1:
        per_area = (overall(c for c in candidates if hits[c.hit].passage.area == area)
                    for area in sorted(q.areas))
        return [Line(c.text, (c.hit,)) for c in per_area if c is not None]
    top = overall(candidates, wanted)
    findings: dict[str, int] = {}
    for i, hit in enumerate(hits):
        p = hit.passage
        if p.finding_id and p.verdict in VERDICTS and q.accepts(p) and wanted in (None, p.verdict):
            findings.setdefault(p.finding_id, i)
    ranked = sorted(findings.values(), key=lambda i: (hits[i].passage.verdict != VERDICTS[1],
                                                      hits[i].passage.position))
    lines = [Line(top.text, (top.hit,))] if top else []
    for i in ranked[: MAX_SENTENCES - len(lines)]:
        heading = terms.clean_markup(hits[i].passage.heading).rstrip(".:")
        if heading:
            text = f"{heading[0].upper()}{heading[1:]}: {hits[i].passage.verdict}."
            lines.append(Line(text, (i,)))
    return lines if len(lines) > 1 else []


def _duplicate(a: Candidate, b: Candidate) -> bool:
    union = a.terms | b.terms
    return bool(union) and len(a.terms & b.terms) / len(union) >= NEAR_DUPLICATE


def personal_answer(hits: Sequence[SearchHit], own_case: bool = True) -> Answer:
    """A personal case or a request for advice: kind, honest, and pointing to SENDIASS if named."""
    about = ("inspection findings about local areas, not advice on individual children, schools "
             "or cases, and I can't give legal or medical advice.")
    text = (f"I'm sorry you're dealing with this. These documents are {about}" if own_case
            else f"The documents don't say: they are {about}")
    for i, hit in enumerate(hits):
        for sentence in terms.split_sentences(hit.passage.text):
            if "sendiass" in terms.tokens(sentence) and quotable(sentence):
                return Answer(
                    answer=f"{text} The {hit.passage.area} documents mention its information, "
                    f"advice and support service (SENDIASS): {sentence} [1]",
                    abstained=True, citations=[citation(1, hits[i])],
                )
    return abstain_answer(
        f"{text} Your local SEND information, advice and support service (SENDIASS) can help "
        "with individual cases.", hits)
