"""Database methods for explicit transactions and dry runs."""

from __future__ import annotations

from quiverdb._base import DatabaseBase

__all__ = ["TransactionsMixin"]


class TransactionsMixin(DatabaseBase):
    """Explicit transactions and dry runs."""
