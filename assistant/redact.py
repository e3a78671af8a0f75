"""Personal data out of what we keep: emails, phone numbers, dates of birth and a child's name.

A parent may write "my son Tom, born 3/4/2015, ..." into a question. The question is still answered
from the documents as asked; only what is stored (feedback) and logged goes through `redact()`.
Inspection documents hold no personal data about children, so nothing is lost by masking these.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from urllib.parse import unquote_plus

EMAIL = "[email]"
PHONE = "[phone]"
BIRTH_DATE = "[date of birth]"
NAME = "[name]"

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers (07700 900123, +44 7700 900123, 0118 974 6000, (020) 7946 0000): 10-11 digits with
# optional spaces, dashes or brackets. Years and counts are shorter, so they are left alone.
_PHONE_RE = re.compile(r"(?<![\w/])(?:\+44\s?\(?0?\)?|\(?0)(?:[\s-]?\(?\d\)?){9,10}(?![\w/])")
_DATE = (r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-z]+\.?"
         r"\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}")
_BIRTH_RE = re.compile(
    rf"(\b(?:born(?:\s+on)?|d\.?o\.?b\.?|date\s+of\s+birth(?:\s+is)?|birthday(?:\s+is)?)"
    rf"\s*[:,]?\s*)({_DATE})", re.I)
_CHILD = r"(?:son|daughter|child|kid|boy|girl|grandson|granddaughter|stepson|stepdaughter)"
# "my son Tom", "my daughter, who is called Amy", "my child (named Ben)", "my son's name is Sam"
_NAME = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?"  # one or two capitalised words
_CHILD_NAME_RE = re.compile(
    rf"((?i:\bmy\s+(?:\w+\s+){{0,3}}?{_CHILD}(?:'s\s+name\s+is|,?\s*\(?(?:(?:who\s+)?is\s+|"
    rf"who's\s+)?(?:called|named)))\s+)([a-z][\w'-]*(?:\s+[A-Z][\w'-]*)?|{_NAME})"
    rf"|((?i:\bmy\s+(?:\w+\s+){{0,3}}?{_CHILD}),?\s+)({_NAME})(?=[\s,.;:)?!]|$)")
# Words that follow "my son" and are not his name ("my son Has an EHC plan" after a capital).
_NOT_NAMES = frozenset({"has", "is", "was", "who", "and", "but", "does", "did", "needs", "with",
                        "in", "at", "goes", "attends", "can", "cannot", "will", "the", "a", "an",
                        "i", "he", "she", "they", "we", "aged", "age", "ehc", "send"})


def redact(text: str) -> str:
    """The text with emails, phone numbers, dates of birth and a child's name masked."""
    text = _EMAIL_RE.sub(EMAIL, text)
    text = _BIRTH_RE.sub(lambda m: m.group(1) + BIRTH_DATE, text)
    text = _PHONE_RE.sub(PHONE, text)
    return _CHILD_NAME_RE.sub(_mask_name, text)


def named_child(text: str) -> str | None:
    """The name a parent gives their child ("my son Tom", "my daughter, called Amy"), if any."""
    for m in _CHILD_NAME_RE.finditer(text):
        if _mask_name(m) != m.group(0):
            return (m.group(2) or m.group(4)).strip()
    return None


def _mask_name(m: re.Match[str]) -> str:
    if m.group(1) is not None:  # "called X" / "named X": whatever follows is the name
        return m.group(1) + NAME
    lead, name = m.group(3), m.group(4)
    first = name.split()[0]
    # Without "called", a capitalised word that is not an ordinary word counts as a name.
    if first.lower() in _NOT_NAMES:
        return m.group(0)
    return lead + NAME


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record's message (arguments included) in place."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


def _redact_record(record: logging.LogRecord) -> None:
    # Each argument is redacted where it stands: formatters that read the arguments
    # themselves (uvicorn's access log unpacks five) still find them.
    args = record.args
    if isinstance(args, tuple):
        record.args = tuple(_redact_arg(a) if isinstance(a, str) else a for a in args)
    elif isinstance(args, Mapping):
        record.args = {k: _redact_arg(v) if isinstance(v, str) else v for k, v in args.items()}
    if isinstance(record.msg, str):
        record.msg = redact(record.msg)


def _redact_arg(text: str) -> str:
    """A logged URL's query is percent-encoded ("q=my%20son%20Tom", "jo%40example.com"):
    decoded first, or nothing in it would match."""
    if "?" in text and ("%" in text or "+" in text):
        text = unquote_plus(text)
    return redact(text)


_installed: list[bool] = []


def install_log_redaction() -> None:
    """Redact every log record as it is made, whatever logger or handler it goes through
    (uvicorn's access log too: a query string can hold a question). Safe to call twice."""
    if _installed:
        return
    make = logging.getLogRecordFactory()

    def redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(redacting_factory)
    _installed.append(True)
