"""Which local areas a question names: the ones the collection holds, and English ones it does not.

Names are matched on normalised tokens ("Windsor & Maidenhead", "stoke-on-trent", "Wokingham's"),
then short forms ("RBWM", "Worcs", "MK", "Brighton"), then close misspellings of the collection's
own areas ("Wokinham", "Middlesborough"). English local authorities outside the collection are
recognised exactly, so "Leeds" is reported as missing instead of answered from another area.
The reference list is public data (upper-tier, unitary and metropolitan councils and London
boroughs, 2023), not inspection content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.text import closest


def wordset(text: str) -> frozenset[str]:
    """A set of words written as one string (keeps long word lists readable)."""
    return frozenset(text.split())


ENGLISH_LOCAL_AUTHORITIES: tuple[str, ...] = (
    # London boroughs and the City of London
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "City of London",
    "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey",
    "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea",
    "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest",
    "Wandsworth", "Westminster",
    # metropolitan districts
    "Barnsley", "Birmingham", "Bolton", "Bradford", "Bury", "Calderdale", "Coventry",
    "Doncaster", "Dudley", "Gateshead", "Kirklees", "Knowsley", "Leeds", "Liverpool",
    "Manchester", "Newcastle upon Tyne", "North Tyneside", "Oldham", "Rochdale", "Rotherham",
    "Salford", "Sandwell", "Sefton", "Sheffield", "Solihull", "South Tyneside", "St Helens",
    "Stockport", "Sunderland", "Tameside", "Trafford", "Wakefield", "Walsall", "Wigan", "Wirral",
    "Wolverhampton",
    # county councils
    "Cambridgeshire", "Derbyshire", "Devon", "East Sussex", "Essex", "Gloucestershire",
    "Hampshire", "Hertfordshire", "Kent", "Lancashire", "Leicestershire", "Lincolnshire",
    "Norfolk", "Nottinghamshire", "Oxfordshire", "Staffordshire", "Suffolk", "Surrey",
    "Warwickshire", "West Sussex", "Worcestershire", "Cumbria",
    # unitary authorities
    "Bath and North East Somerset", "Bedford", "Blackburn with Darwen", "Blackpool",
    "Bournemouth, Christchurch and Poole", "Bracknell Forest", "Brighton and Hove", "Bristol",
    "Buckinghamshire", "Central Bedfordshire", "Cheshire East", "Cheshire West and Chester",
    "Cornwall", "Cumberland", "Darlington", "Derby", "Dorset", "County Durham",
    "East Riding of Yorkshire", "Halton", "Hartlepool", "Herefordshire", "Isle of Wight",
    "Isles of Scilly", "Kingston upon Hull", "Leicester", "Luton", "Medway", "Middlesbrough",
    "Milton Keynes", "North East Lincolnshire", "North Lincolnshire", "North Northamptonshire",
    "North Somerset", "North Yorkshire", "Northumberland", "Nottingham", "Peterborough",
    "Plymouth", "Portsmouth", "Reading", "Redcar and Cleveland", "Rutland", "Shropshire",
    "Slough", "Somerset", "South Gloucestershire", "Southampton", "Southend-on-Sea",
    "Stockton-on-Tees", "Stoke-on-Trent", "Swindon", "Telford and Wrekin", "Thurrock", "Torbay",
    "Warrington", "West Berkshire", "West Northamptonshire", "Westmorland and Furness",
    "Wiltshire", "Windsor and Maidenhead", "Wokingham", "York",
)  # fmt: skip

# Short forms people use -> the names they stand for (used only for names that are present).
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "rbwm": ("Windsor and Maidenhead",), "royal borough of windsor": ("Windsor and Maidenhead",),
    "worcs": ("Worcestershire",), "worcester": ("Worcestershire",),
    "b and d": ("Barking and Dagenham",), "lbbd": ("Barking and Dagenham",),
    "mk": ("Milton Keynes",), "herts": ("Hertfordshire",), "hertford": ("Hertfordshire",),
    "notts": ("Nottinghamshire",), "oxon": ("Oxfordshire",), "oxford": ("Oxfordshire",),
    "glos": ("Gloucestershire",), "gloucester": ("Gloucestershire",),
    "derbys": ("Derbyshire",), "hereford": ("Herefordshire",), "west northants": (
        "West Northamptonshire",), "north yorks": ("North Yorkshire",),
    "n yorks": ("North Yorkshire",), "e sussex": ("East Sussex",), "w sussex": ("West Sussex",),
    "sussex": ("East Sussex", "West Sussex"), "stoke": ("Stoke-on-Trent",),
    "hull": ("Kingston upon Hull",), "bcp": ("Bournemouth, Christchurch and Poole",),
    "bournemouth": ("Bournemouth, Christchurch and Poole",), "poole": (
        "Bournemouth, Christchurch and Poole",), "durham": ("County Durham",),
    "southend": ("Southend-on-Sea",), "stockton": ("Stockton-on-Tees",),
    "newcastle": ("Newcastle upon Tyne",), "banes": ("Bath and North East Somerset",),
    "bath": ("Bath and North East Somerset",), "manchester city": ("Manchester",),
    # county short forms, for the counties the collection lacks too ("has bucks been inspected?")
    "bucks": ("Buckinghamshire",), "lancs": ("Lancashire",), "leics": ("Leicestershire",),
    "lincs": ("Lincolnshire",), "staffs": ("Staffordshire",), "wilts": ("Wiltshire",),
    "cambs": ("Cambridgeshire",), "hants": ("Hampshire",), "warks": ("Warwickshire",),
    "northants": ("North Northamptonshire", "West Northamptonshire"),
    # the names people call their towns by
    "darlo": ("Darlington",), "boro": ("Middlesbrough",), "brum": ("Birmingham",),
    "wolves": ("Wolverhampton",), "the wirral": ("Wirral",),
}  # fmt: skip
# Words that are also ordinary English: matched as a name only when written with a capital.
_CAPITAL_ONLY = frozenset({"reading", "bury", "bath", "sutton", "slough", "harrow", "brent"})
# First words too generic to stand for a whole name ("West" Sussex, "City" of London).
_GENERIC = wordset(
    "north south east west central city county isle isles royal greater new tower forest "
    "st the of and upon on with"
)
FUZZY_CUTOFF = 0.85  # rapidfuzz ratio (0-1) for a misspelling of a collection area ("Wokinham")
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+|&")  # an area name's words, "&" kept: a pattern
# Capitalised words that start a sentence or name a kind of council, not a place.
_NOT_PLACES = wordset(
    "the this that our my your their a an each every which what did does do has have had was is "
    "were are how why when where whose local town parish county city borough district children "
    "youth young shadow labour conservative and or for in at by of"
)
# "Manchester City Council": capitalised words before "Council" (a pattern; question_terms reads
# it too)
COUNCIL_RE = re.compile(
    r"\b((?:[A-Z][a-z]+ )*[A-Z][a-z]+)(?:'s)? (?:City |Borough |County |District )?Council\b"
)


@dataclass(frozen=True)
class Mention:
    name: str  # canonical name: the collection's spelling for known areas
    start: int  # character span in the text
    end: int
    known: bool  # the collection holds documents about it


def area_key(name: str) -> str:
    """'Stoke-on-Trent' and 'stoke on trent' -> 'stoke on trent'; '&' counts as 'and'."""
    return " ".join(tok for tok, _, _ in _tokens(name))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        tok = "and" if m.group() == "&" else m.group().lower()
        out.append((tok, m.start(), m.end()))
    return out


@lru_cache(maxsize=32)
def _table(known: tuple[str, ...]) -> dict[tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """Token phrase -> (name, known) for full names, short forms and distinctive single words."""
    known_keys = {area_key(a): a for a in known}
    others = [a for a in ENGLISH_LOCAL_AUTHORITIES if area_key(a) not in known_keys]
    names: dict[str, tuple[str, bool]] = {area_key(a): (a, False) for a in others}
    names.update({k: (a, True) for k, a in known_keys.items()})
    table: dict[tuple[str, ...], tuple[tuple[str, bool], ...]] = {
        tuple(k.split()): (v,) for k, v in names.items()
    }
    for word, key in _distinctive_words(list(names)).items():
        table.setdefault((word,), (names[key],))
    for short, targets in SHORT_FORMS.items():
        hits = tuple(names[area_key(t)] for t in targets if area_key(t) in names)
        if hits:
            table[tuple(short.split())] = hits
    return table


def _distinctive_words(keys: list[str]) -> dict[str, str]:
    """'brighton' and 'hove' for 'brighton and hove': words that stand for one name only."""
    owners: dict[str, set[str]] = {}
    for key in keys:
        words = key.split()
        if len(words) < 2:
            continue
        parts = [words[0]] + [words[i + 1] for i, w in enumerate(words[:-1]) if w == "and"]
        for word in parts:
            owners.setdefault(word, set()).add(key)
    singles = {k for k in keys if " " not in k}
    return {
        w: next(iter(ks)) for w, ks in owners.items()
        if len(ks) == 1 and len(w) >= 4 and w not in _GENERIC and w not in singles
    }  # fmt: skip


def find_areas(text: str, known_areas: Sequence[str]) -> list[Mention]:
    """Every area the text names, in order; longest name wins where names overlap."""
    table = _table(tuple(sorted(set(known_areas))))
    longest = max((len(k) for k in table), default=1)
    toks = _tokens(text)
    out: list[Mention] = []
    i = 0
    fuzzy = _fuzzy_index(tuple(sorted(set(known_areas))))
    while i < len(toks):
        found = _exact(table, toks, i, longest, text) or _fuzzy(toks, i, fuzzy)
        if found and not any(known for _, known in found[1]) and _health_body(toks, i, found[0]):
            i += found[0]
            continue
        if found:
            n, hits = found
            start, end = toks[i][1], toks[i + n - 1][2]
            out.extend(Mention(name, start, end, known) for name, known in hits)
            i += n
        else:
            i += 1
    out.extend(_councils(text, out))
    return out


Found = tuple[int, tuple[tuple[str, bool], ...]]
# "NHS Greater Manchester ICB" names a health body, not the area Manchester the collection
# lacks (a body named after an area the collection holds still points to that area).
_BODY_BEFORE = frozenset({"nhs", "greater"})
_BODY_AFTER = frozenset({"icb", "ccg", "integrated", "clinical", "trust"})


def _health_body(toks: list[tuple[str, int, int]], i: int, n: int) -> bool:
    before = toks[i - 1][0] if i else ""
    after = toks[i + n][0] if i + n < len(toks) else ""
    return before in _BODY_BEFORE or after in _BODY_AFTER


# After a verb, an object follows ("bury the hatchet", "reading it"); after a place name, not.
_OBJECTS = frozenset({"the", "a", "an", "it", "them", "him", "her", "my", "our", "their", "your",
                      "this", "that", "these", "those", "up", "through"})


def _placed(toks: list[tuple[str, int, int]], i: int, text: str) -> bool:
    """An ordinary word written lower-case is a place unless it is used as a verb (asked of
    the collection's own areas only: "interested in reading" must not become Reading). A verb's
    object never follows a sentence's end ("any better in bury? my sister lives there")."""
    end = toks[i][2]
    if end < len(text) and text[end] in "?.!,;:":
        return True
    after = toks[i + 1][0] if i + 1 < len(toks) else ""
    return after not in _OBJECTS


def _exact(table: dict[tuple[str, ...], tuple[tuple[str, bool], ...]],
           toks: list[tuple[str, int, int]], i: int, longest: int, text: str) -> Found | None:
    for n in range(min(longest, len(toks) - i), 0, -1):
        words = tuple(t for t, _, _ in toks[i : i + n])
        hits = table.get(words)
        if hits is None:
            continue
        if n == 1 and words[0] in _CAPITAL_ONLY and not text[toks[i][1]].isupper() \
                and not (_placed(toks, i, text) and any(known for _, known in hits)):
            continue
        return n, hits
    return None


FuzzyIndex = tuple[dict[str, str], dict[tuple[str, int], list[str]]]


@lru_cache(maxsize=32)
def _fuzzy_index(known: tuple[str, ...]) -> FuzzyIndex:
    """Area keys -> names, and the keys by first letter and word count: built once per set of
    areas, not per word of every question (that cost 0.17 s a question at 10x the corpus)."""
    keys = {area_key(a): a for a in known}
    groups: dict[tuple[str, int], list[str]] = {}
    for k in keys:
        if k:
            groups.setdefault((k[0], k.count(" ")), []).append(k)
    return keys, groups


def _fuzzy(toks: list[tuple[str, int, int]], i: int, index: FuzzyIndex) -> Found | None:
    """A close misspelling of an area the collection holds, over 1 to 4 tokens."""
    keys, groups = index
    for n in range(min(4, len(toks) - i), 0, -1):
        phrase = " ".join(t for t, _, _ in toks[i : i + n])
        if len(phrase) < 6 or phrase in _GENERIC:
            continue
        same_start = groups.get((phrase[0], n - 1), [])
        match = closest(phrase, same_start, FUZZY_CUTOFF)
        if match:
            return n, ((keys[match], True),)
    return None


def _councils(text: str, seen: list[Mention]) -> list[Mention]:
    """'Basingstoke Council': a council the reference list lacks is still a named area."""
    out = []
    for m in COUNCIL_RE.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_PLACES:
            words = words[1:]
        if not words or any(s.start < m.end() and m.start() < s.end for s in seen):
            continue
        name = " ".join(words)
        out.append(Mention(name, m.end(1) - len(name), m.end(1), False))
    return out
