"""One verifier for every answer: claims without support are dropped, answers stay short."""

from __future__ import annotations

from assistant.grounding.verify import NOTHING_LEFT, claims_of, verify
from core.models import Answer, Citation

PASSAGE = ("The partnership has opened a drop-in hub for families. Waiting times for speech "
           "therapy have fallen from 40 weeks to 18 weeks.")


def cite(n: int, text: str = PASSAGE) -> Citation:
    return Citation(n=n, chunk_id=f"c{n}", doc_id="d", title="Test report", area="Testshire",
                    doc_type="inspection_report", date="2024-01-01", text=text, score=1.0)


def test_a_verbatim_claim_is_kept_and_an_invented_one_dropped() -> None:
    answer = Answer(answer="Waiting times for speech therapy have fallen from 40 weeks to 18 "
                    "weeks. [1] The council hired 300 new therapists last spring. [2]",
                    abstained=False, citations=[cite(1), cite(2)])
    checked = verify(answer)
    assert "18 weeks" in checked.answer
    assert "300" not in checked.answer
    assert [c.n for c in checked.citations] == [1]


def test_a_quotation_must_be_in_the_cited_passage() -> None:
    good = Answer(answer="The report says: “The partnership has opened a drop-in hub for "
                  "families.” [1]", abstained=False, citations=[cite(1)])
    bad = Answer(answer="The report says: “The partnership has closed its hub.” [1]",
                 abstained=False, citations=[cite(1)])
    assert verify(good) == good
    assert verify(bad).abstained
    assert verify(bad).answer == NOTHING_LEFT


def test_framing_is_kept_only_with_cited_claims_after_it() -> None:
    answer = Answer(answer="Testshire's report names one scheme: “The partnership has opened a "
                    "drop-in hub for families.” [1]", abstained=False, citations=[cite(1)])
    claims = claims_of(answer)
    assert len(claims) == 1 and claims[0].cites == (1,)


def test_long_answers_are_cut_to_whole_claims_unless_everything_was_asked_for() -> None:
    def sentence(n: int) -> str:
        return f"Waiting times for speech therapy have fallen from 40 weeks to {n} weeks."

    text = " ".join(f"{sentence(n)} [{n}]" for n in range(1, 16))  # 15 claims of 13 words
    answer = Answer(answer=text, abstained=False,
                    citations=[cite(n, sentence(n)) for n in range(1, 16)])
    short = verify(answer)
    assert len(short.answer.split()) <= 150
    assert "ask for the full list" in short.answer
    assert verify(answer, max_words=None) == answer


def test_a_claim_quoting_only_what_was_quoted_before_is_dropped() -> None:
    answer = Answer(
        answer="The report says: “The partnership has opened a drop-in hub for families.” [1] "
               "Waiting times for speech therapy have fallen from 40 weeks to 18 weeks. [1] "
               "It repeats: “The partnership has opened a drop-in hub for families.” [2]",
        abstained=False, citations=[cite(1), cite(2)])
    checked = verify(answer)
    assert checked.answer.count("drop-in hub") == 1
    assert "18 weeks" in checked.answer and [c.n for c in checked.citations] == [1]


def test_the_same_words_from_two_documents_are_both_kept() -> None:
    north, south = cite(1), cite(2).model_copy(update={"doc_id": "other", "area": "Southvale"})
    answer = Answer(
        answer="Testshire: “The partnership has opened a drop-in hub for families.” [1] "
               "Southvale: “The partnership has opened a drop-in hub for families.” [2]",
        abstained=False, citations=[north, south])
    assert verify(answer) == answer
