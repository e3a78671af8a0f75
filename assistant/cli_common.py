"""What every `sendqa` command shares: exit codes, the usage error and the service."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.service import Service

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ABSTAINED, EXIT_FAILED = 0, 1, 2, 3, 4


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def make_service() -> Service:
    """The service from the settings, built only when a command needs it (it loads torch)."""
    from assistant.service import Service
    from core.config import get_settings

    return Service.from_settings(get_settings())
