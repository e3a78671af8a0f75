"""The words and phrases the answering handlers, the reader and the checks look for, as data.

Read by the one matcher in vocab.py, written as in vocabulary.py (which holds the lists read to
understand a question).
"""

from __future__ import annotations

from assistant.understanding.vocab import Phrases, each

# --- dates, people and partnerships (facts.py) -------------------------------------------------
MONTHS = Phrases.of("january | february | march | april | may | june | july | august | september"
                    " | october | november | december")  # fmt: skip
# ("the last inspection" is the latest one; since or before it, the one before: "since their last
# inspection in 2019", "last inspected before its 2024 inspection")
PREVIOUS = Phrases.of("previous* | before | prior | earlier | since * last | since last"
                      " | since * * last")  # * alone: any word
# A council or partnership new since (why a report records no earlier inspection).
FORMED_LATELY = Phrases.of("was created | was formed | was established | came into being"
                           " | came into existence | newly created | new local authority")
# A claim that an inspection was an area's first (facts.never_inspected checks it).
FIRST_INSPECTION = Phrases.of("first ever | first-ever | first * inspection | first * * inspection"
                              " | first * * * inspection | never been inspected | never inspected"
                              " | not been inspected before")
NEW_FRAMEWORK = Phrases.of("new framework | new-style | new style | 2023 framework"
                           " | new inspection framework | current framework")
SINCE = Phrases.of("since")  # "since its 2016 inspection": a year before the report's
# the reports say when the next one is due ("when do ofsted check on them again?")
NEXT = Phrases.of("next | will | again | going back")  # ("when did they go back?": a revisit)
# ("when did the report come out?"; "how did Bolton come out of it?" asks how it went)
PUBLISHED = Phrases.of("publish* | come out | came out | coming out | released",
                       unless_next="of")
# An outcome asked for beside findings ("what was the verdict, and the priority actions?").
OUTCOME_ASKED = Phrases.of("outcome | outcomes | verdict | judge* | rated | rating | result"
                           " | results | conclude* | conclusion | overall | how did * do"
                           " | how * did | pass | passed | fail | failed | failing | good | bad")
OUTCOME_WORDS = Phrases.of("outcome | outcomes | positive | inconsistent | widespread | systemic"
                           " | fail*")  # fmt: skip
LETTER = Phrases.of("letter")  # with DATED: the date of the letter itself
DATED = Phrases.of("dated | written | sent | issued")
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
# A wait said to be none or short ("There are no waiting times for OT"): answers "how long?" as
# a length of time does.
NO_WAIT = Phrases.of("no waiting | no wait | no waits | no extended wait* | no waiting list*"
                     " | without a wait | without waiting | seen quickly | seen promptly")
# What a document says happens next.
NEXT_STEP = Phrases.of("*next full area send inspection will* | *monitoring inspection will be*"
                       " | *next full reinspection will* | *next full re-inspection will*"
                       " | *support and challenge visits* | *any further revisit*")  # fmt: skip
# What the partnership must produce after the lowest outcome: the plan is what councillors track.
PRIORITY_ACTION_PLAN = Phrases.of("priority action plan")

# --- answers from the findings table (structured.py) -------------------------------------------
# The outcome a question asks about, in its everyday words.
ASKED_OUTCOME = {
    "widespread and/or systemic failings": Phrases.of(
        "*widespread* | *systemic* | worst outcome* | worst result* | lowest outcome*"
        " | worst rating* | lowest rating* | bottom rating*"),
    "inconsistent experiences and outcomes": Phrases.of("*inconsistent* | middle outcome*"),
    "typically positive experiences and outcomes": Phrases.of(
        "*typically positive* | *positive experiences* | *positive outcomes* | best outcome*"
        " | best result* | top outcome* | highest outcome* | best rating* | top rating*"
        " | highest rating* | good outcome* | good result*"),
}
FAIL = Phrases.of("fail*")
# "What must they fix first?": the most pressing findings, a report's areas for priority action.
PRESSING = Phrases.of("*priority* | urgent* | first | most important* | most pressing*"
                      " | most serious*")  # fmt: skip
DETAIL_QUESTION = Phrases.of("who | when | where | why | how")  # at the start: a detail asked
# "Who leads the co-production group?" asks about a council body, not the inspection.
BODY = Phrases.of("group | board | committee | panel | forum | team | service | council")
# People asked about who are not the inspectors ("who is the headteacher ...?", "who is the
# lead councillor?"): the inspection leads are no answer (structured.py).
OTHER_ROLE = Phrases.of(
    "headteacher* | head teacher* | head of | councillor* | director* | chair | chairs | chaired"
    " | chairman | chairwoman | manager* | senco* | sendco* | caseworker* | case worker*"
    " | commissioner* | chief executive* | cabinet member* | lead member* | mayor | mp"
    " | minister* | principal* | coordinator*")
INSPECTORS = Phrases.of("inspect* | hmi | ofsted | cqc")

