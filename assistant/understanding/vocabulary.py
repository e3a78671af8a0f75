"""The words and phrases the answering code looks for, as data in one place.

Each list is read by the one matcher in vocab.py: whole words, any case; "|" separates phrases and
a trailing "*" makes a word a prefix ("publish*" matches "published"). What is still a regex
elsewhere is a real pattern (numbers, dates, "X of the Y", look-arounds, anchors). Why a Python
module rather than JSON: mypy checks every name a caller uses, and a list can carry its comment.
"""

from __future__ import annotations

from assistant.understanding.vocab import Phrases

MONTHS = Phrases.of("january | february | march | april | may | june | july | august | september"
                    " | october | november | december")  # fmt: skip

# --- dates, people and partnerships (facts.py) -------------------------------------------------
PREVIOUS = Phrases.of("previous* | before | prior | earlier | last inspected | last inspection*"
                      " | last visit* | last * inspection* | last * visit*")  # * alone: any word
NEXT = Phrases.of("next | will")  # the reports say when the next one is due
PUBLISHED = Phrases.of("publish*")
OUTCOME_WORDS = Phrases.of("outcome | outcomes | positive | inconsistent | widespread | systemic"
                           " | fail*")  # fmt: skip
WSOA = Phrases.of("wsoa | written statement*")
MEETING = Phrases.of("meeting | committee | briefing | scrutiny")
MEMBERS = Phrases.of(
    "which organisations | which bodies | which partners"
    " | who is responsible | who are responsible | who was responsible | who were responsible"
    " | who is jointly responsible | who are jointly responsible | who was jointly responsible"
    " | who were jointly responsible | make up | makes up | made up | member of | members of"
    " | who runs | who is in")
HEALTH_BODY = Phrases.of("icb | integrated care | nhs | ccg")
PERSON_PRONOUN = Phrases.of("he | she | him | his | this inspector | that inspector"
                            " | the same inspector | the same person")  # fmt: skip
LED = Phrases.of("lead | led | leads | inspect*")
ELSEWHERE = Phrases.of("other | else | another | elsewhere | any more")
TEAM = Phrases.of("inspect* | lead | led | work* | team | involved | signed")
FIT_FOR_PURPOSE = Phrases.of("*fit for purpose*")

# --- reading a question (question_words.py) ---------------------------------------------------
# Kinds of document a question names; an inspection report's words stay a pattern in
# question_words.py ("inspection" unless the question also names a revisit or a council).
REVISIT_LETTER = Phrases.of(
    "revisit* | reinspect* | re-inspect* | wsoa | *written statement of action*"
    " | *sufficient progress* | *significant weakness*")
COMMITTEE_REPORT = Phrases.of(
    "council report* | council paper* | committee* | scrutiny* | cabinet* | *task and finish*"
    " | *task-and-finish* | *task and-finish* | *task-and finish*")
BRIEFING_NOTE = Phrases.of("briefing | scrutiny pack* | scrutiny panel*")
# A question about the asker's own child ("did the inspectors mention my son?"): inspection
# reports never name or discuss individual children.
MY_CHILD = Phrases.of("my son | my daughter | my child | my kid | my boy | my girl | my grandson"
                      " | my granddaughter | my stepson | my stepdaughter")
MENTION = Phrases.of("mention* | talk* about | discuss* | name | named | write about | wrote about"
                     " | write anything about | wrote anything about | know about | knew about"
                     " | say about | said about | say anything about | said anything about"
                     " | remember*")
# What a letter says is still wrong with something ("continue to be of a poor quality").
SHORTCOMING = Phrases.of("poor* | ineffective | inconsistent* | too long | too slow | too late"
                         " | not good enough | not well enough | not specific enough | out of date"
                         " | not fit for purpose | weak | lack* | significant delays")
# Who the answer is for, anywhere in the question ("... for a scrutiny briefing", "for the
# committee"): the meeting or paper it names is the audience, not a document asked about.
AUDIENCE = Phrases.of(
    "for a briefing | for my briefing | for our briefing | for a * briefing | for my * briefing"
    " | for the committee | for committee | for the * committee | for a * committee"
    " | for the panel | for the * panel | for my panel | for the meeting | for a * meeting"
    " | for the * meeting | for scrutiny | for a scrutiny * | for the scrutiny * | to brief *")
