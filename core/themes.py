"""A small fixed vocabulary of themes, so officers can compare findings across areas.

classify_theme() is a weighted keyword vote: every rule is a regex with a weight, the theme with
the highest total wins, ties go to the theme listed first. Deterministic and easy to explain
(theme_scores() shows the vote).
"""

from __future__ import annotations

import re

# slug -> human label. Order matters: it breaks ties.
THEME_LABELS: dict[str, str] = {
    "safeguarding": "Safeguarding",
    "ehc_plans": "EHC plans and assessment",
    "transitions": "Transitions and preparation for adulthood",
    "specialist_provision": "Specialist and alternative provision",
    "joint_commissioning": "Joint commissioning",
    "coproduction": "Co-production and the voice of families",
    "management_information": "Management information and evaluation",
    "local_offer": "Local offer",
    "exclusions_attendance": "Exclusions and attendance",
    "waiting_times": "Waiting times and therapies",
    "health_services": "Health services",
    "mainstream_inclusion": "Inclusion in mainstream schools",
    "identification": "Identification of needs",
    "joined_up_working": "Joined-up working",
    "communication": "Communication with families",
    "workforce": "Workforce and training",
    "strategy_leadership": "Strategy and leadership",
    "other": "Other",
}
THEMES: tuple[str, ...] = tuple(THEME_LABELS)
FALLBACK = "other"

# (pattern, weight) per theme; patterns are matched case-insensitively on word boundaries.
_RULES: dict[str, list[tuple[str, float]]] = {
    "safeguarding": [
        (r"safeguard\w*", 5), (r"child protection", 4), (r"off[- ]roll", 2), (r"vulnerab\w+", 1),
    ],
    "ehc_plans": [
        (r"ehc ?plans?|ehcps?|education, health and care (?:plans?|planning)", 4), (r"ehc\b", 2),
        (r"annual reviews?", 2), (r"needs assessments?|ehcna", 2),
        (r"statutory (?:timescales?|time ?frames?|timelines?)|20-week", 2),
    ],
    "transitions": [
        (r"transitions?", 3), (r"(?:preparation|preparing) for adulthood|pfa", 4),
        (r"adulthood|adult (?:services|life|health)", 2), (r"18-25|19 (?:and|to) 25|16-25", 2),
        (r"post-16", 1),
    ],
    "joint_commissioning": [
        (r"joint(?:ly)? commission\w*", 5), (r"commission(?:ing|ers?|ed)", 2),
        (r"commissioning (?:agreement|arrangements|strategy|of services)", 2),
    ],
    "coproduction": [
        (r"co-?produc\w*", 3), (r"parent carer forum|parents? and carers? forum", 2),
        (r"(?:meaningful )?engagement with parents|relationships with parents", 2),
        (r"voices?|views? of (?:the )?(?:children|young people|families|parents)", 3),
    ],
    "management_information": [
        (r"management information", 5), (r"\bdata\b|dashboards?", 2),
        (r"performance (?:information|data|measures)", 2), (r"evaluat\w*", 2), (r"analys\w+", 1),
        (r"evaluat\w+ (?:the )?(?:quality|impact|effectiveness)", 3),
        (r"(?:track|monitor|measure)\w* (?:the )?(?:outcomes|impact|progress)", 4),
    ],
    "local_offer": [(r"local offer", 5)],
    "exclusions_attendance": [
        (r"exclu(?:ded|sions?)|suspensions?", 5), (r"attendance", 3),
        (r"part-time timetables?", 2), (r"missing (?:from )?education", 2), (r"eotas", 2),
    ],
    "waiting_times": [
        (r"waiting (?:times?|lists?)|waits?\b|waiting well", 4),
        (r"therap(?:y|ies)|speech and language|physiotherapy", 2),
        (r"neuro-?developmental|neurodiverse|neurodisability|adhd|autism|diagnos\w*", 2),
        (r"speech,? (?:language and communication|communication and language)", 4),
    ],
    "health_services": [
        (r"health (?:services?|needs|provision|pathways?|contributions?)", 2),
        (r"mental health|camhs|wheelchair\w*|paediatric\w*", 2),
        (r"antenatal|ante natal|healthy child programme|health visit\w*", 2),
    ],
    "specialist_provision": [
        (r"specialist (?:provision|places|placements|settings|school)", 4),
        (r"special school", 3), (r"alternative provision|\bap\b", 4), (r"sufficiency", 2),
        (r"placements?", 1),
    ],
    "mainstream_inclusion": [
        (r"mainstream", 3), (r"inclusi(?:ve|on)", 2), (r"graduated (?:response|approach)", 2),
        (r"sen support|sencos?", 1),
    ],
    "identification": [
        (r"identif\w+ (?:of )?(?:the )?(?:children\S* )?(?:and young people\S* )?"
         r"(?:sen\w* )?needs?", 4),
        (r"early identification|earliest (?:opportunity|point)", 3), (r"identification\b", 2),
        (r"antenatal|ante natal|healthy child programme|health visitor|mandated (?:checks|contact)",
         3),
        (r"learning disability", 2),
    ],
    "joined_up_working": [
        (r"joined[- ]up|joint(?:ly)? work\w*", 4), (r"multi-?agency", 2),
        (r"information[- ]sharing|shar\w+ information", 2),
        (r"well-coordinated|coordinat\w+|partnership working", 2),
    ],
    "communication": [
        (r"communicat\w*", 3), (r"parents'? confidence|trust in the", 2), (r"complaints?", 1),
    ],
    "workforce": [(r"workforce", 4), (r"training", 2), (r"staff turnover|recruit\w*", 2)],
    "strategy_leadership": [
        (r"strateg\w*", 3), (r"leadership", 3), (r"governance", 3),
        (r"action plans?|improvement plans?", 2), (r"(?:held|hold\w*) to account|accountab\w*", 3),
        (r"implement\w* the (?:send )?reforms", 2), (r"oversight", 1),
    ],
}
_COMPILED: dict[str, list[tuple[re.Pattern[str], float]]] = {
    theme: [(re.compile(rf"\b(?:{pat})", re.IGNORECASE), w) for pat, w in rules]
    for theme, rules in _RULES.items()
}


def theme_label(slug: str) -> str:
    """Human label of a theme slug (the slug itself when unknown)."""
    return THEME_LABELS.get(slug, slug)


def theme_scores(text: str) -> dict[str, float]:
    """The weighted keyword vote per theme (only themes that scored)."""
    scores: dict[str, float] = {}
    for theme, rules in _COMPILED.items():
        total = sum(w * len(pat.findall(text)) for pat, w in rules)
        if total:
            scores[theme] = total
    return scores


def classify_theme(text: str) -> str:
    """The best-scoring theme of `text`; FALLBACK when no rule matches."""
    scores = theme_scores(text)
    if not scores:
        return FALLBACK
    best = max(scores.values())
    return next(t for t in THEMES if scores.get(t) == best)
