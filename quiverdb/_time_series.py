"""Database methods for time-series row lookup and upserts, time-series files."""

from __future__ import annotations

from quiverdb._base import DatabaseBase

__all__ = ["TimeSeriesMixin"]


class TimeSeriesMixin(DatabaseBase):
    """Time-series row lookup and upserts, time-series files."""
