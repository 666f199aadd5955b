"""Conversions between Python values and the core's representations (date-times, booleans)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

__all__ = ["datetime_to_text", "int_to_bool", "text_to_datetime", "texts_to_datetimes"]

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


# Many texts at once: the accepted shapes, one per line (see texts_to_datetimes).
_SHAPES = re.compile(r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}:[0-9]{2})?\n)*")
# Appended to a text of an accepted shape (by its length) to read it as an aware UTC datetime.
_UTC_SUFFIX = {10: "T00:00:00+00:00", 19: "+00:00"}
_FROM_ISO = datetime.fromisoformat

# Date-times read before, by stored text. Time series of many elements share their time steps,
# so most texts of a read were already converted by an earlier read; datetimes are immutable
# and can be shared. Bounded: a new table replaces a full one (never cleared in place, so a
# reader holding the old table keeps every entry it found). None maps to None.
_CACHE_LIMIT = 16384
_cache: dict[str | None, datetime | None] = {None: None}


def _parse_texts(texts: list[str], collection: str | None, attribute: str | None) -> list[datetime]:
    """``text_to_datetime`` of each text; texts of the accepted shapes in one sweep."""
    if _SHAPES.fullmatch("".join([t + "\n" for t in texts])):
        try:
            return list(map(_FROM_ISO, [t + _UTC_SUFFIX.get(len(t), "?") for t in texts]))
        except ValueError:  # a shape naming no real date: the strict parser reports it
            pass
    return [text_to_datetime(t, collection, attribute) for t in texts]


def texts_to_datetimes(
    texts: list[str | None], collection: str | None = None, attribute: str | None = None
) -> list[datetime | None]:
    """:func:`text_to_datetime` of every text (``None`` stays ``None``); the first invalid text
    raises its ``ValueError``."""
    cache = _cache
    try:
        return list(map(cache.__getitem__, texts))
    except KeyError:
        pass
    missing = list(dict.fromkeys([t for t in texts if t not in cache]))
    table: dict[str | None, datetime | None] = dict(
        zip(missing, _parse_texts(missing, collection, attribute), strict=True)  # type: ignore[arg-type]
    )
    if len(table) <= _CACHE_LIMIT:
        _remember(cache, table)
    return [table[t] if t in table else cache[t] for t in texts]


def _remember(
    cache: dict[str | None, datetime | None], table: dict[str | None, datetime | None]
) -> None:
    global _cache
    if len(cache) + len(table) > _CACHE_LIMIT:
        fresh: dict[str | None, datetime | None] = {None: None}
        fresh.update(table)
        _cache = fresh
    else:
        cache.update(table)


def int_to_bool(value: int, collection: str | None = None, attribute: str | None = None) -> bool:
    """0 -> False, 1 -> True; anything else raises ``ValueError``."""
    if value == 0:
        return False
    if value == 1:
        return True
    raise ValueError(
        f"Cannot convert integer {value} to boolean{_where(collection, attribute)}: expected 0 or 1"
    )
