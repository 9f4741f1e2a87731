"""Publication dates from metadata strings: ISO and RFC 822 forms directly, anything else through our Arabic grammar."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from rasid.annotate.dates import annotate_times
from rasid.text.analyzed import analyze

_ISO_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_ISO_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Long enough to hold a dateline; the grammar runs on a short prefix only.
_MAX_DATELINE = 400


def iso_date(value: str | None) -> str | None:
    """The calendar date (as written, not shifted to UTC) of an ISO 8601 timestamp, else None."""
    if not value:
        return None
    match = _ISO_DATE_RE.match(value)
    if not match or not (1 <= int(match[2]) <= 12 and 1 <= int(match[3]) <= 31):
        return None
    return f"{match[1]}-{match[2]}-{match[3]}"


def rfc822_date(value: str | None) -> str | None:
    """The calendar date of an RFC 822 date (RSS pubDate) as written, else None."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def arabic_date(text: str | None) -> str | None:
    """A day-precision date our Arabic grammar reads in a dateline or date string, else None."""
    if not text or not text.strip():
        return None
    published, times, _ = annotate_times(analyze(text[:_MAX_DATELINE]), None)
    if published.source == "inferred" and published.value and _ISO_DAY_RE.match(published.value):
        return published.value
    for time in times:
        if time.precision == "day" and time.value and _ISO_DAY_RE.match(time.value):
            return time.value
    return None


def any_date(value: str | None) -> str | None:
    """ISO, then RFC 822, then the Arabic grammar."""
    return iso_date(value) or rfc822_date(value) or arabic_date(value)
