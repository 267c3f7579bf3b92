"""dates: news-page date strings into ISO 8601."""

from __future__ import annotations

import pytest

from quotegraph.extraction.clean.dates import iso_date_prefix, parse_date


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("September 03, 2014", "2014-09-03"),
        ("Sept. 3rd 2014", "2014-09-03"),
        ("Wed, Sept. 3rd 2014", "2014-09-03"),
        ("Wednesday, September 3, 2014", "2014-09-03"),
        ("3 September 2014", "2014-09-03"),
        ("3 September 2014 at 10:15 GMT", "2014-09-03"),
        ("Tuesday, March 4, 2025, 9:30 p.m. EST", "2025-03-04"),
        ("2014-09-03", "2014-09-03"),
        ("2014-09-03T10:00:00Z", "2014-09-03"),
        ("2014-09-03 10:00:00+03:00", "2014-09-03"),
        ("9/3/2014", "2014-09-03"),
        ("Published on September 3, 2014", "2014-09-03"),
        ("Posted: 1 Jun 2020", "2020-06-01"),
        ("Posted | June 1st, 2020", "2020-06-01"),
        ("  DEC 31, 1999  ", "1999-12-31"),
    ],
)
def test_parse_date(value: str, iso: str) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "February 30, 2014",
        "13/31/2014",
        "2014",
        "September 2014",
        "The September 3, 2014 meeting was short.",
        "Mayday 3, 2014",
        "3 Smarch 2014",
        "September 3, 1850",
    ],
)
def test_not_a_date_line(value: str | None) -> None:
    """Only a line that is just a (valid) date counts; a sentence with a date in it does not."""
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2014-09-03T10:00:00+03:00", "2014-09-03"),
        (" 2020-01-31", "2020-01-31"),
        ("Sep 3, 2014", "2014-09-03"),
        ("soon", None),
        (None, None),
        ("", None),
    ],
)
def test_iso_date_prefix(value: str | None, iso: str | None) -> None:
    assert iso_date_prefix(value) == iso
