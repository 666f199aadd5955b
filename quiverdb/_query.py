"""Database methods for read-only SQL queries with parameters."""

from __future__ import annotations

from quiverdb._base import DatabaseBase

__all__ = ["QueryMixin"]


class QueryMixin(DatabaseBase):
    """Read-only SQL queries with parameters."""
