"""Which areas match a condition, and the headline of each: answers across the collection
from the findings table (assistant.answering.structured routes to them)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.plain import revisit_headline, revisit_ranking
from assistant.answering.quote import (
    MAX_TITLE_WORDS,
    REPORT_KINDS,
    Table,
    and_list,
    finding_line,
    main_document,
    plural_count,
    sentences,
)
from assistant.answering.verdicts import outcome_line, overall_lines, verdict_lines
from assistant.areas import find_areas
from assistant.grounding.relevance import subject_terms
from assistant.question_words import FINDING_KIND_WORDS
from assistant.terms import OUTCOME_PHRASES, plain_words, token_set, tokens
from assistant.understanding import vocabulary
from assistant.understanding.clauses import asked_clause
from assistant.understanding.query import Query
from core.models import Document, Finding
from core.themes import theme_label

MAX_DETAILED = 8  # rows quoted in full in a cross-area answer; the rest are named and cited

# What the findings table compares: judgements. Waits, figures and services are in the text.
_JUDGEMENT_RE = re.compile(
    r"\b(?:verdicts?|outcomes?|judge?ments?|judged|results?|rated|ratings?|progress|findings?"
    r"|found|weakness\w*|priorit\w*|improvements?|strengths?|fared?|did\b.{0,40}\bdo)\b", re.I)


ONE_FINDING_WORDS = 70  # words quoted of a finding when it is the only one found


def across_areas(q: Query, t: Table) -> list[str]:
    """Rows on the question's themes across areas: revisit verdicts first, then reports."""
    polarity = asked_verdict(q) if q.shape in ("list", "count") else None
    if (q.intent == "practice" or asks_for_strengths(q)) and not polarity:
        return []
    if polarity and not q.themes and vocabulary.EVERY.mentions(q.rewritten):
        return _every_row(q, t, polarity)
    if q.intent == "compare" and len(q.areas) > 1 and (
            not q.themes or not _JUDGEMENT_RE.search(q.rewritten)):
        return _compared(q, t)
    if not q.themes and not polarity:
        return []
    if _asks_the_text(q, polarity):
        return []  # the reader answers it area by area, from what each report says
    kinds = [k for k, p in FINDING_KIND_WORDS.items() if p.search(q.rewritten)] or (
        ["significant_weakness"] if polarity else ["significant_weakness", *REPORT_KINDS])
    found, singled = _found(q, t, kinds, polarity)
    found = [(doc, [f for f in rows if f in singled.rows]) for doc, rows in found]
    found = [(doc, rows) for doc, rows in found if rows]
    lines: list[str] = [
        f"The documents set {plural_count(len(singled.rows), 'finding')} about {singled.phrase},"
        f" in {plural_count(len(found), 'document')}:"] if singled.phrase and q.shape != "count" \
        else []
    without = [a for a in q.areas if a not in {d.area for d, _ in found}]
    if found and without and not vocabulary.OTHER.mentions(q.rewritten) and not _named_aside(q):
        # an area asked about with no row on the theme is named, never silently dropped
        label = " or ".join(theme_label(th).lower() for th in q.themes)
        lines.append(f"The documents set no finding on {label} for {' or '.join(without)}"
                     f"; for {', '.join(d.area for d, _ in found)} they set:")
    if q.shape == "count" and found:
        lines.append(f"The documents set {sum(len(r) for _, r in found)} such findings, in "
                     f"{len(found)} documents.")
    named: list[str] = []
    for doc, rows in found:
        if len(lines) >= MAX_DETAILED:
            named.append(f"{doc.area} {t.cites.mark(t.passage(rows[0]))}")
        elif doc.doc_type == "revisit_letter":
            lines += verdict_lines(t, doc, rows)
        else:
            # (the one finding found is quoted at more length: its end may hold what is asked)
            lines.append(finding_line(t, doc, rows[0],
                                      wording=holding_sentence(rows[0], singled.terms),
                                      words=ONE_FINDING_WORDS if len(found) == 1
                                      else MAX_TITLE_WORDS))
    if named:
        lines.append(f"Other areas with findings on this: {', '.join(named)}.")
    return lines


