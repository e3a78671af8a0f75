"""The words and phrases read to understand a question, as data (the answering handlers' own
lists are in answer_vocabulary.py).

Each list is read by the one matcher in vocab.py: whole words, any case; "|" separates phrases, a
trailing "*" makes a word a prefix ("publish*" matches "published", "publish"), a trailing "+" a
strict one ("invest+" matches "invested", not "invest"). What is still a regex
elsewhere is a real pattern (numbers, dates, "X of the Y", look-arounds, anchors). Why a Python
module rather than JSON: mypy checks every name a caller uses, and a list can carry its comment.
"""

from __future__ import annotations

from assistant.understanding.vocab import Phrases, each

# --- reading a question (question_words.py) ---------------------------------------------------
# Kinds of document a question names; an inspection report's words stay a pattern in
# question_words.py ("inspection" unless the question also names a revisit or a council).
REVISIT_LETTER = Phrases.of(
    "revisit* | reinspect* | re-inspect* | wsoa | *written statement of action*"
    " | *sufficient progress* | *significant weakness*")
# An area SEND inspection report's words; "inspection" alone names one only on a first line
# with none of NOT_A_REPORT (question_words.py).
INSPECTION_REPORT = Phrases.of(
    "inspection report~ | ~area send inspection~ | 2023 framework~ | new framework~"
    " | outcome of the inspection~ | outcomes of the inspection~ | inspection outcome~"
    " | ~widespread~ | ~systemic~ | ~typically positive~ | ~inconsistent experiences~"
    " | ~priority action~ | ~area for improvement~ | ~areas for improvement~")
INSPECTION = Phrases.of("inspection")
NOT_A_REPORT = Phrases.of("revisit~ | initial inspection~ | council~ | committee~ | scrutiny~")
COMMITTEE_REPORT = Phrases.of(
    "council report* | council paper* | committee* | scrutiny* | cabinet* | *task and finish*"
    " | *task-and-finish* | *task and-finish* | *task-and finish*")
BRIEFING_NOTE = Phrases.of("briefing | scrutiny pack* | scrutiny panel*")
# Kinds of finding the questions name (the findings table's kinds). "~": the old patterns had no
# boundary there, and understand.py cuts these words out of a question ("weaknesses" -> "es").
FINDING_KINDS = {
    "significant_weakness": Phrases.of("~significant weakness~ | weakness~"),
    "priority_action": Phrases.of("~priority action~ | urgent*", unless_next="plan~"),
    "improvement": Phrases.of("~areas for improvement~ | ~area for improvement~")
    | Phrases.of("improvements | improvement", unless_next="board~ | plan~ | partnership~"
                 " | programme~"),
    "workstream": Phrases.of(
        "~task-and-finish~ | ~task-and finish~ | ~task and-finish~ | ~task and finish~"
        " | ~task & finish~ | ~workstreams~ | ~workstream~ | ~work streams~ | ~work stream~"
        " | ~task groups~ | ~task group~ | ~working groups~ | ~working group~"),
    "risk": Phrases.of("risks | risk"),
}
# A length of time asked for ("how long ago" asks for a date)
HOW_LONG = Phrases.of("how long | longest | shortest | longer | shorter | quickest | quicker"
                      " | how quickly | how soon", unless_next="ago~")
# A sentence that starts by asking (a question word or an auxiliary, maybe after "and", "but",
# "so", "ok" or "then") asserts nothing itself (question_words.ASKING_START_RE).
ASKING_START = Phrases.of(each(
    "|and|but|so|ok*|then",
    "what | which | who | whom | whose | when | where | why | how | is | are | was | were | did"
    " | does | do | has | have | had | can | could | will | would | should | shall | may | might"
    " | must | compare | list | tell | give | show | name | explain | describe | summar+"))
# "why?", "and, why is that?": a why of its own, leaning on the question before (with at most a
# few words after it: question_words.WHY_RE).
BARE_WHY = Phrases.of(" | ".join(("why | how come",
                                  each("and|but|so|ok|okay", "|,", "why|how come"))))
