"""The exception raised for every failure reported by the quiverdb core."""

from __future__ import annotations

__all__ = ["QuiverError"]


class QuiverError(Exception):
    """A failure reported by the core, or use of a closed database.

    ``str(error)`` is the core's message; ``error.args == (message,)``.
    """
