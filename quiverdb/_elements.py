"""Database methods for create, update and delete elements; relation updates."""

from __future__ import annotations

from quiverdb._base import DatabaseBase

__all__ = ["ElementsMixin"]


class ElementsMixin(DatabaseBase):
    """Create, update and delete elements; relation updates."""