# A pronoun leaning on the question before ("when was that?"), not one starting a clause of
# its own ("that is being reviewed"; "+ing~": any longer word holding "ing", as \w+ing did).
PRONOUN = Phrases.of("that | it | its | this | they | them | their | there | those | these | he"
                     " | she | his", unless_next="is +ing~ | are +ing~")
# "areas" asks about places, "areas for improvement" and "areas of weakness" are findings
AREAS = Phrases.of("areas", unless_next="for | of")
# An answer using "areas" for findings ("six of the eight areas", "areas requiring more work"):
# "which areas still need work?" after it asks about those, not about other places.
FINDING_AREAS = Phrases.of("areas for | areas of | areas requiring | areas needing | areas that"
                           " need* | areas still | of the * areas | areas identified")
# A question about the asker's own child ("did the inspectors mention my son?"): inspection
# reports never name or discuss individual children.
MY_CHILD = Phrases.of("my son | my daughter | my child | my kid | my boy | my girl | my grandson"
                      " | my granddaughter | my stepson | my stepdaughter")
MENTION = Phrases.of("mention* | talk* about | discuss* | name | named | write about | wrote about"
                     " | write anything about | wrote anything about | know about | knew about"
                     " | say about | said about | say anything about | said anything about"
                     " | remember* | talk to | talked to | speak to | spoke to | spoken to | meet"
                     " | met | interview*")
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
    " | different local areas | different places | different partnerships | elsewhere"
    " | other area | other council | other la | other local area | other place"
    " | other partnership | anywhere else")
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
    " | did not make* | did not fix* | did not do* | not fixed | hadn't fixed | hasn't fixed"
    " | haven't fixed | not resolved | hadn't resolved | hasn't resolved | not sorted* | "
    + " | ".join(f"not {v} {h}progress*" for v in _PROGRESS_VERBS for h in _PROGRESS_HOW))
POSITIVE = Phrases.of(
    "made progress* | made sufficient progress* | made good progress* | made enough progress*"
    " | made real progress* | succeed* | fixed | resolved | sorted out | improved | positive"
    " | positively"
    " | did well | done well | rated well | judged well | good | best possible | best rating"
    " | top rating | highest rating | top grade | top marks | outstanding | excellent | brilliant"
    " | glowing")  # the top outcome
# The middle outcome claimed ("given Dorset's 'inconsistent' outcome, ..."): checked against the
# outcome found, as the other two are.
MIDDLE_OUTCOME = Phrases.of("inconsistent | mixed outcome* | mixed result* | middle outcome"
                            " | middle rating | middle grade | middle judgement")

# --- what a question asks for (question_terms.py; read on the lower-cased question) -----------
# Pay is asked for ("salaries", "how much are they paid"), unless "pay attention"; "pay for"
# asks what a sum funds, not a salary.
PAY = Phrases.of("salar* | wages | wage | paid | pay",
                 # ("paid jobs" and "paid work" are jobs, not a sum)
                 unless_next="attention | for | job* | employment | work | role* | internship*"
                             " | placement* | apprenticeship*",
                 lower_case=True)
MANY_AREAS = Phrases.of("areas | councils | other areas | each area | every area | all areas"
                        " | compare* | across | elsewhere")  # fmt: skip
QUANTITY = Phrases.of(
    "how many | number of | what percentage | what proportion | what share | how much of"
    " | by how much | exact number | exact figure | figures | statistics | stats | percentages")

# --- the question word that beats the classifier (understanding/intents.py) --------------------
ASKS_COUNT = Phrases.of("how many | how much | number of")  # or "how long" (not "... ago")
CONNECTIVE = Phrases.of("and | so | but | ok")  # may come before the question word
ASKS_WHEN = Phrases.of("when")
WHEN_PAST = Phrases.of("when did | when was | when were | when had")
ASKS_DATE = Phrases.of(each("what|which", "date|day|month|year"))
ASKS_WHO = Phrases.of("who")
RANKS = Phrases.of("better | best | worse | worst | on top | came top | won | ahead | stronger"
                   " | weaker")