@dataclass(frozen=True)
class Singled:
    """Rows a question singles out by its own words, the words (stems), and as asked."""
    rows: list[Finding]
    terms: frozenset[str] = frozenset()
    phrase: str = ""  # the question's words for them; "" when none singled out


def _compared(q: Query, t: Table) -> list[str]:
    """ "How do Bolton and Bury compare?" asks for the judgements; "... compare on developmental
    checks?" asks about a subject of its own, and a measure compared ("how do waits compare?")
    is read from each area's text (the reader answers: no lines)."""
    if q.themes:
        return []
    asked = asked_clause(q.rewritten)
    # (the subject may be said before the question: "Short breaks: how do A and B compare?")
    subject = subject_terms(f"{q.story} {q.asked}", sorted({d.area for d in t.documents}))
    judged = not subject or _JUDGEMENT_RE.search(asked) or vocabulary.RANKS.mentions(asked)
    return _headlines(q, t) if judged else []


def _found(q: Query, t: Table, kinds: Sequence[str], polarity: str | None
           ) -> tuple[list[tuple[Document, list[Finding]]], Singled]:
    """Each document's rows on the question's themes, and those its own words single out
    ("wheelchair services" among the health findings); a finding filed under another theme may
    hold them."""
    def rows_of(themes: Sequence[str]) -> list[tuple[Document, list[Finding]]]:
        return [
            (doc, rows) for doc in sorted(t.documents, key=lambda d: (
                d.area not in q.areas, *_cross_area_order(d)))
            if _in_scope(q, doc.area)
            and (rows := [f for f in t.rows(doc, kinds, themes) if f.verdict == polarity or not
                          polarity])
        ]  # fmt: skip

    found = rows_of(q.themes)
    singled = rows_on_subject(q, t, [f for _, rows in found for f in rows])
    if not singled.phrase and q.themes:
        anywhere = rows_of(())
        wider = rows_on_subject(q, t, [f for _, rows in anywhere for f in rows])
        found, singled = (anywhere, wider) if wider.phrase else (found, singled)
    return found, singled


def rows_on_subject(q: Query, t: Table, rows: list[Finding]) -> Singled:
    """The rows a question singles out by its own words, when no theme does: "which groups of
    children with social care needs did Plymouth have to focus on?" asks about the priority
    action that holds "social care", quoted whole, not all five cut short. Words most rows hold
    ("children", "leaders") single out none; a row holding most of the singling words counts."""
    if len(rows) < 2:
        return Singled(rows)
    asked = asked_clause(q.rewritten)
    subject = subject_terms(asked, sorted({d.area for d in t.documents}), intent=q.intent)
    subject -= NOT_SUBJECT | frozenset(w for th in q.themes for w in token_set(theme_label(th)))
    held = [subject & token_set(f"{f.title}\n{f.text}") for f in rows]
    # a word fewer rows hold says more ("antenatal" beside "contacts"): weighted by rarity
    weight = {w: math.log(len(rows) / n) for w in subject
              if (n := sum(w in h for h in held))}
    score = [sum(weight.get(w, 0.0) for w in h) for h in held]
    best = max(score)
    chosen = [(f, h) for f, h, sc in zip(rows, held, score, strict=True)
              if best and sc >= SINGLED_SHARE * best]
    if not best or len(chosen) > len(rows) // 2:  # words most rows hold single out none
        return Singled(rows)
    singled = frozenset(w for w in frozenset().union(*(h for _, h in chosen)) if weight.get(w))
    words = plain_words(asked)
    # the words that say them, a phrase at a time ("speech and language" is one term)
    marked = sorted({j for i, n in _term_spans(words, singled) for j in range(i, i + n)})
    if not marked:
        return Singled(rows)  # nothing of the question's own to name them by
    first = marked[0]
    wording = " ".join(" ".join(f"{f.title} {f.text}".lower().split()) for f, _ in chosen)
    while first and " ".join(words[first - 1:first + 1]).lower() in wording:
        first -= 1  # "short breaks": the words before it that the findings say too
    span = words[first:marked[-1] + 1]
    if len(span) > MAX_PHRASE_WORDS:  # the run of words that holds most of them says it
        runs = [(i, j) for i in marked for j in marked if 0 <= j - i < MAX_PHRASE_WORDS]
        sizes = [len([m for m in marked if i <= m <= j]) for i, j in runs]
        first, last = runs[sizes.index(max(sizes))]
        span = words[first:last + 1]
    phrase = " ".join(span)
    return Singled([f for f, _ in chosen], singled, phrase)


