"""The one exception type that means "the user's input is wrong" (a 4xx at the edges).

Every other exception is a fault of ours: the API answers it with a 500 and logs the trace, so a
bug is never reported to the user as bad input.
"""

from __future__ import annotations


class BadInput(ValueError):
    """Input a user can fix: an empty or over-long question, a bad filter or parameter."""


class TooLarge(BadInput):
    """Input over a size limit (a history too long to replay): answered with a 413."""
