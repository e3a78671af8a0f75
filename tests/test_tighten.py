"""A long list is brought within the words a reader is given by cutting its quotations, never
its rows: each cut quotation stays verbatim and passes the verifier. Test wording, not reports'."""

from __future__ import annotations

import re

from assistant.grounding.tighten import MIN_QUOTE_WORDS, cut_quote, fitted
from assistant.grounding.verify import verify
from core.models import Answer, Citation

ROWS = [
    "Leaders across the partnership should reduce the time families in Testshire wait for "
    "occupational therapy assessments and tell them how long the wait will be.",
    "Leaders across the partnership should make sure that children and young people with SEND "
    "who are missing education are found quickly and offered a suitable school place.",
    "Health leaders must shorten the waits for wheelchair and specialist seating assessments "
    "for children and young people with SEND across the whole county of Testshire.",
    "Area leaders need to ensure that there is a joint commissioning plan for short breaks "
    "based on an accurate assessment of what children and young people with SEND need.",
    "Area leaders need to improve how EHC plans are written so that each plan describes the "
    "child's needs, the help they will get and who will provide that help, in plain words.",
    "Leaders across the partnership should improve the information on the local offer so that "
    "families in Testshire can find the services for children and young people with SEND.",
]
OUTCOME = ("The local area partnership's arrangements lead to inconsistent experiences and "
           "outcomes for children and young people with special educational needs.")


def cite(n: int, text: str) -> Citation:
    return Citation(n=n, chunk_id=f"c{n}", doc_id="d", title="Testshire report", area="Testshire",
                    doc_type="inspection_report", date="2024-01-01", text=text, score=1.0)


def listing() -> Answer:
    rows = " ".join(f"“{row}” [{n}];" for n, row in enumerate(ROWS, start=2))
    text = (f"Testshire's report found: “{OUTCOME}” [1] It sets {len(ROWS)} areas for "
            f"improvement: {rows}")
    return Answer(answer=text, abstained=False,
                  citations=[cite(1, OUTCOME), *(cite(n, r) for n, r in enumerate(ROWS, 2))])


def test_a_long_list_fits_with_every_row_still_listed_and_verified() -> None:
    answer = listing()
    assert len(answer.answer.split()) > 150
    short = fitted(answer, 150)
    assert len(short.answer.split()) <= 150
    assert re.findall(r"\[(\d+)\]", short.answer) == [str(n) for n in range(1, len(ROWS) + 2)]
    assert verify(short, None) == short  # every cut quotation is still in its passage


def test_the_first_quotation_stays_whole_when_the_rest_can_fit() -> None:
    short = fitted(listing(), 150)
    assert f"“{OUTCOME}”" in short.answer


def test_quotations_joined_into_the_opening_claim_stay_whole_too() -> None:
    """ "What comes next: “...” [1] and “...” [1]" is one claim: the answer asked for."""
    plan = ("As a result of this inspection, the chief inspector requires the Testshire "
            "partnership to prepare and submit a priority action plan for its priority actions.")
    answer = listing()
    opening = f"What comes next, in the document's words: “{OUTCOME}” [1] and “{plan}” [1] "
    answer = answer.model_copy(update={
        "answer": opening + answer.answer,
        "citations": [cite(1, f"{OUTCOME} {plan}"), *answer.citations[1:]]})
    short = fitted(answer, 190)
    assert short.answer.startswith(opening), short.answer
    assert len(short.answer.split()) <= 190 and "[7]" in short.answer
    # a full stop after the mark ends it too: the sentence after it is cut like the rows
    stopped = answer.model_copy(update={"answer": answer.answer.replace("[1] Testshire's",
                                                                       "[1]. Testshire's")})
    assert f"“{OUTCOME}”" not in fitted(stopped, 190).answer.split("[1].", 2)[-1]


def test_the_opening_every_recommendation_shares_goes_first() -> None:
    short = fitted(listing(), 150)
    assert "Leaders across the partnership should" not in short.answer
    assert "Area leaders need to" not in short.answer


def test_a_cut_keeps_the_words_that_say_most() -> None:
    row = ("... make sure that children and young people with SEND who are missing education "
           "are found quickly")
    cut = cut_quote(row, MIN_QUOTE_WORDS)
    assert "missing education" in cut
    assert len(cut.replace("...", "").split()) == MIN_QUOTE_WORDS
    assert all(part.strip() in row for part in cut.split("...") if part.strip())


def test_an_answer_within_its_words_is_left_alone() -> None:
    answer = Answer(answer=f"Testshire's report found: “{OUTCOME}” [1]", abstained=False,
                    citations=[cite(1, OUTCOME)])
    assert fitted(answer, 150) == answer


def test_a_list_too_long_to_fit_keeps_its_first_quotation_whole() -> None:
    answer = listing()
    many = answer.model_copy(update={"answer": answer.answer + " " + " ".join(
        f"“{row}” [{n}];" for n, row in enumerate(ROWS, start=2))})
    short = fitted(many, 60)
    assert f"“{OUTCOME}”" in short.answer
    assert len(short.answer.split()) < len(many.answer.split())
