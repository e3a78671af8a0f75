"""The reader's answer composed from ranked sentences: the best few, per area, lists, context."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import terms
from assistant.answering import figures
from assistant.answering.across_areas import NOT_SUBJECT
from assistant.answering.question_terms import Question, passage_terms
from assistant.answering.scoring import (
    Candidate,
    is_overall,
    names_a_scheme,
    quotable,
    states_problem,
)
from assistant.answering.thresholds import (
    KEEP_RATIO,
    MAX_FACT_SENTENCES,
    MAX_SENTENCES,
    MAX_WORDS,
    NEAR_DUPLICATE,
)
from assistant.answering.verdict_lines import finding_lines, summary_lines
from assistant.grounding import support
from assistant.grounding.citations import Line
from assistant.understanding import vocabulary
from core.models import SearchHit

EXAMPLE_RE = re.compile(r"(?:For example|For instance|This|These|As a result|Consequently)\b")
# An example proper: it names what the sentence before it only says exists.
FOR_EXAMPLE_RE = re.compile(r"(?:For example|For instance|Likewise|Similarly|In particular)\b")
POINTS_BACK_RE = re.compile(r"(?:This|These|Such|It|They|Their|As a result|Consequently"
                            r"|Therefore|Thus|In turn|Of these|Of those|Of them)\b")
CONTINUES_RE = re.compile(r"(?:It|Its|This|These|They|Their|The (?:aim|purpose|goal|intention)"
                          r")\b")


def compose(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """A weakness asked about gets its verdict lines, an area its summary; else (or when those
    find nothing) the best sentences."""
    if q.topic and ("verdict" in q.shapes or q.shapes == {"open"}):
        lines = finding_lines(q, hits, candidates)
    elif q.areas and q.shapes & {"verdict", "list", "open"} and not q.shapes & _OWN_ASKS:
        lines = summary_lines(q, hits, candidates)
    else:
        lines = []
    return lines or _general_lines(q, hits, candidates)


# What a question asks for besides the area's summary: what it must still do, or a name ("what's
# that forum called?" is not answered by the area's verdicts). (An effect is not: "compare
# their results" asks for the verdicts.)
_OWN_ASKS = frozenset({"todo", "name"})


def _general_lines(q: Question, hits: list[SearchHit], candidates: list[Candidate]) -> list[Line]:
    """The best sentence and the few nearly as good, without repeats, in document order."""
    usable = [c for c in candidates if not (c.verdict and not is_overall(c.text))] or candidates
    if len(q.areas) > 1:
        return _per_area_lines(q, hits, usable)
    if not q.areas and ("list" in q.shapes or q.many_areas):
        across = _one_per_area(q, hits, usable)
        if len(across) > 1:
            return across
    if "practice" in q.shapes and q.topic:  # (with no subject, what would the paragraph be on?)
        usable = _best_paragraph_first(hits, usable)
    best = usable[0]
    chosen, merged = _chosen(q, usable)
    if "practice" in q.shapes:
        chosen = _spanned(hits, _with_examples(q, hits, chosen), best)
        merged.update({c.text: [c.hit] for c in chosen if c.text not in merged})
    order = {c.hit: n for n, c in reversed(list(enumerate(chosen)))}
    chosen.sort(key=lambda c: (order[c.hit], c.position))
    lines, chosen = _with_antecedents(q, hits, chosen, best, merged)
    follow = _continuation(q, hits, best) if len(chosen) <= 2 else None
    follow = None if follow in merged or any(line.text == follow for line in lines) else follow
    if not follow:
        lines = _with_list(q, hits, chosen, merged, lines)
    return lines + ([Line(follow, (best.hit,))] if follow else [])


def _chosen(q: Question, usable: list[Candidate]) -> tuple[list[Candidate], dict[str, list[int]]]:
    """The best sentence, the few nearly as good, and one holding a word of the subject the
    others miss; with the hits each is cited to (a finding in several areas cites each)."""
    best, chosen, merged = usable[0], [usable[0]], {usable[0].text: [usable[0].hit]}
    words = len(best.text.split())
    limit = MAX_FACT_SENTENCES if q.shapes & {"when", "count"} else MAX_SENTENCES
    for cand in usable[1:]:
        # (a one-sentence answer takes the next sentence close enough in meaning too)
        close = len(chosen) == 1 and (cand.meaning or 0.0) >= CLOSE_MEANING \
            and not ("practice" in q.shapes and states_problem(cand.text))
        if len(chosen) >= limit or (cand.score < KEEP_RATIO * best.score and not close):
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
    missing = _uncovered(q, chosen)
    extra = _covering(usable[:COVER_DEPTH], chosen, missing) \
        if missing and words <= MAX_WORDS else None
    if extra is not None:
        chosen.append(extra)
        merged[extra.text] = [extra.hit]
    return chosen, merged


def _with_list(q: Question, hits: list[SearchHit], chosen: list[Candidate],
               merged: dict[str, list[int]], lines: list[Line]) -> list[Line]:
    """The items of a list after the chosen sentence that introduces it: the sentences after
    one ending "...:", or the bullets after one counting them; a list asked for is that list."""
    intro = next((c for c in chosen if ":" in c.text), None)
    items = _list_items(hits, intro, {c.text for c in chosen}) if intro else []
    if items and intro:
        bullets = [Line(i, (intro.hit,)) for i in items]
    else:
        intro, bullets = _bulleted(hits, chosen, merged)
    if intro is None or not bullets:
        return lines
    at = next(n for n, line in enumerate(lines) if line.text == intro.text)
    if "list" in q.shapes:  # a list asked for is the list, after what introduces it
        return [lines[at], *bullets]
    return lines[:at + 1] + bullets + lines[at + 1:]


def _bulleted(hits: list[SearchHit], chosen: list[Candidate], held: dict[str, list[int]]
              ) -> tuple[Candidate | None, list[Line]]:
    """The first chosen sentence that counts what the bullets after it in a passage holding it
    list ("The inspection identified six areas of development." then "- The timeliness ..."),
    each bullet a sentence or less, and those bullets as
    lines, each citing its passage: a list running to its passage's end goes on in the next
    passage of the document when that was found too."""
    for cand in chosen:
        if not figures.has_count(cand.text):
            continue  # "identified six areas": a sentence announcing what it lists counts them
        for i in held.get(cand.text, [cand.hit]):
            items = terms.bullets_after(hits[i].passage.text, cand.text)
            if len(items) < 2 or any(len(terms.split_sentences(item)) > 1 for item in items):
                continue  # bulleted paragraphs of findings are no list of items
            lines = [Line(item, (i,)) for item in items]
            after = _next_passage(hits, i)
            if after is not None and hits[i].passage.text.rstrip().endswith(items[-1][-20:]):
                lines += [Line(item, (after,))
                          for item in terms.leading_bullets(hits[after].passage.text)]
            return cand, lines[:MAX_ITEMS]
    return None, []


def _next_passage(hits: list[SearchHit], i: int) -> int | None:
    """The hit holding the passage after hit i's in its document, if one was found."""
    p = hits[i].passage
    return next((j for j, h in enumerate(hits) if h.passage.doc_id == p.doc_id
                 and h.passage.position == p.position + 1), None)


