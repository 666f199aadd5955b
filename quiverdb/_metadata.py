"""Database methods for column and group metadata, listings and describe()."""

from __future__ import annotations

from quiverdb._base import DatabaseBase

__all__ = ["MetadataMixin"]


class MetadataMixin(DatabaseBase):
    """Column and group metadata, listings and describe()."""
