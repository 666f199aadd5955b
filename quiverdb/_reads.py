"""Database methods for scalar, vector and set reads (bulk and by id), element ids and counts."""

from __future__ import annotations

from quiverdb._base import DatabaseBase

__all__ = ["ReadsMixin"]


class ReadsMixin(DatabaseBase):
    """Scalar, vector and set reads (bulk and by id), element ids and counts."""
