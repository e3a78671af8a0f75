"""Prompts are files in prompts/, loaded by name and rendered strictly.

A prompt file may hold sections marked by a line "[system]" or "[user]"; placeholders are
{{name}}. Rendering fails when a placeholder has no value or a value has no placeholder, so a
renamed variable can never silently produce a prompt with a hole in it. Values are inserted in
one pass, so braces inside a value (a quoted source) are never treated as placeholders.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Mapping
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
_NAME_CHARS = frozenset(string.ascii_lowercase + string.digits + "_-")  # what names a prompt
_PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")  # {{name}}: a pattern
# The lines that open a section (trailing spaces allowed): a plain lookup, not a pattern.
_ROLE_LINES = {f"[{role}]": role for role in ("system", "user", "assistant")}


class PromptError(ValueError):
    """A prompt that does not exist or cannot be rendered with the values given."""


def prompt_path(name: str, directory: Path = PROMPTS_DIR) -> Path:
    if not name or not set(name) <= _NAME_CHARS:
        raise PromptError(f"Bad prompt name {name!r}: use lower-case letters, digits, - and _.")
    path = directory / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"No prompt named {name!r} (looked for {path}).")
    return path


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> str:
    return prompt_path(name, directory).read_text(encoding="utf-8")


def prompt_hash(name: str, directory: Path = PROMPTS_DIR) -> str:
    """Short sha256 of the prompt file as it is now, recorded in eval reports with results."""
    return hashlib.sha256(prompt_path(name, directory).read_bytes()).hexdigest()[:12]


def placeholders(template: str) -> set[str]:
    return set(_PLACEHOLDER_RE.findall(template))


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill every {{name}}; a missing value or an unused value is a PromptError."""
    wanted = placeholders(template)
    missing = sorted(wanted - values.keys())
    unused = sorted(values.keys() - wanted)
    if missing:
        raise PromptError(f"Prompt needs values for: {', '.join(missing)}")
    if unused:
        raise PromptError(f"Prompt has no placeholder for: {', '.join(unused)}")
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], template)


def render_prompt(name: str, values: Mapping[str, str], directory: Path = PROMPTS_DIR) -> str:
    return render(load_prompt(name, directory), values)


def render_messages(
    name: str, values: Mapping[str, str], directory: Path = PROMPTS_DIR
) -> list[tuple[str, str]]:
    """The rendered prompt as (role, text) messages, one per [role] section.

    Sections are split before rendering, so a value containing "[system]" stays inside its
    message; strictness is checked over the whole file.
    """
    template = load_prompt(name, directory)
    render(template, values)  # raises on a missing or unused value
    head, sections = _sections(template)
    if not sections:
        return [("user", render(template, values).strip())]
    if head.strip():
        raise PromptError(f"Prompt {name!r} has text before its first [role] line.")
    out = []
    for role, body in sections:
        used = {k: v for k, v in values.items() if k in placeholders(body)}
        out.append((role, render(body, used).strip()))
    return out


def _sections(template: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first [role] line, and each role with the text under it."""
    head: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in template.split("\n"):
        role = _ROLE_LINES.get(line.rstrip())
        if role:
            sections.append((role, []))
        else:
            (sections[-1][1] if sections else head).append(line)
    return "\n".join(head), [(role, "\n".join(lines)) for role, lines in sections]
