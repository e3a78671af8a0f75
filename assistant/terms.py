"""Words and sentences: how both answerers and the support check read text.

Text is normalised (markup and curly quotes gone), everyday and formal phrasings are mapped to
one canonical term ("EHCP", "EHC plan", "education, health and care plan" -> "ehcp"; "getting
ready for adulthood", "post-16" -> "transition"), words are lightly stemmed, and passages are
split into sentences that survive PDF line breaks, bullets and "found:" lead-ins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.understanding import answer_vocabulary
from assistant.understanding.vocab import Phrases
from core import text as toolkit


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = words(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either few
    for from further get gets got had has have having he her here hers him his how however i if
    in into is it its itself just let me more most much my no nor not of off on once only or
    other our ours out over own please same she should so some such tell than that the their
    theirs them then there these they this those through to too under until up upon us very
    was we were what when where which while who whom whose why will with would yes yet you your
    yours say says said know find found make made thing things anything something happen happened
    letter document documents doc docs one's ever still since currently now really actually
    give gives given summary summarise summarize summarised overview compare compared comparison
    total across go goes went gone back come came original originally according serious
    seriously conclude concluded conclusion conclusions overall flag flagged sort sorted problem
    problems issue issues right set explain describe detail details main key organisation
    organisations organization organizations stuff stand stands name named mean means meaning
    acronym abbreviation short
    look looks looking looked example examples instance idea ideas told call called going
    exactly specifically particular particularly another anywhere everywhere somewhere anyone
    someone wondering wonder heard hear hi hello thanks thank bit lot lots whole entire
    differ differed differs difference differences different similar similarly versus"""
)
# Common, low-information words in this corpus: they count, but little.
WEAK_WORDS = words(
    """area areas local send child children young people person kid kids pupil pupils family
    families parent parents carer carers leader leaders inspection inspections inspector
    inspectors ofsted cqc council partnership service services support need needs provision
    work working improve improvement improvements improved better also year years time new
    like way ways now many some well good arrangement arrangements"""
)
# Words of verdicts and judgements: shared by every verdict line, they say nothing of the topic.
VERDICT_WORDS = words(
    """sufficient progress verdict outcome judgement judgment rated rating result improve improved
    improving improvement better worse fail failed failing succeed success successful fix fixed
    resolve resolved weakness weaknesses significant address addressed addressing enough good bad
    well poor widespread systemic failing failings positive positively negative inconsistent
    typically judged"""
)
# Words that appear at the start of a sentence without being names.
COMMON_STARTERS = words(
    """overall however additionally also inspectors leaders parents yes no according in on at by
    for the a an this that these those there it they their its as since while although though
    after before during between both each every some many most several all further furthermore
    moreover still so finally first second third"""
)
# Acronyms and proper terms of the domain: a sentence may use them without the passage spelling
# them out (the passage may say "Ofsted and the Care Quality Commission").
DOMAIN_NAMES = words(
    """send sen ehc ehcp ehcps ofsted cqc nhs dfe ccg icb dco dmo sendiass wsoa senco sencos
    adhd asd asc camhs ot salt pcf la i hmi hmci england covid"""
)

