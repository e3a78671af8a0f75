"""The versioned known-answer cases: schema, loading and the file hash reports record."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.models import Turn

CASES_DIR = Path(__file__).resolve().parent / "cases"
# The newest version; older files stay so the reports that used them can be re-run.
DEFAULT_CASES = CASES_DIR / "v3.jsonl"

Persona = Literal["parent", "councillor", "officer"]
Shape = Literal[
    "verdict", "date", "count", "list", "summary", "cross_area", "false_premise", "unanswerable",
    "fact", "practice",
]


class AlsoSource(BaseModel):
    """A further document that also proves a cross-area answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    evidence: str


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: int = Field(ge=1)
    persona: Persona
    shape: Shape
    question: str = Field(min_length=3)
    history: list[Turn] = Field(default_factory=list)
    answerable: bool
    must_match: list[str] = Field(default_factory=list)
    evidence: str = ""
    expected_source: str = ""
    notes: str = ""
    also: list[AlsoSource] = Field(default_factory=list)

    @field_validator("must_match")
    @classmethod
    def _regexes_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
        return patterns

    @model_validator(mode="after")
    def _answerable_has_proof(self) -> EvalCase:
        if self.answerable and not (self.must_match and self.evidence and self.expected_source):
            raise ValueError("an answerable case needs must_match, evidence and expected_source")
        if not self.answerable and (self.evidence or self.expected_source or self.also):
            raise ValueError("an unanswerable case has no evidence or expected source")
        if self.shape == "unanswerable" and self.answerable:
            raise ValueError("shape 'unanswerable' requires answerable: false")
        return self

    @property
    def sources(self) -> list[str]:
        """Every file that proves the answer (the expected one first)."""
        return [self.expected_source, *(a.source for a in self.also)]

    @property
    def evidences(self) -> list[str]:
        return [self.evidence, *(a.evidence for a in self.also)]


class CaseFileError(ValueError):
    """A cases file that cannot be read or does not follow the schema."""


def load_cases(path: Path | None = None) -> list[EvalCase]:
    """Read a JSONL cases file; raise CaseFileError naming the line that is wrong."""
    path = path or DEFAULT_CASES
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CaseFileError(f"cannot read cases file {path}: {exc}") from exc
    cases: list[EvalCase] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(EvalCase.model_validate_json(line))
        except ValidationError as exc:
            raise CaseFileError(f"{path.name} line {number}: {exc}") from exc
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CaseFileError(f"{path.name}: duplicate case ids {duplicates}")
    return cases


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