CLOSE_MEANING = 0.5  # a second sentence this close in meaning joins a one-sentence answer
COVER_DEPTH = 8  # candidates searched for one holding a word of the subject no chosen one holds


def _uncovered(q: Question, chosen: list[Candidate]) -> frozenset[str]:
    """The words of the question's subject no chosen sentence holds."""
    held: set[str] = set()
    for c in chosen:
        held |= c.terms
    return q.topic - held


def _covering(candidates: list[Candidate], chosen: list[Candidate], missing: frozenset[str]
              ) -> Candidate | None:
    """The best candidate holding a subject word the chosen sentences miss ("what did they say
    about the OT service contract?": "... the contract for these services has not been reviewed
    since 2009."), when it is about the question and says something new."""
    return next((c for c in candidates if c not in chosen and c.terms & missing
                 and _relevant(c) and not any(_duplicate(c, x) for x in chosen)), None)


def _with_antecedents(q: Question, hits: list[SearchHit], chosen: list[Candidate],
                      best: Candidate, merged: dict[str, list[int]]
                      ) -> tuple[list[Line], list[Candidate]]:
    """The chosen sentences as lines, the best one after the sentence it points back to ("This
    fast-track assessment ..."); for what an area does, any other one too while the answer stays
    short, and when that sentence names the scheme ("... through its 'thriving through change'
    approach. This is helping ..."), the weakest other sentences make room for it. The
    sentences kept are returned with the lines."""
    practice = "practice" in q.shapes
    words = sum(len(c.text.split()) for c in chosen)
    kept, added = list(chosen), dict[str, str]()
    for c in chosen:
        if c not in kept or not (c is best or practice):
            continue
        before = _antecedent(hits, c, {x.text for x in kept} | set(added.values()))
        if not before:
            continue
        size = len(before.split())
        if c is not best and words + size > MAX_WORDS and practice and names_a_scheme(before):
            for weak in sorted(kept, key=lambda x: x.score):
                if words + size <= MAX_WORDS:
                    break
                if weak not in (c, best) and weak.text not in added:
                    kept.remove(weak)
                    words -= len(weak.text.split())
        if c is best or words + size <= MAX_WORDS:
            added[c.text] = before
            words += size
    lines: list[Line] = []
    said = {c.text for c in kept} | set(added.values())
    for c in kept:
        if c.text in added:
            lines.append(Line(added[c.text], (c.hit,)))
        lines.append(Line(c.text, tuple(dict.fromkeys(merged[c.text]))))
        # "'Move' has achieved significant positive results." + "These include ...": what the
        # sentence holds goes with it while the answer stays short
        more = _elaboration(hits, c)
        if more and more not in said and words + len(more.split()) <= MAX_WORDS:
            lines.append(Line(more, (c.hit,)))
            said.add(more)
            words += len(more.split())
    return lines, kept