# Everyday and formal phrasings mapped to one canonical term (applied to lower-cased text before
# tokenising, so "EHC plans", "EHCPs" and "education, health and care plans" all match).
SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"education,? health,? and care(?: \(ehc\))? plans?(?: \(ehcps?\))?", "ehcp"),
    (r"ehc(?: ?\(p\)|p)?s?(?: plans?)?|ehc needs assessments?", "ehcp"),
    (r"preparing for adulthood|preparation for adulthood|approaching adulthood|adult services?"
     r"|adult life|adult social care|post[- ]?16|16[- ]to[- ]25|1[689][- ]25|19 and 25"
     r"|grown[- ]?ups?|(?:getting |being )?ready for (?:adult\w*|work|independen\w*)|adulthood"
     r"|transitions?|transitioning|turns? (?:16|18|sixteen|eighteen)|turning (?:16|18)"
     r"|leav(?:es|ing) school", "transition"),
    (r"co-?produc\w*|working with parents|parent carer forums?|parents? forums?", "coproduction"),
    # "anything in the meantime?" asks what there is while families wait
    (r"waiting times?|waiting lists?|waits?|waiting|awaits?|awaiting|in the meantime|meanwhile",
     "wait"),
    (r"joint(?:ly)? commission\w*|commissioning", "commission"),
    (r"autism spectrum (?:disorder|condition)|autistic|autism|\basd\b|\basc\b", "autism"),
    (r"attention deficit hyperactivity disorders?|\badhd\b", "adhd"),
    (r"occupational therap\w*|\bot\b", "ot"),
    (r"physio(?:therap\w*|s)?|physical therap\w*", "physio"),
    (r"speech and language therap\w*|speech therap\w*|speech and language|\bsalt\b", "salt"),
    (r"child and adolescent mental health services?|\bcamhs\b|mental health", "mentalhealth"),
    (r"local offer", "localoffer"),
    (r"(?:come|came|comes|coming) out(?! of)", "published"),  # "when did the report come out?"
    # the words parents use for what the reports call short breaks, custody and service children
    (r"respite(?: care| breaks?| stays?)?", "short break"),
    (r"custody|custodial|prisons?|young offenders?'? institutions?", "custody"),
    (r"armed forces|forces famil\w*|service (?:children|families)|military(?: famil\w*)?",
     "military"),
    # "somewhere I can just turn up?" is what the reports call a drop-in
    (r"drop[- ]?ins?|dropping in|turn(?:s|ing)? up|walk[- ]?ins?", "dropin"),
    (r"management information|performance information|dashboards?|\bdata\b", "data"),
    (r"designated clinical officer|\bdco\b", "dco"),
    (r"designated medical officer|\bdmo\b", "dmo"),
    (r"information,? advice and support service|\bsendiass\b|\biass\b", "sendiass"),
    (r"written statement of action|\bwsoa\b", "wsoa"),
    (r"re-?visit\w*", "revisit"),
    # the reports write it three ways ("ante natal contact", "ante-natal home visit")
    (r"ante[- ]?natal(?:ly)?|pre-?natal|expectant (?:parents?|mothers?|women|mums?)"
     r"|mums?[- ]to[- ]be|pregnan\w*", "antenatal"),
    (r"exclu\w+", "exclusion"),
    # "what did they do to cut waits?" is answered by what "reduced waiting times"
    (r"cut(?:s|ting)?(?: down)?|reduc\w*|bring(?:s|ing)? down|brought down|shorten\w*"
     r"|decreas\w*", "reduce"),
    (r"timeliness|timely|on time|statutory timescales?|timescales?|late|delays?|delayed",
     "timeliness"),
    (r"pa(?:y|ys|id|ying) for", "fund"),  # "what did it pay for?": what it funded
    (r"\brbwm\b|windsor (?:&|and) maidenhead", "windsor maidenhead"),
    (r"\bworcs\b", "worcestershire"),
)
# Patterns, not word lists: substituted in order on lower-cased text, bounded by [a-z0-9] (not
# \b), with optional letters and brackets ("ehc (p)", "1[689]-25").
_SYNONYM_RES = tuple(
    (re.compile(rf"(?<![a-z0-9])(?:{p})(?![a-z0-9])"), f" {c} ") for p, c in SYNONYMS
)

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}
_NUMBER_WORD = Phrases.of(" | ".join(NUMBER_WORDS), lower_case=True)
_PLAIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")  # letters, inner apostrophes and hyphens
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")  # a token: letters and digits, "'s" kept on
# Tags, emphasis, headings, and a list item's bullet (a finding quoted whole joins its items
# as one sentence: "particularly: vulnerable children ..."): a pattern.
_MARKUP_RE = re.compile(r"</?[a-z]+>|\*\*|__|(?<!\w)#+ |^[ \t]*[-•][ \t]+"
                        r"|(?<=\s)[■◼•▪●](?=\s)", re.M)  # ... and one inside a table cell
_CITE_RE = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")  # "[1]", "[1, 2]": a pattern
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

# A revisit verdict line: "The (local) area has (not) made sufficient progress ...".
VERDICT_RE = answer_vocabulary.VERDICT_LINE
OUTCOME_PHRASES = (
    "typically positive experiences and outcomes",
    "inconsistent experiences and outcomes",
    "widespread and/or systemic failings",
)
def clean_markup(text: str) -> str:
    """Drop markdown/HTML emphasis left by PDF conversion and collapse whitespace."""
    return " ".join(_MARKUP_RE.sub(" ", text.translate(QUOTES)).split())