# Two areas set side by side: the question compares them, whatever its question word.
DIFFERS = Phrases.of("differ | differs | differed | difference* | compare* | comparison | versus"
                     " | vs | the same | both | in common | share")
ASKS_YES_NO = Phrases.of("did | has | have | had | was | were | is | are | does | do")
PROGRESS_VERDICT = Phrases.of("sufficient progress | enough progress | insufficient progress")
# The asker asking for their own next step: a personal case, whatever the story around it.
ASKER_NEXT_STEP = Phrases.of(
    "what should i do | what do i do | what can i do | what should we do | what do we do"
    " | what can we do | what are my options | what are our options | who do i contact"
    " | who do i ring | who do i call | who do i speak to | who should i contact | who can i ring"
    " | who can i call | who can i contact | who can i talk to | who can i speak to"
    " | where do i start | where do we start | where do i go | how do i get | how do we get"
    " | how can i get | how do i apply | how do we apply | how do i chase | how do i complain"
    # (the asker's own legal case: "if I take them to tribunal, will I win?")
    " | will i win | would i win | will we win | would we win")
ASKER_ACTS = Phrases.of("can i | can we | do i | do we | should i | should we | could i"
                        " | could we | shall i | shall we | would i")  # the asker's own next step
ASKS_WILL = Phrases.of("will")
# "do u think they'll do better next time?": a guess at what is to come, which no document makes
ASKS_FORECAST = Phrases.of("do you think | do u think | d'you think | you reckon | u reckon"
                           " | what are the chances | how likely | likely to get"
                           " | likely to receive | expected to get | expected to receive"
                           " | expected to achieve"
                           " | predicted | prediction*")
# "has X fixed them yet?": progress since a report, which only a later inspection would judge.
FIXED_YET = Phrases.of("fixed | sorted | resolved | put right | improved | addressed | got better"
                       " | any better | better now | progress since | made progress")
# What an area or a body was told to do: its findings ("what were health leaders asked to do?").
ASKED_TO_DO = Phrases.of(
    "asked to do | told to do | required to do | need to do | needs to do | must do | have to do"
    " | has to do | got to do | should do | been asked to | been told to | were asked to"
    " | was asked to | were told to | was told to | were required to | was required to"
    # "what did inspectors ask Hounslow's health leaders and commissioners to do?"
    " | " + each("ask|require", "|".join(f"{'* ' * n}to do" for n in range(1, 8))))
# Asking to check what was just claimed ("... Can you confirm?"): the claim's verdict is asked.
CONFIRMS = Phrases.of("is that right | is that true | is that correct | am i right"
                      " | is this right | is this true | is this correct | can you confirm"
                      " | could you confirm | can u confirm | would you confirm") \
    | Phrases.of("confirm", unless_next=(  # "please confirm the outcome" asks for it: no check
        "the | what | when | how | which | who | where | its | their | a | an"))
# A bare tag asking for a check ("kids wait ages there. true?", "..., right?").
TRUE_TAG = Phrases.of("true ? | right ? | correct ?")
TRUE_OPENING = Phrases.of("is it true | is it right | is it correct")
# A statement asked back: "so the waits came down then?"
SO_STATED = Phrases.of("so")
# Words of an inspection or its result: a claim holding one is checked against the findings
# table, not read in the reports' sentences.
RESULT_WORDS = Phrases.of(
    "outcome* | judg* | rated | rating* | verdict* | progress* | fixed | fix | fail* | passed"
    " | systemic | widespread | inconsistent | positive* | sorted | resolved | priority action*"
    " | weakness* | areas for improvement | area for improvement | good | bad | any good"
    " | inspection* | inspected | reinspect* | re-inspect* | revisit* | re-visit*")
# "what was the inspectors' view on the pace of improvement?": what the text says on it (never
# the findings list its "improvement" names; intents.py).
VIEW_ASKED = Phrases.of("view on | views on | view of | views of | opinion of | opinion on"
                        " | take on")
