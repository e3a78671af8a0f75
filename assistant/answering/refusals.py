"""Honest refusals: what the collection cannot answer, said plainly before any retrieval.

An area the collection does not hold, a year after its latest document, a personal case, a
request for advice or a prediction gets a short answer that says what the collection does cover,
never a tempting fact from another area. A parent is answered kindly and pointed to the local
SEND information, advice and support service (SENDIASS), quoting the area's own documents where
they name it; the assistant never gives legal or medical advice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.answering.quote import Cites, sentences
from assistant.areas import wordset
from assistant.grounding.citations import with_lead
from assistant.grounding.relevance import coverage, subject_terms
from assistant.terms import STOPWORDS, token_set
from assistant.understanding import answer_vocabulary
from assistant.understanding.clauses import asked_clause, asking_part
from assistant.understanding.query import Query
from assistant.understanding.vocabulary import ASKS_ACCESS, ASKS_WHAT_EXISTS, WAIT_ASKED
from core.dates import years as years_in
from core.models import Answer, Document, Passage

COVERS = (
    "The collection holds Ofsted and CQC inspection documents about how local areas run SEND "
    "services (revisit letters, area SEND inspection reports and council papers)"
)


NO_FORECAST = "The documents can't say what will happen; this is what the {areas} documents say:"
NO_ADVICE = ("I can't advise on your own case; this is what the {areas} documents say on "
             "it:")
NO_CHOICE = "I can't advise on a choice; this is what the {areas} documents say on it:"


def forecasts_a_result(asked: str) -> bool:
    """A forecast of how an area will be judged or will do ("will the monitoring inspection show
    improvement?"), which nothing in the documents can answer, unlike a question about what
    happens to a group ("will 17-year-olds be assessed before they turn 18?")."""
    return answer_vocabulary.RESULT_FORECAST.mentions(asked)


# A forecast is answered with what the documents say only when one cited passage holds most of
# what it asks, or the cited passages together hold half the subject of the whole message (its
# story names it: "just got her referred to camhs. will it be ages?"); else it is declined.
FORECAST_SUBJECT = 0.6
STORY_SUBJECT = 0.5


def what_they_say(query: Query, respond: Callable[[Query], Answer], known: Sequence[str],
                  vocabulary: frozenset[str]) -> Answer | None:
    """"Will he be moved to adult services at 18 with no assessment?": no forecast, but what the
    area's documents say on the subject, when a cited passage holds most of it."""
    lead = {"prediction": NO_FORECAST, "personal": NO_ADVICE, "advice": NO_CHOICE}.get(query.shape)
    if query.shape == "advice" and ASKS_ACCESS.mentions(query.asked):
        lead = NO_ADVICE  # "can he get assessed round here?" weighs no choice
    if lead is None or not query.areas or forecasts_a_result(query.asked):
        return None
    # (a choice is judged on what it asks, not on why: "we might move there for work, would
    # he wait less there?" is about the wait)
    asked = asking_part(query.asked) if query.shape == "advice" else query.asked
    subject = subject_terms(asked, known, vocabulary)
    if not query.themes and (not subject or query.shape == "advice"):
        # nothing asked about that the documents could say; a choice ("which school is best
        # for ...?") is answered only on a theme the findings table holds
        return None
    if query.shape == "advice" and answer_vocabulary.LEGAL_OR_MEDICAL.mentions(query.rewritten):
        return None  # legal or medical advice ("can I take them to tribunal?") is declined
    # "since X's CAMHS list is massive, what can I do in the meantime?" or "is there any crisis
    # help out of hours?": no advice on the case, but what the area offers families while they
    # wait or at all ("what should I do?" is declined)
    # ("how do I book the short breaks?" asks what is on offer too)
    if query.shape == "personal" and "wait" not in token_set(query.asked) \
            and not (ASKS_WHAT_EXISTS | ASKS_ACCESS).mentions(query.asked):
        return None
    intent = "practice" if query.shape == "personal" else "open"
    # (a forecast is read with the story that names its subject: "... referred to camhs. will
    # it be long before anyone sees him?")
    service = _asks_of_a_service(query)
    said = respond(replace(query, intent=intent, shape="other",
                           reads_story=query.reads_story or (service
                                                             and query.shape == "prediction")))
    cited = [c.text for c in said.citations]
    if said.abstained or (
            coverage(subject, cited, each=True) < FORECAST_SUBJECT
            and not (service and coverage(subject_terms(query.rewritten, known, vocabulary),
                                          cited) >= STORY_SUBJECT)):
        return None
    return with_lead(said, lead.format(areas=" and ".join(query.areas)))


def _asks_of_a_service(query: Query) -> bool:
    """Asks how long a service takes or how to reach it ("will it be ages before anyone sees
    her?", "can he get assessed round here?"), which the area's documents may say; not a choice
    or a case's own outcome ("should we move school?", "will she get a place if we appeal?")."""
    if query.shape == "prediction":
        return WAIT_ASKED.mentions(query.asked)
    return query.shape == "personal" or ASKS_ACCESS.mentions(query.asked)


def _names_a_school(text: str) -> bool:
    """ "what grade did horizon school get?": one school by its name, written in any case (a
    word before "school" that is no preposition or kind of school: "rated for school
    attendance" and "special school places" name none)."""
    words = [w.strip(".,;:?!'\"()").lower() for w in text.split()]
    return any(w in _ONE_SCHOOL_WORDS and (_a_name(words, n - 1) or (
        n > 1 and words[n - 1] in _SCHOOL_KINDS and _a_name(words, n - 2)))
        for n, w in enumerate(words))


def _a_name(words: Sequence[str], n: int) -> bool:
    """Could the word be a school's name ("horizon school", "addington special school")?"""
    return n >= 0 and words[n].isalpha() and words[n] not in _NOT_A_SCHOOL_NAME | STOPWORDS


_ONE_SCHOOL_WORDS = frozenset({"school", "academy", "college"})
# Kinds of school a name may stand before ("Addington Special School").
_SCHOOL_KINDS = wordset("special primary secondary infant junior nursery grammar high free")
_NOT_A_SCHOOL_NAME = wordset(
    "for at to in of from into about on with after before leaving left attend attends attending"
    " and or a an per whole each every any mainstream primary secondary special specialist"
    " local independent residential nursery infant junior high grammar free faith enough more few"
    " fewer many extra additional other")
NO_SCHOOL = ("The documents are inspections of how a local area's services work together for "
             "children and young people with SEND; they don't grade or report on a single "
             "school. Each school's own Ofsted report is published by Ofsted.")
NO_CONTACT = ("{where} documents don't give contact details for local services: they are "
              "inspection findings about how local areas run SEND services. The council's own "
              "website is the place for its services' contact details.")
# Addresses every report prints (how to get it in another format, its licence): no one's
# contact details for a local service.
_BOILERPLATE_MAIL = ("ofsted.gov.uk", "nationalarchives.gsi.gov.uk")


def _gives_contact(areas: Sequence[str], passages: Sequence[Passage]) -> bool:
    """Does a document of the areas give someone's email address, as a council paper names its
    contact officer? (With no area named, the number asked for is no one's in particular.)"""
    return any("@" in word and not word.rstrip(".,;").endswith(_BOILERPLATE_MAIL)
               for p in passages if p.area in areas for word in p.text.split())
NO_NAMED_CHILD = ("The documents don't name or discuss individual children: inspection reports "
                  "describe how an area's services work for children and young people as a "
                  "whole.")


def refusal_for(
    query: Query,
    known_areas: Sequence[str],
    passages: Sequence[Passage] = (),
    documents: Sequence[Document] = (),
) -> Answer | None:
    """A refusal when the collection cannot answer the question; None when it may."""
    if query.shape == "personal":
        return personal_answer(query, passages)
    if answer_vocabulary.NAMED_CHILD.mentions(query.asked):  # "... the boy called Sam?"
        return _refuse(NO_NAMED_CHILD)
    if query.unknown_areas and not query.areas:
        return unknown_area_answer(query.unknown_areas, known_areas)
    # (the question as asked: a follow-up's rewriting carries the last question's words, and
    # "... waiting for a special school place" there names no school)
    asked = asked_clause(query.question)
    if (answer_vocabulary.ONE_SCHOOL.mentions(asked) or _names_a_school(asked)) \
            and answer_vocabulary.SCHOOL_JUDGED.mentions(asked):
        return _refuse(NO_SCHOOL)
    if answer_vocabulary.CONTACT_DETAILS.mentions(query.asked) \
            and not _gives_contact(query.areas, passages):
        return _refuse(NO_CONTACT.format(where=f"The {' or '.join(query.areas)}".strip()))
    if query.shape == "advice":
        legal = " I can't give legal or medical advice." \
            if answer_vocabulary.LEGAL_OR_MEDICAL.mentions(query.rewritten) else ""
        return _refuse(f"I can't give advice or recommendations.{legal} {COVERS}; I can say "
                       "what those documents found for an area, such as its inspection outcome "
                       "or its progress on EHC plans.")
    if query.shape == "prediction":
        return _refuse("The documents record what inspectors found at the time; they cannot say "
                       f"what will happen next. {COVERS}; I can tell you what the latest "
                       "document about an area found.")
    return later_year_answer(query, documents) or absent_visit_answer(query, documents)


def absent_visit_answer(query: Query, documents: Sequence[Document]) -> Answer | None:
    """What a monitoring inspection found, when the collection holds none for the area: said
    plainly, never answered from the inspection before it (when one is due is answerable:
    the report says)."""
    later = _after_the_revisit(query)
    if not (answer_vocabulary.MONITORING.mentions(query.rewritten) or later) \
            or answer_vocabulary.VISITS_END.mentions(query.rewritten) \
            or query.intent in _WHEN_INTENTS:
        return None
    scope = [d for d in documents if not query.areas or d.area in query.areas]
    if not scope or any(answer_vocabulary.MONITORING.mentions(d.title) for d in scope):
        return None
    if later:
        revisits = sorted((d.date or "") for d in scope if d.doc_type == "revisit_letter")
        if not revisits or any(d.doc_type in _VISIT_KINDS and (d.date or "") > revisits[-1]
                               for d in scope):
            return None
        latest = max(scope, key=lambda d: d.date or "")
        return _refuse(f"The collection holds no visit to {' or '.join(query.areas)} after its "
                       f"revisit: the latest document it holds about it is the {latest.title}.")
    where = f" about {' or '.join(query.areas)}" if query.areas else ""
    latest = max(scope, key=lambda d: d.date or "")
    return _refuse(f"The collection holds no monitoring inspection{where}: the latest document "
                   f"it holds{where} is the {latest.title}.")


_WHEN_INTENTS = frozenset({"date", "prediction", "count"})
_VISIT_KINDS = frozenset({"revisit_letter", "inspection_report"})


def _after_the_revisit(query: Query) -> bool:
    """ "What did they find when they came back?" after a question about an area's revisit:
    a visit after the revisit, asked of one area."""
    return len(query.areas) == 1 and answer_vocabulary.CAME_BACK.mentions(query.asked) \
        and answer_vocabulary.REVISIT.mentions(query.context) \
        and answer_vocabulary.FOUND_ASKED.mentions(query.asked)


def _refuse(text: str) -> Answer:
    return Answer(answer=text, abstained=True, citations=[])


def unknown_area_answer(unknown: Sequence[str], known_areas: Sequence[str]) -> Answer:
    names = " or ".join(unknown)
    covered = ", ".join(sorted(set(known_areas))) or "no areas yet"
    return _refuse(f"There is no document about {names} in the collection. It covers: {covered}.")


def personal_answer(query: Query, passages: Sequence[Passage]) -> Answer:
    """Kind, short, no advice; the local SENDIASS as the documents name it, when they do."""
    lines = [
        "I'm sorry you are going through this.",
        *(["Inspection reports don't name or discuss individual children, so the documents "
           "can't say anything about your child's own case."] if query.own_child else []),
        "The documents here are inspection findings about how local areas run SEND services, "
        "not advice about an individual child, and I can't give legal or medical advice.",
        "Your local SEND information, advice and support service (SENDIASS) is the place to "
        "ask about your own case.",
    ]
    cites = Cites()
    for area in query.areas:
        found = _sendiass_sentence(area, passages)
        if found:
            lines.append(f"The {area} documents mention it: “{found[0]}” {cites.mark(found[1])}")
    return cites.answer(lines, abstained=True)


def _sendiass_sentence(area: str, passages: Sequence[Passage]) -> tuple[str, Passage] | None:
    """The sentence of the area's documents that names its SENDIASS, preferring one where the
    service is the subject ("The SENDIASS provides ...") over a passing mention."""
    own = sorted((p for p in passages if p.area == area), key=lambda p: (p.doc_id, p.position))
    found = [(s, p) for p in own for s in sentences(p.text)
             if answer_vocabulary.SENDIASS.mentions(s)]
    return min(found, key=lambda sp: not answer_vocabulary.SENDIASS_DOES.mentions(sp[0]),
               default=None)


def later_year_answer(query: Query, documents: Sequence[Document]) -> Answer | None:
    """A year after everything the collection holds about the areas asked about."""
    if not query.year or not documents:
        return None
    scope = [d for d in documents if not query.areas or d.area in query.areas]
    years = {int(y) for d in scope for y in years_in(_dates(d))}
    if not years or query.year <= max(years):
        return None
    where = f" about {' or '.join(query.areas)}" if query.areas else ""
    latest = max(scope, key=lambda d: d.date or "")
    return _refuse(f"The collection has no document{where} from {query.year}: the latest it "
                   f"holds{where} is {latest.title}.")


def _dates(doc: Document) -> str:
    return " ".join([doc.date or "", doc.title, *doc.fields.values()])
