"""What a user sends, checked: the question and the history within limits, hidden characters out."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from assistant.errors import BadInput, TooLarge
from core.config import Settings
from core.models import Turn


def checked_question(question: str, settings: Settings) -> str:
    """Return the stripped question or raise BadInput with a message a user can act on.
    Hidden characters (Unicode tags, controls, zero-width and direction marks) are dropped
    first: they can smuggle instructions to a model and are never part of a question."""
    text = visible(question or "").strip()
    if not text:
        raise BadInput("The question is empty: type a question about the SEND documents.")
    if len(text) >= settings.max_question_chars:
        raise BadInput(
            f"The question is too long ({len(text)} characters); "
            f"keep it under {settings.max_question_chars}."
        )
    return text


def spelled_out(question: str) -> str:
    """"e.g." and "i.e." written out: their full stops would end the asking sentence early
    ("any examples, e.g. outside normal hours?" asks for examples, not about the hours)."""
    for short, full in _ABBREVIATIONS:
        question = question.replace(short, full)
    return question


_ABBREVIATIONS = (("e.g.", "for example"), ("E.g.", "For example"), ("i.e.", "that is"),
                  ("I.e.", "That is"))


def checked_history(history: Sequence[Turn], limits: Settings) -> list[Turn]:
    """The conversation so far, within the limits (TooLarge past them), hidden characters
    dropped. Only the last turns are read, but a huge history still costs parsing."""
    if len(history) > limits.max_history_turns:
        raise TooLarge(f"The conversation history has {len(history)} turns; send at most "
                       f"the last {limits.max_history_turns}.")
    size = sum(len(t.content) for t in history)
    if size > limits.max_history_chars:
        raise TooLarge(f"The conversation history is {size} characters; keep it under "
                       f"{limits.max_history_chars} (send only the recent turns).")
    return [t.model_copy(update={"content": visible(t.content)}) for t in history]


def visible(text: str) -> str:
    """The text without the characters a reader cannot see: Unicode tag characters (U+E0000
    block), controls other than newline and tab, and format marks (zero-width, direction)."""
    return "".join(ch for ch in text if ch in "\n\t" or (
        unicodedata.category(ch) not in _HIDDEN_CATEGORIES and not 0xE0000 <= ord(ch) <= 0xE007F))


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})
