"""The questions the benchmarks ask: the kinds people ask, over areas of the real corpus."""

from __future__ import annotations

QUESTIONS = (
    "Did Wokingham make sufficient progress on transition to adulthood?",
    "How long do families wait for an EHC plan?",
    "Which areas had widespread and/or systemic failings?",
    "What did inspectors say about co-production with parents?",
    "Are annual reviews of EHC plans done on time in Wandsworth?",
    "Is there enough specialist school provision in Worcestershire?",
    "What are the areas for priority action in Bolton?",
    "How is the local area partnership tackling waiting times for autism assessment?",
    "What did the scrutiny committee in Windsor and Maidenhead discuss?",
    "Which areas were judged to have typically positive experiences and outcomes?",
    "How well do health services contribute to EHC plans?",
    "What happens to children on part-time timetables?",
    "What support is there for preparing for adulthood?",
    "How do leaders use data to track outcomes for children with SEND?",
    "Were speech and language therapy waiting lists too long?",
    "What did parents say about communication from the council?",
    "How are children missing education monitored?",
    "What is the role of the designated clinical officer?",
    "Which weaknesses did not make sufficient progress in Wokingham?",
    "How does the area identify needs early in the early years?",
)


def pct(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank) of the values, None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary_ms(seconds: list[float]) -> dict[str, float | int | None]:
    """p50/p95/p99/max in milliseconds and the count."""
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), **{f"p{int(q * 100)}": (round(v) if (v := pct(ms, q)) is not None
                                                 else None) for q in (0.5, 0.95, 0.99)},
            "max": round(max(ms)) if ms else None}