# --- refusals (refusals.py) --------------------------------------------------------------------
SENDIASS = Phrases.of(
    "sendias | sendiass | *information, advice and support service*"
    " | *information advice and support service* | *information and advice support service*")
# The service as the subject of its sentence ("The SENDIASS provides ...", "(SENDIASS) offers").
SENDIASS_DOES = Phrases.of(each(
    "~sendiass | ~sendias | ~support services | ~support service", "| )",
    "is | are | provides | provide | supports | support | helps | help | gives | give | offers"
    " | offer"))
LEGAL_OR_MEDICAL = Phrases.of("legal | lawyer | solicitor | tribunal | sue | appeal | medical"
                              " | medication | diagnos* | doctor | treatment")  # fmt: skip
# A visit after the one talked about, and what it found (refusals: after a revisit, none held).
CAME_BACK = Phrases.of("came back | come back | went back | gone back | returned | second revisit"
                       " | another revisit | further revisit | re-revisit | next revisit"
                       " | later revisit | revisited again | checked again | back to check")
REVISIT = Phrases.of("revisit* | re-visit*")
FOUND_ASKED = Phrases.of("find | found | findings | say | said | conclude* | decide* | judge*"
                         " | verdict")
MONITORING = Phrases.of(each("monitoring", "inspection|inspections|visit|visits"))
# Whether visits go on or end ("whether the DfE monitoring visits stopped"): asked of the support
# visits a revisit letter ends, not of a monitoring inspection's findings (refusals.py)
VISITS_END = Phrases.of("stop | stops | stopped | stopping | cease* | signed off | carry on"
                        " | carried on | continue | continued | continuing | still going")

# --- why and what changed (reasons.py) ---------------------------------------------------------
# Sentences saying what is still wrong, and sentences saying what changed.
STILL_WRONG = Phrases.of(
    "not | *n't | no | lack* | remain* | still | however | nevertheless | despite | yet to | too"
    " | delay* | concern* | weak* | poor* | increas* | inconsisten* | variab* | unclear | limited"
    " | continued to rise")
# A question asking what is still wrong after a verdict ("was anything still wrong with the
# plans?", "is the health side sorted now?", "any caveats?"): the letter's remaining concerns.
ASKS_REMAINING = Phrases.of(
    "still wrong | still a problem | still problems | still any problems | still an issue"
    " | still issues | still concerns | anything still | anything wrong | any caveats | caveats"
    " | sorted now | fixed now | still outstanding | still weak | left to fix | left to do")
# A question asking what changed ("what has the council done about it?"): up to four words
# between the helper verb and the doing one.
ASKS_CHANGE = Phrases.of(" | ".join((
    each("what", "has|have|did|had", "|*|* *|* * *|* * * *",
          "changed~|done~|improved~|put in place~|introduced~"),
    "what changed | what has changed | what have changed",
    each("what", "is|are", "|*|* *|* * *", "doing"))))
CHANGED = Phrases.of(
    "now | improv* | introduc* | establish* | better | new | developed | strengthen* | reduc*"
    " | clearer | simpler | more specific | more timely | more effective")
# A weakness's heading, not one of its reasons.
WEAKNESS_HEADING = Phrases.of("*initial inspection found* | *initial inspection identified*"
                              " | *sufficient progress*")  # fmt: skip

# --- words and sentences (terms.py) ------------------------------------------------------------
# A revisit verdict line: "The (local) area has (not) made sufficient progress ...".
VERDICT_LINE = Phrases.of(each("area", "has|had", "|not", "made sufficient progress~"))

# --- support and the LLM's reply (support.py, llm/reply.py) ------------------------------------
# Words that say a visit or inspection happened (the sentence is about when it took place).
VISIT = Phrases.of(
    "revisit* | re-visit* | visit* | inspect* | went back | gone back | go back | came back"
    " | come back | took place | take place | taken place | carried out | conducted | on site"
    " | fieldwork")
# A reply that says it cannot answer.
DONT_KNOW = Phrases.of(" | ".join((
    each("i", "do not|don't|cannot|can't", "know|tell|say|answer"),
    each("document|documents", "don't|do not", "say"),
    each("source|sources|document|documents", "don't|do not|does not|doesn't",
          "say|mention|contain|cover"),
    "no information", each("not", "in|covered by", "the", "sources|documents"))))
FRACTION = Phrases.of("half | halved | third | thirds | quarter | quarters | double | doubled"
                      " | twice | per cent | percent")  # fmt: skip
# A quantity said in words ("halved", "a third of"): a figure "how many?" may be answered with
# (figures.py; a "%" counts too).
PROPORTION = Phrases.of(" | ".join((
    "halved | doubled | trebled | tripled | twice | half of | per cent | percent",
    each("a|one|two", "half|halfs|third|thirds|quarter|quarters|fifth|fifths"),
    each("by", "|a|one", "half|third|quarter"))))

