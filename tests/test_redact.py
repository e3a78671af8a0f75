"""Personal data is masked in what is stored and logged; ordinary questions pass unchanged."""

from __future__ import annotations

import logging

import pytest

from assistant.redact import RedactingFilter, install_log_redaction, redact

MASKED = [
    # (text, what must be gone, what must be there instead)
    ("Write to sam.parent+send@example.org.uk please", "sam.parent", "[email]"),
    ("ring me on 07700 900123 after six", "900123", "[phone]"),
    ("or +44 7700 900 123, or (0118) 974 6000", "974 6000", "[phone]"),
    ("He was born on 3/4/2015 in Reading", "3/4/2015", "born on [date of birth]"),
    ("her DOB: 12 March 2014", "12 March 2014", "[date of birth]"),
    ("my daughter is called Amy Smith and is eight", "Amy", "called [name]"),
    ("My 8 year old son, Oliver, waits for an EHC plan", "Oliver", "son, [name]"),
    ("My son Tom has no school place", "Tom", "My son [name]"),
    ("my child named ben needs help", "ben", "named [name] needs"),
    ("My son's name is Sam.", "Sam", "[name]"),
]
UNCHANGED = [
    "Did Wokingham make sufficient progress in 2021?",
    "my son has autism and goes to school in Reading",
    "How many of the 120 plans were issued within 20 weeks by 2021-06-23?",
    "What did the revisit on 11 May 2021 find?",
]


@pytest.mark.parametrize(("text", "gone", "there"), MASKED)
def test_personal_data_is_masked(text: str, gone: str, there: str) -> None:
    out = redact(text)
    assert gone not in out and there in out, out


@pytest.mark.parametrize("text", UNCHANGED)
def test_questions_without_personal_data_are_unchanged(text: str) -> None:
    assert redact(text) == text


def test_log_records_are_redacted_with_their_arguments() -> None:
    record = logging.LogRecord("assistant", logging.INFO, __file__, 1,
                               "ask failed for %r", ("mail me: a.b@example.com",), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "ask failed for 'mail me: [email]'"


def test_once_installed_every_logger_writes_redacted(caplog: pytest.LogCaptureFixture) -> None:
    install_log_redaction()
    install_log_redaction()  # twice is harmless
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info('%s "GET %s"', "127.0.0.1",
                                                 "/api/search?q=my son Tom, tel 07700 900123")
        logging.getLogger("assistant.anything").error("failed for %r", "dob: 3/4/2015")
    text = caplog.text
    assert "Tom" not in text and "900123" not in text and "3/4/2015" not in text
    assert "my son [name]" in text and "[phone]" in text and "[date of birth]" in text


def test_access_log_records_keep_their_arguments_for_uvicorn() -> None:
    """uvicorn's access formatter unpacks the five arguments itself: they must stay a tuple
    (a record with None there was a "Logging error" with a trace on every request)."""
    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/api/search?q=a.b@example.com", "1.1",
                                200), None)
    assert RedactingFilter().filter(record)
    line = AccessFormatter("%(message)s", use_colors=False).format(record)
    assert line == '127.0.0.1:5000 - "GET /api/search?q=[email] HTTP/1.1" 200'


def test_a_logged_url_is_decoded_before_it_is_redacted() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '"%s %s"',
                               ("GET", "/api/search?q=my%20son%20Tom+mail+jo%40example.com"),
                               None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == '"GET /api/search?q=my son [name] mail [email]"'
