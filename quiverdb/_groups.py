"""Database methods for whole-group reads and writes of vector, set and time-series groups."""

from __future__ import annotations

from quiverdb._base import DatabaseBase

__all__ = ["GroupsMixin"]


class GroupsMixin(DatabaseBase):
    """Whole-group reads and writes of vector, set and time-series groups."""