def normalise(text: str) -> str:
    """Lower-cased, markup-free, single-spaced text: the form used for verbatim comparisons."""
    return clean_markup(text).lower()


def strip_citations(sentence: str) -> str:
    return _CITE_RE.sub("", sentence).strip()


def cited_numbers(sentence: str) -> list[int]:
    """Every [n] (or [n, m]) marker in a sentence, in order."""
    out: list[int] = []
    for group in _CITE_RE.findall(sentence):
        out.extend(int(x) for x in group.split(","))
    return out


_IRREGULAR = {"respons": "respond", "respondent": "respond"}  # responses / responded
# Words the stemmer would fold into a stopword: "settings" (schools, nurseries) is not "set".
_KEPT_APART = {"setting": "setting", "settings": "setting"}


def stem(word: str) -> str:
    """Snowball stem (core.text), with the few irregular forms it leaves apart mapped together
    and the few it would fold into a stopword kept apart."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word in _KEPT_APART:
        return _KEPT_APART[word]
    word = toolkit.stem(word)
    return _IRREGULAR.get(word, word)


@lru_cache(maxsize=8192)
def token_set(text: str) -> frozenset[str]:
    """Cached set form of tokens(): passages are scored many times per question."""
    return frozenset(tokens(text))


def tokens(text: str) -> list[str]:
    """Stemmed tokens after synonym mapping; stopwords kept (callers decide)."""
    low = normalise(text).replace("'s ", " ")
    for pattern, canonical in _SYNONYM_RES:
        low = pattern.sub(canonical, low)
    low = _NUMBER_WORD.sub(NUMBER_WORDS.__getitem__, low)
    return [stem(t.removesuffix("'s")) for t in _TOKEN_RE.findall(low)]


_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)
_VERDICT_STEMS = frozenset(stem(w) for w in VERDICT_WORDS)
_WEAK_STEMS = frozenset(stem(w) for w in WEAK_WORDS)


def term_weight(term: str) -> float:
    """How much a matching term counts: stopwords nothing, common corpus words little."""
    if term in _STOP_STEMS or len(term) < 2 or "'" in term:
        return 0.0  # (a contraction left after "'s" went: "don't", "we're", "i've")
    return 0.25 if term in _WEAK_STEMS else 1.0


def content_terms(text: str) -> set[str]:
    return {t for t in tokens(text) if term_weight(t) > 0}


def numbers_in(text: str) -> set[str]:
    """Numbers a sentence states (digits or number words), without thousands separators."""
    low = _NUMBER_WORD.sub(NUMBER_WORDS.__getitem__, normalise(text))
    return {n.replace(",", "").lstrip("0") or "0" for n in re.findall(r"\d[\d,]*%?", low)}  # digits


# Endings of ordinary words; a sentence's first word with one is not taken for a name.
_WORD_ENDINGS = ("ly", "ing", "ed", "tion", "sion", "ment", "ness", "ity", "ies", "ous", "ive",
                 "al", "ful", "ers", "ors")


def plain_words(text: str) -> list[str]:
    """The words of a text as written: letters, with inner apostrophes and hyphens."""
    return _PLAIN_WORD_RE.findall(text)


def names_in(sentence: str) -> set[str]:
    """Capitalised words that look like names (areas, people, services), lower-cased."""
    words = plain_words(clean_markup(sentence))
    out = set()
    for i, word in enumerate(words):
        low = word.lower().removesuffix("'s")
        if not word[0].isupper() or low in STOPWORDS or low in DOMAIN_NAMES:
            continue
        if i == 0 and (low in COMMON_STARTERS or low.endswith(_WORD_ENDINGS)):
            continue  # a capital that only starts the sentence: "Waiting times ...", "Currently"
        out.add(low)
    return out


def topic_terms(text: str) -> set[str]:
    """Strong content terms that are not verdict vocabulary: what a sentence is about."""
    return {t for t in content_terms(text) if term_weight(t) >= 1 and t not in _VERDICT_STEMS}


# --- sentences ---------------------------------------------------------------------------------

# Bullets and numbered items at a line's start, and bullets inside a line: patterns.
_BULLET_RE = re.compile(r"^\s*(?:[■◼•▪●*\-–]\s*)+|^\s*\d{1,2}\.(?:\d{1,2}\.?)*\s+(?=[A-Z'\"‘])")
_INLINE_BULLET_RE = re.compile(r"\s+[■◼•▪●]\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, whitespace-normalised and free of bullets and markup.

    Lines inside a paragraph are joined (PDF text breaks lines mid-sentence); a bullet or a blank
    line starts a new segment; a segment ending in ':' is joined to the next one so that
    "The initial inspection found:" stays with what it found.
    """
    return [s for paragraph in paragraphs(text) for s in paragraph]


