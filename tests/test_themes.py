"""The theme vocabulary and the keyword classifier (table-driven)."""

from __future__ import annotations

import pytest

from core.themes import FALLBACK, THEME_LABELS, THEMES, classify_theme, theme_label, theme_scores

# Wording taken from corpus findings (and a few plain phrases), with the theme an officer
# comparing areas would file it under.
CASES = [
    ("There were weaknesses in the timeliness and quality of EHC plans.", "ehc_plans"),
    ("Leaders must urgently improve the planning and assessment arrangements for education, "
     "health and care (EHC) plans", "ehc_plans"),
    ("The area had an underdeveloped pathway to enable young people with SEND to make a "
     "successful transition to adulthood.", "transitions"),
    ("Leaders should improve their strategic approach to preparation for adulthood", "transitions"),
    ("There was lack of co-production at a strategic level to inform effective co-production "
     "at all levels.", "coproduction"),
    ("there were fragile relationships with parents and carers and a lack of meaningful "
     "engagement and coproduction and collaboration.", "coproduction"),
    ("poor joint commissioning arrangements that limit leaders' ability to ensure that there "
     "are adequate services to meet local area needs.", "joint_commissioning"),
    ("Area leaders need to ensure that there is a partnership commissioning agreement in place "
     "based on a thorough joint strategic needs assessment.", "joint_commissioning"),
    ("There was a lack of well-coordinated and effectively joined-up work across education, "
     "health and social care.", "joined_up_working"),
    ("The area lacked a clearly communicated co-produced strategy and accompanying action "
     "plans", "strategy_leadership"),
    ("weaknesses in how leaders are held to account across the local area.",
     "strategy_leadership"),
    ("there was variation in the skills and commitment of some mainstream schools to provide "
     "effective support for children with SEND.", "mainstream_inclusion"),
    ("there was a lack of suitable specialist provision to meet the identified needs of "
     "children and young people.", "specialist_provision"),
    ("Leaders must continue to develop their oversight and commissioning arrangements of "
     "suitable alternative provision", "specialist_provision"),
    ("Leaders across the partnership should continue to address long waiting times for "
     "children and young people requesting support from health services.", "waiting_times"),
    ("There were weaknesses in the quality of management information to inform accurate "
     "evaluation", "management_information"),
    ("the quality of the local offer was not fit for purpose.", "local_offer"),
    ("there were disproportionate numbers of children and young people with SEND who had been "
     "permanently excluded from school.", "exclusions_attendance"),
    ("the academic outcomes, behaviour and attendance of children and young people with SEND "
     "were poor.", "exclusions_attendance"),
    ("there were safeguarding concerns around: the use of long-term part-time timetables; and "
     "children taken off roll and missing education.", "safeguarding"),
    ("Leaders across the partnership should work collaboratively and effectively to improve the "
     "early identification of children and young people's SEND", "identification"),
    ("Leaders in health should ensure there is clear oversight of children and young people as "
     "they move through the emotional well-being and mental health support systems",
     "health_services"),
    ("Partnership leaders should improve communication with families, beyond the formal "
     "consultation routes", "communication"),
    ("Leaders across the partnership should work collaboratively to create a partnership-wide "
     "workforce development strategy.", "workforce"),
    ("The weather was pleasant on the day of the visit.", FALLBACK),
    ("", FALLBACK),
]


@pytest.mark.parametrize(("text", "theme"), CASES)
def test_classify_theme(text: str, theme: str) -> None:
    assert classify_theme(text) == theme, theme_scores(text)


def test_vocabulary_is_small_and_labelled() -> None:
    assert 12 <= len(THEMES) <= 20
    assert FALLBACK in THEMES
    for slug in THEMES:
        assert slug == slug.lower() and " " not in slug
        assert theme_label(slug) == THEME_LABELS[slug] and theme_label(slug)
    required = {"strategy_leadership", "ehc_plans", "coproduction", "joint_commissioning",
                "joined_up_working", "transitions", "mainstream_inclusion",
                "specialist_provision", "waiting_times", "management_information",
                "local_offer", "exclusions_attendance", "safeguarding"}
    assert required <= set(THEMES)


def test_every_theme_is_reachable() -> None:
    assert {theme for _, theme in CASES} == set(THEMES)


def test_the_winner_is_the_best_score_and_ties_follow_the_vocabulary_order() -> None:
    text = "EHC plans and preparation for adulthood"
    scores = theme_scores(text)
    assert classify_theme(text) == max(scores, key=lambda t: (scores[t], -THEMES.index(t)))
    tie = "local offer; safeguarding"  # 5 points each: the theme listed first wins
    assert theme_scores(tie)["local_offer"] == theme_scores(tie)["safeguarding"]
    assert classify_theme(tie) == "safeguarding"


def test_deterministic_and_case_insensitive() -> None:
    text = "Waiting times for speech and language therapy were too long."
    assert {classify_theme(text) for _ in range(5)} == {"waiting_times"}
    assert classify_theme(text.upper()) == "waiting_times"