SAYS_ABOUT = Phrases.of("say about | says about | said about | saying about | mention about"
                       " | write about | wrote about | written about | tell us about"
                       " | say anything about | says anything about | said anything about"
                       " | mention anything about | anything on | stood out about"
                       " | stands out about | stand out about | noticed about | noted about"
                       " | thought about | think about") | VIEW_ASKED
# Asking how often ("how often does the board meet?"): read in the text, never a date.
HOW_OFTEN = Phrases.of("how often | how frequently | how regularly | how many times a"
                       " | how many times per | how many times each")
# Help on offer now ("is there anything for us while we wait?"): what an area provides, which the
# reports tell under "what is effective", never a verdict or a forecast about the asker's child.
# (Matched on the masked question: "wait" is a theme word there, so "while we wait" is not here.)
ACTION_ABOUT = Phrases.of("doing about | do about | did about | done about | doing to help"
                          " | done to help | doing to tackle | done to tackle")
HELP_ON_OFFER = Phrases.of(
    "in the meantime | meanwhile | any help | any support | what help | what support | get help"
    " | get support | get any help | get any support | anything for us | anything for parents"
    " | anything for families | what is there for | what's there for | anything for kids"
    " | anything for children | anything for young people | anything for teenagers"
    " | for kids like | for children like | worth borrowing | worth copying | worth learning from"
    " | worth adopting | worth replicating | practice worth")
# Asking whether something is there to be had ("is there any crisis help out of hours?"): after
# a story of one's own child, what the area offers, not advice on the case.
ASKS_WHAT_EXISTS = Phrases.of(
    "is there any | is there anything | is there anywhere | is there somewhere | are there any"
    " | do they have | do they offer | do they run | does it have | does the area have"
    " | does the council have | does the council offer | what is available | what's available"
    " | is there a | is there an | is there something | is there someone")
WH_WORD = Phrases.of("how | what | when | where | who | which | why")  # (.starts)
# A question whose subject is the area named, masked ("what did <the area> do jointly with
# neighbouring councils?"): about what it did, never which areas (intents.py; .starts).
AREA_AS_SUBJECT = Phrases.of(each("what|how|why|when|where", "did|does|do|has|have|is|was",
                                  "the area"))
# Asking about a wait ("will it be ages before anyone sees her?", "how soon?").
WAIT_ASKED = HOW_LONG | Phrases.of("ages | soon | wait* | take long | takes long | be long"
                                    " | long before | long until")
# Asking how to reach a service ("how do I book the short breaks?", "can he get assessed round
# here?"): what the area offers, which its documents may say, not advice on the case.
ASKS_ACCESS = Phrases.of(
    "how do i get | how do we get | how can i get | how can we get | how do i book | how do we book"
    " | how do i access | how do we access | how can i access | where can i | where can we"
    " | can i get | can we get | can he get | can she get | can they get | can i access"
    " | can he access | can she access | can i just | can we just | turn up | drop in")
# "is there anywhere I can drop in?" (a place to go) and "massive like everywhere else" (an
# aside): no question across areas.
NOT_ACROSS = Phrases.of(
    "anywhere i | anywhere we | anywhere you | anywhere he | anywhere she | anywhere they"
    " | anywhere to | anywhere for him | anywhere for her | anywhere for them | anywhere for us"
    " | anywhere for my | anywhere local | anywhere nearby | anywhere near | like everywhere"
    " | like anywhere | as everywhere | same as everywhere")
# What inspectors found wanting: asked beside the strengths, the question asks for both sides.
FOUND_WANTING = Phrases.of("weakness* | weaker | improve* | worse | badly | problem* | wrong"
                           " | not good | poor*")
# What inspectors found good: the reports' strengths ("what did inspectors like about ...?").
PRAISED = Phrases.of(
    "liked | like about | praised | praise | impressed | works well | working well | worked well"
    " | done well | doing well | did well | went well | good practice | strengths")