def paragraphs(text: str) -> list[list[str]]:
    """The sentences of a passage (as `split_sentences` gives them) grouped by paragraph: a
    bullet or a blank line starts a new one."""
    return [said for segment in _segments(text) if (said := [s for s in _split_segment(segment)
                                                             if s])]


def bullets_after(text: str, sentence: str) -> list[str]:
    """The bulleted items a sentence of the passage introduces, when its line ends with it and
    bullets follow ("This inspection identified six areas of development." then "- 1. The
    timeliness ..."): each without its marker or number, a wrapped line joined to its item."""
    flat = " ".join(text.split())
    at = flat.find(sentence)
    if at < 0:
        return []
    need, end = len("".join(flat[:at + len(sentence)].split())), 0
    while need and end < len(text):  # the sentence's end in the text as written
        need -= not text[end].isspace()
        end += 1
    own, *after = text[end:].split("\n")
    if own.strip():
        return []  # another sentence follows on its line: the bullets, if any, are not its own
    return leading_bullets("\n".join(after))


def leading_bullets(text: str) -> list[str]:
    """The bulleted items a text opens with (blank lines between them allowed), each without its
    marker or number, a wrapped line joined to its item."""
    items: list[str] = []
    wrapped = False
    for line in text.split("\n"):
        head = line.strip(" -–•*").split(" ", 1)[0]
        if head.count(".") > 1 and head.replace(".", "").isdigit():
            break  # "1.2. RBWM and ...": a numbered paragraph of a paper, no item of a list
        if _BULLET_RE.match(line) and line.strip(" -–•*"):
            items.append(_BULLET_RE.sub("", clean_markup(line)).strip())
            wrapped = True
        elif line.strip() and wrapped and items:
            items[-1] = f"{items[-1]} {clean_markup(line).strip()}"
        elif line.strip():
            break
        else:
            wrapped = False
    return [i for i in items if i]


def _lines(text: str) -> list[tuple[str, bool]]:
    """(line, starts a new segment): table cells ("a | b") and inline bullets ("includes:
    • x • y") become lines of their own."""
    out: list[tuple[str, bool]] = []
    for raw in text.translate(QUOTES).splitlines():
        cells = raw.split(" | ")
        for cell in cells:
            first, *bullets = _INLINE_BULLET_RE.split(cell)
            out.append((first, len(cells) > 1 or bool(_BULLET_RE.match(first))))
            out.extend((f"- {b}", True) for b in bullets)
    return out


def _segments(text: str) -> list[str]:
    segments: list[tuple[str, bool]] = []  # (segment, opened by a bullet or a cell)
    current: list[str] = []
    opened = False
    for raw, new in _lines(text):
        line = clean_markup(raw)
        if (not line or new) and current:
            segments.append((" ".join(current), opened))
            current = []
        if line:
            opened = new if not current else opened
            current.append(_BULLET_RE.sub("", line).strip() if new else line)
    if current:
        segments.append((" ".join(current), opened))
    merged: list[str] = []
    for seg, bullet in segments:
        last = merged[-1][-1] if merged else ""
        broken = (last.islower() or last in ",;") and seg[0].islower() and not bullet
        if merged and (last == ":" or broken):  # "The initial inspection found:" + the finding;
            merged[-1] = f"{merged[-1]} {seg}"  # a sentence cut by a page break
        else:
            merged.append(seg)
    return merged


def _split_segment(segment: str) -> Iterable[str]:
    return toolkit.sentences(segment)  # pysbd: "e.g.", "No. 3", "Dr." and "1." do not end one