def _term_spans(words: list[str], wanted: frozenset[str]) -> list[tuple[int, int]]:
    """(start, length) of the shortest runs of words that say a wanted term, each run's first
    and last word part of it ("speech and language" says one term; "cut speech" does not)."""
    spans = []
    for i in range(len(words)):
        for n in range(1, SYNONYM_WORDS + 1):
            said = set(tokens(" ".join(words[i:i + n]))) & wanted
            if said and not said & set(tokens(" ".join(words[i + 1:i + n]))) \
                    and not said & set(tokens(" ".join(words[i:i + n - 1]))):
                spans.append((i, n))
                break
    return spans


SINGLED_SHARE = 0.5  # a row holding half the weight of the best row's words is singled too
MAX_PHRASE_WORDS = 6  # the question's own words for what singled the rows out
SYNONYM_WORDS = 4  # the longest run of words one term may stand for


def holding_sentence(f: Finding, singled: frozenset[str]) -> str | None:
    """The sentence of a row that holds the words that singled it out, when its title does not
    ("annual reviews" may be told in the text of a finding titled "EHC plans")."""
    if not singled or singled & token_set(f.title):
        return None
    said = sentences(f.text)
    best = max(said, key=lambda s: len(singled & token_set(s)), default=None)
    return best if best and singled & token_set(best) else None


# The asking's own words and the kinds of finding: they say how it asks, not what about.
NOT_SUBJECT = token_set("priority action area for improvement significant weakness finding "
                         "asked told improve reduce sort problems issues urgently fix given need "
                         "must should still london borough boroughs council councils partnership "
                         "county city "  # which places: the scope, not the subject
                         # and words that say which findings, not about what ("the formal
                         # recommendations", "the lesser areas for improvement")
                         "formal official main key lesser minor major recommendation "
                         "recommendations listed")


def _headlines(q: Query, t: Table) -> list[str]:
    """'How do Bolton and Bury compare?': each area's overall judgement, side by side."""
    lines: list[str] = []
    docs = [d for area in q.areas if (d := main_document(t, area, q)) is not None]
    for doc in docs:
        if doc.doc_type == "revisit_letter":
            # the headline cites the letter's overall line: quoting it again says it twice
            headline = revisit_headline(t, doc)
            lines += [headline] if headline else overall_lines(t, doc)[:1]
        elif (line := outcome_line(t, doc)) is not None:
            lines.append(line)
    lines = [line for line in lines if line]
    ranking = outcome_ranking(q, t) or revisit_ranking(t, docs)
    return [*ranking, *lines] if len(lines) > 1 else []


def outcome_ranking(q: Query, t: Table) -> list[str]:
    """The plain answer before the quotes: which area's 2023-framework outcome is the better
    one (the framework orders them: typically positive, inconsistent, widespread failings)."""
    outcomes = []
    for area in q.areas:
        doc = main_document(t, area, q)
        outcome = doc.fields.get("outcome", "") if doc else ""
        if outcome not in OUTCOME_PHRASES:
            return []  # a revisit letter, or no outcome read: no ranking
        outcomes.append((OUTCOME_PHRASES.index(outcome), area, outcome))
    groups: dict[str, list[str]] = {}
    for _, area, outcome in sorted(outcomes):
        groups.setdefault(outcome, []).append(area)
    same = "same" in asked_clause(q.rewritten).lower().split()  # "did they get the same?"
    if len(groups) == 1:
        return [f"{'Yes: ' if same else ''}{and_list(q.areas)} got the same outcome: "
                f"{next(iter(groups))}."]
    (top, best), *rest = groups.items()
    better = "better" if len(q.areas) == 2 else "best"
    others = "; ".join(f"{and_list(areas)}: {outcome}" for outcome, areas in rest)
    return [f"{'No: ' if same else ''}{and_list(best)} got the {better} outcome, {top}; {others}."]