ASKS_WHY = Phrases.of("why | how come")
# The oversight after an inspection, which the documents state ("the quarterly visits will
# cease", "a monitoring inspection within 18 months").
# "how did rutland do?", "how did they get on?": how an inspection went (its outcome)
HOW_IT_WENT = Phrases.of("how did * do | how did * * do | how did * get on | how did * * get on"
                         " | how did * fare | how did * * fare | how did it go | how has * done"
                         " | how well did * do",
                         unless_next="that | it | this | so | about | with | top")
OVERSIGHT_NEXT = Phrases.of(
    "happens next | happen next | happening next | next steps | what next | keep checking"
    " | happens now | happen now | what now | further monitoring | monitoring now"
    " | monitoring applies | what monitoring"
    " | stop checking | checking up | check up on | keep an eye | come back | coming back"
    " | inspect them again | inspected again | revisit them again | monitoring inspection"
    " | monitoring visit* | challenge visits | support and challenge | keep visit* | stop visit*"
    " | keep inspect* | stop inspect* | keep monitor* | stop monitor* | return | returning"
    " | another visit | another inspection | another revisit | further revisit | further inspection"
    " | next visit | next revisit | reinspect* | re-inspect* | inspected next | be back"
    " | due back | back again | next due | what follows | what followed | follows from"
    " | followed from | escalat* | follow-up is | follow-up was | follow up is | follow-up required"
    " | follow-up needed"
    # what an outcome obliges the partnership to produce: the priority action plan
    " | must produce | must * produce | must * * produce | must submit | must * submit"
    " | must * * submit | now produce | now submit"
    " | required to produce | required to submit | has to produce | have to produce"
    " | has to submit | have to submit | require the partnership to"
    " | requires the partnership to | require it to | requires it to")

# --- follow-ups and claims (understand.py, corrections.py) -------------------------------------
# "what were its areas for improvement overall?" asks for every finding of its kind, not the
# theme talked about; "that"/"those" keep to it.
OVERALL = Phrases.of("overall | in general | altogether | all the | all its | all their"
                     " | all of the | all of its | all of their")
# "what else ...?", "anything besides that?": the subject talked about is left behind.
BEYOND = Phrases.of("else | besides | apart from that | other than that | aside from that")
DEMONSTRATIVE = Phrases.of("that | those | these | this")
# A sentence naming what the one before it holds ("... gaps and delays in service provision.
# This includes services for ASD, ADHD, ..."): its list goes with it.
ELABORATES = Phrases.of("this includes | these include | they include | this included"
                        " | these included | they included | this covers | these cover")
# What follows in a question is the asker's illustration ("any examples of services changing,
# e.g. outside normal hours?"), not a subject the documents must hold.
ILLUSTRATES = Phrases.of("e.g. | eg | for example | for instance | such as")
# A question about money that asks for no one sum ("what financial context did it give?"):
# sentences stating a sum answer it best.
FINANCE = Phrases.of("financial | finance* | budget* | funding | spend*"
                     " | cost* | savings")
# "Tell me more about the Herefordshire one": one of the items the last answer named.
MORE_ABOUT = Phrases.of("tell me more | more about | more on | more detail | more details"
                        " | expand on | elaborate on | go into")
# A short question pointing back at the story told before it ("did the inspectors notice?").
POINTS_AT_STORY = Phrases.of("that | those | these | this | too | also | notice* | spot*"
                             " | pick* up on | picked up | aware")
# A claim about every weakness or none ("no progress on anything at all"); the whole-letter
# words hold even when the talk so far was about one theme.
EVERY_OR_NONE = Phrases.of("any | anything | at all | nothing | none | every* | all")
WHOLE_LETTER = Phrases.of("anything | everything | at all | nothing | none of")

