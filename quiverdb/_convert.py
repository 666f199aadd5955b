"""Conversions between Python values and the core's representations (date-times, booleans)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

__all__ = ["datetime_to_text", "int_to_bool", "text_to_datetime"]

# YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS with ASCII digits only; the field
# ranges (a real calendar date, year 1 and up) are checked by datetime.fromisoformat.
_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}:[0-9]{2})?")


def datetime_to_text(value: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` in UTC: aware values are converted, naive ones taken as UTC,
    sub-second parts are dropped."""
    if value.tzinfo is not None:
        if value.utcoffset() is not None:
            value = value.astimezone(timezone.utc)
        value = value.replace(tzinfo=None)
    if type(value) is datetime:
        # isoformat pads the year to four digits and truncates sub-seconds; about 4x faster
        # than formatting the fields one by one.
        return value.isoformat(timespec="seconds")
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value:%H:%M:%S}"


def _where(collection: str | None, attribute: str | None) -> str:
    return f" in '{collection}.{attribute}'" if collection is not None else ""


def text_to_datetime(
    text: str, collection: str | None = None, attribute: str | None = None
) -> datetime:
    """Parse stored date-time text (the three accepted shapes) into an aware UTC datetime.

    Raises ``ValueError`` naming the collection and attribute when the text is not a date-time.
    """
    if _SHAPE.fullmatch(text):
        try:
            return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    raise ValueError(
        f'Cannot convert "{text}" to a date time{_where(collection, attribute)}: '
        "expected a valid YYYY-MM-DD[THH:MM:SS]"
    )


def int_to_bool(value: int, collection: str | None = None, attribute: str | None = None) -> bool:
    """0 -> False, 1 -> True; anything else raises ``ValueError``."""
    if value == 0:
        return False
    if value == 1:
        return True
    raise ValueError(
        f"Cannot convert integer {value} to boolean{_where(collection, attribute)}: expected 0 or 1"
    )