# A lead-in saying what the answer is for ("For the committee: ...", "Ahead of scrutiny, ..."):
# the meeting it names is the audience, not the document asked about.
PURPOSE = Phrases.of("for | ahead of | in preparation for | to prepare for | to brief"
                     " | briefing for")
OTHER_AREAS = Phrases.of(
    "other areas | other councils | other las | other local areas | other places"
    " | other partnerships | different areas | different councils | different las"
    " | different local areas | different places | different partnerships | elsewhere")
# A claim is checked only when it is about an inspection, not about the asker's own life.
INSPECTION_WORDS = Phrases.of(
    "inspect* | revisit* | re-visit* | ofsted | cqc | report | letter | outcome | judg* | rated"
    " | rating | verdict | progress | fixed | fail* | passed | found | systemic | widespread")
# The polarity of a premise ("since X failed ..."): read on the lower-cased clause.
_PROGRESS_VERBS = ("make", "made", "making", "achiev*", "show*")
_PROGRESS_HOW = ("", "sufficient ", "enough ", "any ", "good ")
NEGATIVE = Phrases.of(
    "fail* | no progress* | no real progress* | insufficient progress* | poor | poorly"
    " | systemic | widespread | bad | badly"
    " | didn't improve* | didn't make* | didn't fix* | didn't do* | did not improve*"
    " | did not make* | did not fix* | did not do* | "
    + " | ".join(f"not {v} {h}progress*" for v in _PROGRESS_VERBS for h in _PROGRESS_HOW))
POSITIVE = Phrases.of(
    "made progress* | made sufficient progress* | made good progress* | made enough progress*"
    " | made real progress* | succeed* | fixed | resolved | improved | positive | positively"
    " | did well | done well | rated well | judged well | good")

# --- wording the documents use (quote.py) ------------------------------------------------------
# How each outcome is worded in the reports (the fields hold the short form).
OUTCOME_WORDINGS = {
    "typically positive experiences and outcomes": Phrases.of(
        "*typically lead to positive experiences and outcomes*"
        " | *typically leads to positive experiences and outcomes*"),
    "inconsistent experiences and outcomes": Phrases.of(
        "*lead to inconsistent experiences and outcomes* | *leads to inconsistent experiences and"
        " outcomes*"),
    "widespread and/or systemic failings": Phrases.of(
        "*widespread and/or systemic failings* | *widespread andor systemic failings*"),
}
# What a document says happens next.
NEXT_STEP = Phrases.of("*next full area send inspection will* | *monitoring inspection will be*"
                       " | *support and challenge visits*")  # fmt: skip
# What the partnership must produce after the lowest outcome: the plan is what councillors track.
PRIORITY_ACTION_PLAN = Phrases.of("priority action plan")

# --- answers from the findings table (structured.py) -------------------------------------------
# The outcome a question asks about, in its everyday words.
ASKED_OUTCOME = {
    "widespread and/or systemic failings": Phrases.of("*widespread* | *systemic*"),
    "inconsistent experiences and outcomes": Phrases.of("*inconsistent*"),
    "typically positive experiences and outcomes": Phrases.of(
        "*typically positive* | *positive experiences* | *positive outcomes*"),
}
FAIL = Phrases.of("fail*")
# "What must they fix first?": the most pressing findings, a report's areas for priority action.
PRESSING = Phrases.of("*priority* | urgent* | first | most important* | most pressing*"
                      " | most serious*")  # fmt: skip
DETAIL_QUESTION = Phrases.of("who | when | where | why | how")  # at the start: a detail asked
# "Who leads the co-production group?" asks about a council body, not the inspection.
BODY = Phrases.of("group | board | committee | panel | forum | team | service | council")


def _each(*choices: str) -> str:
    """Every phrase made of one choice from each slot: _each("a|b", "c") -> "a c | b c"."""
    phrases = [""]
    for slot in choices:
        phrases = [f"{p} {c.strip()}".strip() for p in phrases for c in slot.split("|")]
    return " | ".join(phrases)


# --- refusals (refusals.py) --------------------------------------------------------------------
SENDIASS = Phrases.of(
    "sendias | sendiass | *information, advice and support service*"
    " | *information advice and support service* | *information and advice support service*")
LEGAL_OR_MEDICAL = Phrases.of("legal | lawyer | solicitor | tribunal | sue | appeal | medical"
                              " | medication | diagnos* | doctor | treatment")  # fmt: skip
MONITORING = Phrases.of(_each("monitoring", "inspection|inspections|visit|visits"))