# --- ready for the modules being reworked: each list replaces the regex named, same matches on
# every eval question and stored sentence (understand.py, across_areas.py, answer.py, service.py)
LATEST = Phrases.of("latest | most recent | newest | last | current")  # understand._LATEST_RE
LEADING_CONNECTIVE = Phrases.of("and | but | so | ok | okay | also")  # followup._fill_pronoun
NOT_SUFFICIENT = Phrases.of("not | ~n't | insufficient | fail*")  # across_areas._NOT_RE
# Asking whether what was said of one area holds in others ("did any other council flag a
# similar problem?"), not what others could learn from it.
SAME_ELSEWHERE = Phrases.of("same | similar | similarly | too | also | as well | likewise"
                            " | anywhere else | elsewhere | the case")
OTHER = Phrases.of("other | elsewhere")  # across_areas._OTHER_RE
EVERY = Phrases.of("every | all | each | both")  # across_areas._EVERY_RE
STRENGTH = Phrases.of("good | great | strong* | effective* | well | best | positive* | praised"
                      " | excellent | impressive | work | works | working")  # across_areas
# A question across areas asking for judgements (the findings table), not for what the reports'
# text says on a subject ("which areas were criticised for wheelchair waits?")
ASKS_JUDGEMENT = Phrases.of("verdict* | outcome* | judgement* | judgment* | judged | result*"
                            " | rated | rating* | progress | finding* | weakness* | priority"
                            " | priorities | improvement* | recommendation* | find")
PROGRESS_ASKED = Phrases.of("~sufficient~ | ~progress~ | fail~ | ~succe~")  # across_areas
ASKS_DEFINITION = Phrases.of(each("what", "is|are|was|were|does|do"))  # answer.DEFINITION_RE
FULL_LIST = Phrases.of("all | every | full | complete | each")  # service._FULL_LIST_RE
EFFECTIVE = Phrases.of("effective | working well | strength | strengths | good practice")

# --- rx2 ---
# A lead-in at a question's start that leans on the one before ("what about ...", "and, how
# about ...", "what of ...", "also ...", "same for ...", "now ..."): question_words.ABOUT_RE.
ABOUT = Phrases.of(" | ".join((
    "what about | how about", each("and|but|ok|okay|so", "|,", "what|how", "about"),
    "what of | and | also | same question for | same for | now")))
WHICH_ONES = Phrases.of(each("which", "ones|of them|are they|were they"))  # and nothing after
# Who told the asker what they claim ("I read X", "officers said that X", "apparently X").
REPORTED = Phrases.of(" | ".join((
    each("i", "read|heard|understand|was told|thought|believe"), each("was|were|been", "told"),
    each("said|says|claimed|reported|told me", "that|"), "so basically | apparently | heard")))
# "why did ...", "why has ...": what follows is taken for granted.
WHY_ASKED = Phrases.of(each("why", "did|has|have|was|were|is|are|does|do"))
# An opening that takes its clause for granted ("Since X failed, ...", "Given that X, ...").
PREMISE_OPENING = Phrases.of(
    "since | given that | given | as | because | now that | seeing as | seeing that"
    " | considering that | considering")
# A question tag ending a statement ("..., didn't it?", "..., isn't that?", "..., right?").
QUESTION_TAG = Phrases.of(each(
    "didn't | did not | wasn't | was not | isn't | is not | hasn't | has not | haven't | have not"
    " | weren't | were not | aren't | are not | doesn't | does not | don't | do not | right"
    " | correct | true", "|it|they|he|she|that|there", "?"))

# --- claims about content (understanding/claims.py) --------------------------------------------
# Which way a claim or a sentence leans: the asker's words ("hardly any", "always late",
# "praised") and the reports' ("continued to be of poor quality", "within statutory timescales").
LEANS_NEGATIVE = Phrases.of(
    "hardly | barely | rarely | never | seldom | late | backlog* | poor* | weak | weaker | fail*"
    " | bad | badly | worse | worst | ignor* | lack* | too long | too slow | too few | too late"
    " | too many | long wait* | long delay* | delay* | not possible | not been possible"
    " | not fit for purpose | very little | little | inconsistent* | ineffective | fragile"
    " | not enough | not good enough | unable | struggl* | nobody | limited | not * effective"
    " | not effective | not timely | not * timely | not good | not well | not always | not all"
    # (the asker's words for it: "useless at ...", "a massive waiting list")
    " | useless | hopeless | rubbish | terrible | awful | shocking | massive wait* | huge wait*"
    " | massive list* | huge list* | long waiting list* | long list* | massive * waiting list*"
    " | huge * waiting list* | massive * * waiting list* | huge * * waiting list*")
