"""Dates as news pages write them, turned into ISO 8601."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"

_PATTERNS = [
    re.compile(r"^" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME + r"$", re.I),
    re.compile(r"^" + _WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + _TIME + r"$", re.I),
    re.compile(r"^" + _YEAR + r"-(?P<month>\d\d)-(?P<day>\d\d)(?:[T\s][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$"),
    re.compile(r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/" + _YEAR + _TIME + r"$"),
]

# every pattern holds a year: text without one is no date, found without trying each pattern (pages
# ask this of hundreds of short texts after the headline)
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_PREFIX = re.compile(r"^(?:published|posted|updated|last updated|first published|date)\s*(?:on|:)?\s*", re.I)


def parse_date(value: str | None) -> str | None:
    """ISO date for a date-only string like 'September 03, 2014'; None when it is not just a date."""
    if not value or not _ANY_YEAR.search(value):
        return None
    text = _PREFIX.sub("", value.strip()).strip(" |·-")
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        month = m.group("month")
        month_num = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
        try:
            return date(int(m.group("year")), int(month_num or 0), int(m.group("day"))).isoformat()
        except ValueError:
            return None
    return None


def iso_date_prefix(value: str | None) -> str | None:
    """The YYYY-MM-DD part of an ISO-like datetime string, or a parsed free-form date."""
    if not value:
        return None
    m = re.match(r"\s*((?:19|20)\d\d-\d\d-\d\d)", value)
    if m:
        return m.group(1)
    return parse_date(value)