# --- why and what changed (reasons.py) ---------------------------------------------------------
# Sentences saying what is still wrong, and sentences saying what changed.
STILL_WRONG = Phrases.of(
    "not | *n't | no | lack* | remain* | still | however | nevertheless | despite | yet to | too"
    " | delay* | concern* | weak* | poor* | increas* | inconsisten* | variab* | unclear | limited"
    " | continued to rise")
CHANGED = Phrases.of(
    "now | improv* | introduc* | establish* | better | new | developed | strengthen* | reduc*"
    " | clearer | simpler | more specific | more timely | more effective")
# A weakness's heading, not one of its reasons.
WEAKNESS_HEADING = Phrases.of("*initial inspection found* | *initial inspection identified*"
                              " | *sufficient progress*")  # fmt: skip

# --- what a question asks for (question_terms.py; read on the lower-cased question) -----------
MANY_AREAS = Phrases.of("areas | councils | other areas | each area | every area | all areas"
                        " | compare* | across | elsewhere")  # fmt: skip
QUANTITY = Phrases.of(
    "how many | number of | what percentage | what proportion | what share | how much of"
    " | by how much | exact number | exact figure | figures | statistics | stats | percentages")

# --- the question word that beats the classifier (understanding/intents.py) --------------------
ASKS_COUNT = Phrases.of("how many | how much | number of")  # or "how long" (not "... ago")
CONNECTIVE = Phrases.of("and | so | but | ok")  # may come before the question word
ASKS_WHEN = Phrases.of("when")
ASKS_DATE = Phrases.of(_each("what|which", "date|day|month|year"))
ASKS_WHO = Phrases.of("who")
RANKS = Phrases.of("better | best | worse | worst | on top | came top | won | ahead | stronger"
                   " | weaker")
ASKS_YES_NO = Phrases.of("did | has | have | had | was | were | is | are | does | do")
PROGRESS_VERDICT = Phrases.of("sufficient progress | enough progress | insufficient progress")
# The asker asking for their own next step: a personal case, whatever the story around it.
ASKER_NEXT_STEP = Phrases.of(
    "what should i do | what do i do | what can i do | what should we do | what do we do"
    " | what can we do | what are my options | what are our options | who do i contact"
    " | who do i ring | who do i call | who do i speak to | who should i contact | who can i ring"
    " | who can i call | who can i contact | who can i talk to | who can i speak to"
    " | where do i start | where do we start | where do i go | how do i get | how do we get"
    " | how can i get | how do i apply | how do we apply | how do i chase | how do i complain")
ASKER_ACTS = Phrases.of("can i | can we | do i | do we | should i | should we | could i"
                        " | could we | shall i | shall we | would i")  # the asker's own next step
ASKS_WILL = Phrases.of("will")
ASKS_WHY = Phrases.of("why | how come")

# --- support and the LLM's reply (support.py, llm/reply.py) ------------------------------------
# Words that say a visit or inspection happened (the sentence is about when it took place).
VISIT = Phrases.of(
    "revisit* | re-visit* | visit* | inspect* | went back | gone back | go back | came back"
    " | come back | took place | take place | taken place | carried out | conducted | on site"
    " | fieldwork")
# A reply that says it cannot answer.
DONT_KNOW = Phrases.of(" | ".join((
    _each("i", "do not|don't|cannot|can't", "know|tell|say|answer"),
    _each("document|documents", "don't|do not", "say"),
    _each("source|sources|document|documents", "don't|do not|does not|doesn't",
          "say|mention|contain|cover"),
    "no information", _each("not", "in|covered by", "the", "sources|documents"))))
FRACTION = Phrases.of("half | halved | third | thirds | quarter | quarters | double | doubled"
                      " | twice | per cent | percent")  # fmt: skip

# --- follow-ups and claims (understand.py, corrections.py) -------------------------------------
# "what were its areas for improvement overall?" asks for every finding of its kind, not the
# theme talked about; "that"/"those" keep to it.
OVERALL = Phrases.of("overall | in general | altogether | all the | all its | all their"
                     " | all of the | all of its | all of their")
DEMONSTRATIVE = Phrases.of("that | those | these | this")
# A claim about every weakness or none ("no progress on anything at all"); the whole-letter
# words hold even when the talk so far was about one theme.
EVERY_OR_NONE = Phrases.of("any | anything | at all | nothing | none | every* | all")
WHOLE_LETTER = Phrases.of("anything | everything | at all | nothing | none of")