LEANS_POSITIVE = Phrases.of(
    "praise* | fully | excellent | outstanding | good | great | strong* | effective* | well"
    " | timely | on time | within * timescales | within timescales | within statutory"
    " | higher proportion | high proportion | improved | improvement in | improving"
    " | no * waiting | no waiting list | no wait | positive* | successful*"
    " | came down | come down | gone down | went down | got better | getting better")
# A story telling a need, not only who the child is ("has been waiting months for an EHCP",
# "out of school since easter", "the ehcp process has been awful"): claims.py's negative
# leanings, and these.
TELLS_NEED = Phrases.of(
    "wait* | waited | waiting | on the list | out of school | excluded | exclusion* | no ehcp"
    " | still no | still not | took ages | took forever | took nearly | took over | ages"
    " | forever | awful | nightmare | fight* | refus* | saying no | said no | turned down"
    " | nothing | can't get | cannot get | not getting | no help | no support | no place")
# What a question asks about follows these ("say about X", "does it offer X", "how many X"):
# a word there that no document uses is a subject they lack (answering/question_terms.py)
ASKED_ABOUT = Phrases.of("about | mention | mentions | offer | offers | provide | provides | run"
                         " | runs | is there | are there | how many")
# A body a question can be about, with people of its own ("who chairs it?" after a question on
# the board asks about the board, not the inspection): followup.py
NAMED_BODY = Phrases.of("board | group | committee | panel | forum | partnership board | hub"
                        " | steering group | task group | working group")
# A claim about the asker's own life ("my son is 11", "we're at week 25"), not about a report.
FIRST_PERSON = Phrases.of("i | i'm | im | my | me | we | we're | us | our")
# A sentence opening on what it concedes ("While most plans are issued on time, ...").
CONCEDES = Phrases.of("while | whilst | although | though | despite | even though | for example,"
                      " while | for example, although")
# A preface saying what is wanted ("Members have asked for a summary: what ...?"): clauses.py
# A statement of what inspections found on a subject ("Several inspections criticised antenatal
# visiting.", "Both had problems with videofluoroscopy."), said before asking what each found.
FOUND_ON = Phrases.of("criticised | criticized | criticism* | critical | concerns about"
                      " | concerned about | flagged | highlighted | picked up | raised"
                      " | problems with | issues with | praised | commended | singled out")
REQUESTS = Phrases.of("asked for | asked me | asking for | want | wants | wanted | requested"
                      " | looking for | would like | need a | need an | needs a | reviewing"
                      " | looking at | looking into | benchmarking | researching | focusing on"
                      " | interested in")

# A question asking what something is called ("what's it called again?", "which charity runs
# it?"): the reader prefers the sentence that gives a name (scoring.names_a_scheme).
ASKS_NAME = Phrases.of(
    "called | named | name | names | which organisation* | which charity | which charities"
    " | which provider* | which company | which companies | who runs | who delivers"
    " | who provides")
# A question asking what something achieved ("did it make a difference?", "has it worked?"):
# the reader prefers sentences stating an effect (answer_vocabulary.STATES_EFFECT).
ASKS_EFFECT = Phrases.of(
    "difference | impact* | effect | effects | effective* | paid off | pay off"
    " | as a result | results | achieved | achieve | measurable | helped")
# National bodies named after a country: "NHS England" asks about no place across areas.
NATIONAL_BODY = Phrases.of("nhs england | public health england | health education england"
                           " | sport england | nhs improvement")
# Words setting a kind of finding aside: "beyond the priority actions, what else ...?"
SETS_ASIDE = Phrases.of("beyond | besides | apart from | other than | aside from | excluding"
                        " | except | not counting | leaving aside | setting aside | set aside")