def _every_row(q: Query, t: Table, polarity: str) -> list[str]:
    """'Which letters found every weakness sufficiently addressed?': letters whose rows all
    carry that verdict, each with its overall line."""
    letters = [d for d in sorted(t.documents, key=_cross_area_order)
               if d.doc_type == "revisit_letter" and _in_scope(q, d.area)
               and (rows := t.rows(d, ("significant_weakness",)))
               and all(f.verdict == polarity for f in rows)]  # fmt: skip
    verdict = "sufficient" if polarity == "sufficient progress" else "not sufficient"
    total = sum(1 for d in t.documents if d.doc_type == "revisit_letter")
    give = "gives" if len(letters) == 1 else "give"
    head = (f"{len(letters)} of the {total} revisit letters in the collection {give} a {verdict} "
            "progress verdict on every significant weakness.")
    return [head] + [line for d in letters for line in overall_lines(t, d)] if letters else []


def _asks_the_text(q: Query, polarity: str | None) -> bool:
    """ "Which areas were criticised for long waits for wheelchairs?" asks what the reports
    say on a subject, across areas: most of it is in their text, not their formal findings.
    A question naming a kind of finding, a verdict or a judgement asks the findings table; one
    whose subject is a statement told before it ("Dudley's children wait a year for wheelchairs.
    Did inspectors find the same elsewhere?") asks where the text says so too."""
    return q.intent == "which_areas" and not q.areas and polarity is None \
        and not any(p.search(q.rewritten) for p in FINDING_KIND_WORDS.values()) \
        and (q.reads_story or not vocabulary.ASKS_JUDGEMENT.mentions(q.rewritten)) \
        and not vocabulary.ASKED_TO_DO.mentions(q.rewritten)  # "which were told to cut ...?"


def _cross_area_order(doc: Document) -> tuple[bool, str]:
    return doc.doc_type != "revisit_letter", doc.date or ""


def _in_scope(q: Query, area: str) -> bool:
    """Areas named limit the rows, unless the question asks about the *other* areas."""
    if area in q.other_than:
        return False
    if q.areas and not _named_aside(q):
        if q.intent == "compare" and vocabulary.OTHER.mentions(q.rewritten):
            return True  # "compare Bolton with other areas": Bolton first, then the rest
        return (area in q.areas) != vocabulary.OTHER.mentions(q.rewritten)
    return True


def _named_aside(q: Query) -> bool:
    """ "Which boroughs were told to ...? I know of Bury.": areas named only beside a question
    across areas are what the asker knows, not a limit on the answer."""
    asking = asked_clause(q.question)
    return q.intent == "which_areas" and asking != q.question \
        and not any(m.known for m in find_areas(asking, q.areas))


def asks_for_strengths(q: Query) -> bool:
    """Which areas do something well: strengths, not a verdict ("made progress") or a weakness.
    The findings table holds weaknesses and verdicts on them, so strengths are read from the
    reports' "what is effective" text ("Which areas have a good PfA offer?")."""
    asked = q.rewritten
    return q.intent == "which_areas" and asked_verdict(q) is None and not \
        vocabulary.NOT_SUFFICIENT.mentions(asked) and vocabulary.STRENGTH.mentions(asked)


def asked_verdict(q: Query) -> str | None:
    if not vocabulary.PROGRESS_ASKED.mentions(q.rewritten):
        return None
    return "not sufficient progress" if vocabulary.NOT_SUFFICIENT.mentions(q.rewritten) \
        else "sufficient progress"