# --- how the extractive answerer scores sentences (scoring.py) ---------------------------------
# "This offer to include: ...", "The actions are as follows: ...": the first item of a list.
INTRODUCES_LIST = Phrases.of("include: | includes: | included: | including: | following:"
                             " | follows: | are: | were: | comprise: | comprises:")  # fmt: skip
# A question asking for detail, not yes or no: at its very start (.match).
ASKS_DETAIL = Phrases.of("what | how | why | which | tell me")
# A question about what was not done ("which weaknesses weren't fixed?"): the verdict asked.
NOT_DONE = Phrases.of(
    "not | didn't | did not | failed | fail | insufficient | wasn't | weren't | no | still need"
    " | still needs | still needed | more work | further work | remain* | outstanding")
EARLIER = Phrases.of("previous | prior | earlier")  # the date of an earlier visit
TO_DO = Phrases.of("should | must | need to | needs to | urgently")  # what an area must still do
# An action taken (a practice answer) and a problem stated (not one), in the reports' wording.
ACTION_TAKEN = Phrases.of(
    "set up | introduc+ | developed | develops | commissioned | commissions | launch+ | created"
    " | creates | establish+ | secured | run | runs | offer | offers | provide | provides"
    " | co-produced | implement+ | invest+ | appointed | recruited | trained | funded | piloted"
    " | use | uses")  # "+": a longer word ("invested", not "invest")
PROBLEM = Phrases.of(
    "too long | too late | too slow | too few | too many | increasing | rising | continue to rise"
    " | continued to rise | lack* | wait too | waits too | waiting too | "
    + each("not", "|yet", "|*", "enough|effective|sufficient").replace("  ", " "))
# A report's section heading where it says what the area does well.
# The officer a council paper names at its head ("LEAD OFFICER | ... - Carol Cammiss").
OFFICER = Phrases.of("lead officer | responsible officer* | contact officer | report author"
                     " | author")
DOING_WELL_SECTION = Phrases.of("doing that is effective | working well | strengths")
BUT = Phrases.of("however | despite")  # opening a sentence: it turns from the one before (.match)
# What a forecast of a result asks about: a judgement or a change for better or worse.
RESULT_FORECAST = Phrases.of(
    "improve* | better | worse | outcome* | result* | rating | rated | grade | judge* | pass"
    " | fail* | succeed* | success* | progress | inadequate | good | outstanding | figure*"
    " | number* | rate | rates | percentage* | score* | target*")
# "which risks ...?", "the task groups": a council paper's whole list is asked for (plurals only;
# council.py)
PLURAL_KINDS = Phrases.of("risks | groups | workstreams | strands | priorities")
# "six of the eight areas", "five out of the six weaknesses": a count of weaknesses or areas (of
# lower-cased single-spaced text; scoring.is_verdict).
COUNTED = Phrases.of(each("*", "|out", "of", "|the", "*",
                          "areas|significant weaknesses|weaknesses"), lower_case=True)

# A child named in the question, not the asker's ("the child called Jayden", "a girl named
# Amy"): the documents name no child (answering/refusals.py).
NAMED_CHILD = Phrases.of(each(
    "child | boy | girl | pupil | student | young person | kid | teenager", "called | named")
    + " | he's called | she's called | he is called | she is called | him by name"
    + " | her by name | them by name")  # "did they mention him by name? he's called Sam"
# Contact details asked for ("what's the phone number for the SEND team?"): the documents are
# findings, not a directory (answering/refusals.py).
CONTACT_DETAILS = Phrases.of(
    "phone number | phone numbers | telephone number | contact number | number to call"
    " | number to ring | number i can call | number i can ring | email address | e-mail address"
    " | email for | postal address | contact details | opening hours")
# One school's own inspection or grade ("what grade did the special school get?", "the Ofsted
# report on St Anne's school"): area SEND inspections judge no single school (refusals.py).
ONE_SCHOOL = Phrases.of(each(
    "my son's | my daughter's | my child's | my kid's | his | her | the | the * | st * | saint *"
    " | is *",  # ("is horizon school rated good?": a school by its name)
    "school | academy | college | nursery | pru")
    # ("is st peter's primary good?": a saint's name says one school, whatever its kind)
    + " | " + each("st * | saint *", "primary | secondary | infant* | junior* | high | special"))
SCHOOL_JUDGED = Phrases.of("grade | graded | rating | rated | rate | rates | ofsted report on"
                           " | ofsted inspection of | judged")

# A sentence saying how often something happens (scoring, "how often does the board meet?").
STATES_FREQUENCY = Phrases.of(
    "daily | weekly | fortnightly | monthly | quarterly | termly | annually | yearly | bi-monthly"
    " | every week | every month | every term | every year | each week | each month | each term"
    " | once a | twice a | times a | times per | a month | a week | a year | basis")
# A sentence stating an effect: what a scheme achieved or changed (scoring, "did it work?").
STATES_EFFECT = Phrases.of(
    "as a result | consequently | result* | impact* | led to | leading to | achiev* | improv*"
    " | reduc* | increas* | fewer | declin* | has meant | means that | this means | difference")
