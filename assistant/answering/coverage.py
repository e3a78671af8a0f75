"""'What documents do you have?': what the collection covers, read from the catalogue."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from core.dates import human
from core.models import Answer, Document

_KIND_NAMES = {
    "revisit_letter": ("revisit letter", "revisit letters"),
    "inspection_report": ("area SEND inspection report", "area SEND inspection reports"),
    "committee_report": ("council committee report", "council committee reports"),
    "briefing_note": ("council briefing note", "council briefing notes"),
    "other": ("other document", "other documents"),
}
MAX_AREAS_NAMED = 60


def coverage_answer(documents: Sequence[Document]) -> Answer:
    """How many documents of each kind, for which areas, from when to when."""
    if not documents:
        return Answer(answer="The collection is empty: no documents have been ingested yet.",
                      abstained=True, citations=[])
    kinds = Counter(d.doc_type for d in documents)
    parts = [f"{n} {_KIND_NAMES[k][n != 1]}" for k, n in kinds.most_common()]
    areas = sorted({d.area for d in documents})
    dates = sorted(d.date for d in documents if d.date)
    span = f", dated {human(dates[0])} to {human(dates[-1])}" if dates else ""
    named = ", ".join(areas[:MAX_AREAS_NAMED]) + (" and others" if len(areas) > MAX_AREAS_NAMED
                                                  else "")
    text = (f"The collection holds {len(documents)} documents about {len(areas)} local areas"
            f"{span}: {', '.join(parts)}. Areas: {named}. Ask about any of them, for example "
            "an area's inspection outcome, its findings on EHC plans, or what other areas did.")
    return Answer(answer=text, abstained=False, citations=[])