def _elaboration(hits: list[SearchHit], cand: Candidate) -> str | None:
    """The next sentence of a chosen one's passage when it says what that one holds ("These
    include ...")."""
    said = terms.split_sentences(hits[cand.hit].passage.text)
    nxt = said[cand.position + 1] if cand.position + 1 < len(said) else ""
    return nxt if nxt and vocabulary.ELABORATES.starts(nxt) and quotable(nxt) else None


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
    """The sentences before a chosen one that starts by pointing back to them ("This fast-track
    assessment reduces waits ..." names its scheme in the sentence before; "This helps ..." after
    "This is helping ..." goes back one more), joined; None when it points back to none."""
    said = terms.split_sentences(hits[best.hit].passage.text)
    at, before = best.position, list[str]()
    while at > 0 and len(before) < _BACK_STEPS and POINTS_BACK_RE.match(said[at]):
        at -= 1
        if said[at] in chosen or not quotable(said[at]):
            break
        before.insert(0, said[at])
    return " ".join(before) or None


_BACK_STEPS = 2  # sentences gone back through for the one a chosen sentence points back to


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
            if _relevant(cand) and not any(_duplicate(cand, c) or _restates(cand, c)
                                           for c in chosen):
                chosen.append(cand)
        if not chosen and mine:
            chosen = mine[:1]  # each area named is answered: its best sentence, read by meaning
        chosen = _elaborated(hits, chosen, AREA_WORDS // len(q.areas))
        lines += [Line(c.text, (c.hit,)) for c in sorted(chosen, key=lambda c: (c.hit,
                                                                                 c.position))]
    return lines


AREA_WORDS = 130  # words shared among the areas a question names, each area's lines together


def _elaborated(hits: list[SearchHit], chosen: list[Candidate], budget: int) -> list[Candidate]:
    """An area's best sentence with the rest of its paragraph while the area's share of words
    allows: a finding's first sentence says that it is so ("Waits for X are too long."), the
    ones after it say how (the figures, the impact, what is planned)."""
    if not chosen:
        return chosen
    best = chosen[0]
    # (the paragraph goes before the area's other sentences: "... too long." says that it is
    # so; the sentences after it say how, and what is planned)
    out = [best]
    words = len(best.text.split())
    for cand in _paragraph_after(hits, best):
        if words + len(cand.text.split()) > budget:
            break
        out.append(cand)
        words += len(cand.text.split())
    for other in chosen[1:]:
        if all(c.text != other.text for c in out) and words + len(other.text.split()) <= budget:
            out.append(other)
            words += len(other.text.split())
    return out


def _paragraph_after(hits: list[SearchHit], best: Candidate) -> list[Candidate]:
    """The sentences after a chosen one to the end of its paragraph (a finding's bullet)."""
    text = hits[best.hit].passage.text
    said = terms.split_sentences(text)
    out: list[Candidate] = []
    start = text.find(best.text)
    end = start + len(best.text) if start >= 0 else len(text)
    for n in range(best.position + 1, len(said)):
        found = text.find(said[n], end)
        if found < 0 or "\n" in text[end:found] or not quotable(said[n]):
            break  # the paragraph ends
        end = found + len(said[n])
        if said[n] != best.text:
            out.append(replace(best, position=n, text=said[n],
                               terms=frozenset(terms.tokens(said[n]))))
    return out


def _in_rounds(q: Question, hits: list[SearchHit], good: list[Candidate],
               chosen: list[Candidate]) -> list[Candidate]:
    """Each area's best sentence and then, a round at a time while words allow, each area's
    next one: the rest of its paragraph (a finding's first sentence says that it is so, the
    next ones say how: the figures, the impact, what is planned), then its other good ones."""
    queues = [[*_carrying_on(q, _paragraph_after(hits, best)),
               *(c for c in good if c is not best
                 and hits[c.hit].passage.area == hits[best.hit].passage.area)]
              for best in chosen]
    words = sum(len(c.text.split()) for c in chosen)
    added: list[list[Candidate]] = [[best] for best in chosen]
    while any(queues):
        for queue, mine in zip(queues, added, strict=True):
            while queue and any(_duplicate(queue[0], c) or c.text == queue[0].text
                                for c in mine):
                queue.pop(0)
            if queue and words + len(queue[0].text.split()) <= ACROSS_WORDS:
                words += len(queue[0].text.split())
                mine.append(queue.pop(0))
            else:
                queue.clear()  # (its sentences go in order: a later one would not follow)
    return [c for mine in added for c in sorted(mine, key=lambda c: (c.hit, c.position))]


def _carrying_on(q: Question, after: list[Candidate]) -> list[Candidate]:
    """The sentences after a chosen one while they carry on its subject: a word of the question,
    or words pointing back to it ("As a result, they ...", "... recommission this service");
    "Local leaders recognise that ..." has moved on, and so has every sentence after it."""
    out: list[Candidate] = []
    for cand in after:
        words = cand.text.lower().split()
        if not (q.coverage(cand.terms) or POINTS_BACK_RE.match(cand.text)
                or CONTINUES_RE.match(cand.text) or _POINTING & set(words)
                or words[0].strip(",") in _CONTRASTING):
            break
        out.append(cand)
    return out


_POINTING = frozenset({"this", "these", "such", "those"})
_CONTRASTING = frozenset({"however", "although", "but", "while", "despite", "yet"})
MAX_AREAS_ACROSS = 4  # areas quoted for "which areas ...?" when the reader answers it
ACROSS_WORDS = 130  # words shared among those areas, each area's lines together


def _one_per_area(q: Question, hits: list[SearchHit], usable: list[Candidate]) -> list[Line]:
    """ "Which areas have a good transitions offer?": each area's best sentence, the best
    areas first, so the answer names several areas rather than quoting one area at length."""
    good = [c for c in usable if c.score >= KEEP_RATIO * usable[0].score and _relevant(c)]
    # ("how early are other areas starting ...?" asks a measure across them: its rare words,
    # "early", "starting", are what is asked of the subject, not what singles it out)
    on_subject = _on_subject(q, hits, usable) if "list" in q.shapes else []
    # (an area whose best sentence holds what singles the subject out is as good an answer
    # as the best area's, however its other words score: "video fluoroscopy referrals ...
    # have been stopped" beside "... at high risk of aspiration ... video-fluoroscopy")
    if len({hits[c.hit].passage.area for c in on_subject}) > 1:
        good = on_subject  # (areas none of whose sentences hold it are not about it)
    chosen: list[Candidate] = []
    for cand in good:  # each area's best first
        area = hits[cand.hit].passage.area
        if len(chosen) < MAX_AREAS_ACROSS and all(hits[c.hit].passage.area != area
                                                  for c in chosen):
            chosen.append(cand)
    if len(chosen) > 1:
        chosen = _in_rounds(q, hits, good, chosen)
    elif chosen:  # one area found: its next best sentences
        chosen += [c for c in good if c is not chosen[0]
                   and not any(_duplicate(c, d) for d in chosen)][:MAX_SENTENCES - 1]
        chosen.sort(key=lambda c: (c.hit, c.position))
    lines: list[Line] = []
    said = {c.text for c in chosen}
    for c in chosen:
        # "This fast-track assessment reduces waits ...": what it points back to, before it
        before = _antecedent(hits, c, said) if POINTS_BACK_RE.match(c.text) else None
        if before:
            lines.append(Line(before, (c.hit,)))
            said.add(before)
        lines.append(Line(c.text, (c.hit,)))
    return lines


def _on_subject(q: Question, hits: list[SearchHit], usable: list[Candidate]
                ) -> list[Candidate]:
    """Across areas, the sentences holding what singles the question's subject out, one of
    its words that few of the passages found hold ("wheelchair", "seating" among "long
    waits"; either of "overnight breaks or residential respite"), read as close in meaning to
    the question ("residential settings" is not "residential respite"). None when no word of
    the subject singles any passage out."""
    subject = q.topic - NOT_SUBJECT
    held = [passage_terms(h.passage) & subject for h in hits]
    rare = {t for t in subject if 0 < sum(t in h for h in held) <= len(hits) * RARE_SHARE}
    top = usable[0].score if usable else 0.0
    return [c for c in usable[:SUBJECT_DEPTH] if c.terms & rare
            and c.score >= SUBJECT_SCORE * top and (c.meaning or 0.0) >= SUBJECT_MEANING]


RARE_SHARE = 0.5  # a subject word held by at most this share of the passages singles some out
SUBJECT_SCORE = 0.5  # of the best sentence's score, for a sentence holding one to count
SUBJECT_MEANING = 0.4  # ... and as close in meaning to the question
SUBJECT_DEPTH = 48  # candidates (those read by meaning) searched for them


def _with_examples(q: Question, hits: list[SearchHit], chosen: list[Candidate]
                   ) -> list[Candidate]:
    """What an area does, each with the example that follows it ("There is support while
    families wait." + "For example, children are referred to the sleep service ..."): the
    example names the scheme, so it comes before a weaker sentence of its own."""
    out: list[Candidate] = []
    for cand in chosen:
        if len(out) >= MAX_SENTENCES:
            break
        if cand.text not in {c.text for c in out}:
            out.append(cand)
        example = _continuation(q, hits, cand)
        if example and not (FOR_EXAMPLE_RE.match(example) or names_a_scheme(example)
                            or vocabulary.ELABORATES.starts(example)):
            example = None
        if example and len(out) < MAX_SENTENCES and example not in {c.text for c in out}:
            out.append(replace(cand, position=cand.position + 1, text=example))
    return out


def _paragraph_at(text: str, position: int) -> tuple[int, int, list[str]]:
    """The paragraph holding a passage's sentence at `position`: its number, the position of
    its first sentence, and its sentences ((-1, 0, []) when there is none)."""
    start = 0
    for n, paragraph in enumerate(terms.paragraphs(text)):
        if start <= position < start + len(paragraph):
            return n, start, paragraph
        start += len(paragraph)
    return -1, 0, []


def _paragraph_of(hits: list[SearchHit], cand: Candidate) -> tuple[int, int]:
    """(hit, paragraph number) of a candidate sentence."""
    return cand.hit, _paragraph_at(hits[cand.hit].passage.text, cand.position)[0]


PARAGRAPH_DEPTH = 12  # candidates whose paragraphs are weighed for what an area does
PARAGRAPH_GAIN = 1.3  # how much stronger a paragraph must be to lead before the best sentence's


def _best_paragraph_first(hits: list[SearchHit], usable: list[Candidate]) -> list[Candidate]:
    """What an area does is told by a paragraph, not a sentence: the paragraph whose two best
    sentences score most leads ("... used creative commissioning to reduce waiting times." +
    "By creating the 'North Central London Autism Hub', ..." beats one general sentence on
    "reducing waiting times"), its sentences first."""
    top = [c for c in usable[:PARAGRAPH_DEPTH] if _relevant(c)]
    if len(top) < 2 or names_a_scheme(usable[0].text):
        return usable  # (a best sentence naming its scheme already says what is done)
    where = {id(c): _paragraph_of(hits, c) for c in top}  # (each split once: a hot path)
    weight: dict[tuple[int, int], list[float]] = {}
    for c in top:
        weight.setdefault(where[id(c)], []).append(c.score)
    strength = {k: sum(sorted(v, reverse=True)[:2]) for k, v in weight.items()}
    lead = max(strength, key=lambda k: strength[k])
    own = _paragraph_of(hits, usable[0])
    first = [c for c in top if where[id(c)] == lead]
    # (only a clearly stronger paragraph, led by a sentence nearly as good as the best)
    if lead == own or strength[lead] < PARAGRAPH_GAIN * strength.get(own, 0.0) \
            or first[0].score < KEEP_RATIO * usable[0].score:
        return usable
    return first + [c for c in usable if c not in first]


def _spanned(hits: list[SearchHit], chosen: list[Candidate], best: Candidate
             ) -> list[Candidate]:
    """What an area does, read as the paragraph that tells it: when the best sentence and
    another chosen one are of one paragraph, the sentences between them are quoted too (the
    scheme's middle says how: "The strategy is underpinned by ... Alternative provision is used
    as an 'intervention and not respite'."), in place of the weakest sentences from elsewhere
    while the answer stays short; else the sentences stay as chosen."""
    n, start, paragraph = _paragraph_at(hits[best.hit].passage.text, best.position)
    if n < 0:
        return chosen
    mine = [c.position for c in chosen if c.hit == best.hit
            and start <= c.position < start + len(paragraph)]
    gap = [n for n in range(min(mine), max(mine) + 1) if n not in mine]
    if not gap or not all(quotable(paragraph[n - start]) and _cohesive(paragraph, n - start)
                          for n in gap):
        return chosen
    filled = [replace(best, position=n, text=paragraph[n - start]) for n in gap]
    kept = list(chosen)
    words = sum(len(c.text.split()) for c in kept + filled)
    for weak in sorted(chosen, key=lambda c: c.score):
        if words <= MAX_WORDS:
            break
        if weak.hit != best.hit or weak.position not in mine:
            kept.remove(weak)
            words -= len(weak.text.split())
    return kept + filled if words <= MAX_WORDS else chosen


def _cohesive(paragraph: list[str], n: int) -> bool:
    """Does sentence n go on from the one before it or into the one after it: a word (not a
    common one) shared ("... the 'belonging strategy'." + "The strategy is underpinned by ...")?
    One that shares none is an aside ("The council runs a popular summer fair.")."""
    own = terms.token_set(paragraph[n])
    return any(terms.term_weight(t) == 1.0 for m in (n - 1, n + 1) if 0 <= m < len(paragraph)
               for t in own & terms.token_set(paragraph[m]))


def _continuation(q: Question, hits: list[SearchHit], best: Candidate) -> str | None:
    """The next sentence of the best passage when it goes on about the same thing: the list
    of what it holds ("This includes ..."), a definition's "The aim is to ..." / "It ...", or
    for what an area does, the example that names the scheme ("For example, the 'Move'
    programme ...")."""
    said = terms.split_sentences(hits[best.hit].passage.text)
    nxt = said[best.position + 1] if best.position + 1 < len(said) else ""
    if not nxt or not quotable(nxt):
        return None
    if vocabulary.ELABORATES.starts(nxt):
        return nxt  # "This includes services for ASD, ADHD, ...": what the sentence holds
    if ("wait" in q.topic or "duration" in q.shapes) and figures.has_duration(nxt) \
            and not figures.has_duration(best.text):
        return nxt  # "... are waiting too long." + "Inspectors saw waits of over 12 months."
    if "definition" in q.shapes or vocabulary.ASKS_DEFINITION.starts(q.text):
        return nxt if CONTINUES_RE.match(nxt) else None
    if "practice" in q.shapes and (EXAMPLE_RE.match(nxt) or names_a_scheme(nxt)):
        return nxt
    return None


def _restates(a: Candidate, b: Candidate) -> bool:
    """A short sentence saying again what another says ("The wait for X is also too long."
    after "Waiting times for X are too long."): nearly all its words are the other's."""
    small = min(a.terms, b.terms, key=len)
    return len(small) <= RESTATES_MAX and bool(small) \
        and len(a.terms & b.terms) / len(small) >= RESTATES_SHARE


RESTATES_MAX = 6  # terms of a sentence short enough to be a restatement
RESTATES_SHARE = 0.75


def _duplicate(a: Candidate, b: Candidate) -> bool:
    union = a.terms | b.terms
    return bool(union) and len(a.terms & b.terms) / len(union) >= NEAR_DUPLICATE
