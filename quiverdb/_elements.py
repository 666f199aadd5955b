"""Database methods for create, update and delete elements; relation updates."""

from __future__ import annotations

from typing import Any

from quiverdb._base import DatabaseBase
from quiverdb._ffi import check, encode, ffi, lib
from quiverdb.element import native_element, release_native

__all__ = ["ElementsMixin"]


_create_element = lib.quiver_database_create_element
_update_element = lib.quiver_database_update_element


def _text_or_null(value: str | None) -> Any:
    return ffi.NULL if value is None else encode(value)


class ElementsMixin(DatabaseBase):
    """Create, update and delete elements; relation updates."""

    def create_element(self, collection: str, /, **kwargs: object) -> int:
        """Create an element of ``collection`` and return its id.

        Each keyword is an attribute: scalars (``None``, ``bool``, ``int``, ``float``, ``str``,
        ``datetime``) go to the column of that name in the collection table; lists go, as rows,
        to every vector, set and time-series table of the collection that has a column of that
        name. A ``str`` given for a relation column is the label of the referenced element.
        The whole call is atomic.
        """
        with self._lock:
            ptr = self._handle()
            element = native_element(kwargs)
            try:
                out = ffi.new("int64_t*")
                check(_create_element(ptr, encode(collection), element, out))
                return int(out[0])
            finally:
                release_native(element)

    def update_element(self, collection: str, id: int, /, **kwargs: object) -> None:
        """Update element ``id`` of ``collection``.

        Scalars change only the columns named (``id=`` and ``label=`` are attributes too: they
        move or rename the element). A list replaces every row of the group tables it addresses
        for this element; an empty list clears them. The whole call is atomic.
        """
        with self._lock:
            ptr = self._handle()
            element = native_element(kwargs)
            try:
                check(_update_element(ptr, encode(collection), id, element))
            finally:
                release_native(element)

    def update_element_by_label(self, collection: str, label: str, /, **kwargs: object) -> None:
        """:meth:`update_element` for the element whose label is ``label`` (trimmed)."""
        with self._lock:
            ptr = self._handle()
            element = native_element(kwargs)
            try:
                name, key = encode(collection), encode(label)
                check(lib.quiver_database_update_element_by_label(ptr, name, key, element))
            finally:
                release_native(element)

    def delete_element(self, collection: str, id: int) -> None:
        """Delete element ``id``; its group rows go with it."""
        with self._lock:
            ptr = self._handle()
            name = encode(collection)
            check(lib.quiver_database_delete_element(ptr, name, id))

    def delete_element_by_label(self, collection: str, label: str) -> None:
        """Delete the element whose label is ``label`` (trimmed)."""
        with self._lock:
            ptr = self._handle()
            name, key = encode(collection), encode(label)
            check(lib.quiver_database_delete_element_by_label(ptr, name, key))

    def update_relation(
        self,
        collection_from: str,
        collection_to: str,
        relation_type: str,
        id: int,
        target_label: str | None,
    ) -> None:
        """Point relation ``<collection_to lower-cased>_<relation_type>`` of element ``id`` of
        ``collection_from`` at the ``collection_to`` element labelled ``target_label``; ``None``
        clears it."""
        with self._lock:
            ptr = self._handle()
            source, target = encode(collection_from), encode(collection_to)
            kind, label = encode(relation_type), _text_or_null(target_label)
            check(lib.quiver_database_update_relation(ptr, source, target, kind, id, label))

    def update_relation_by_label(
        self,
        collection_from: str,
        collection_to: str,
        relation_type: str,
        label: str,
        target_label: str | None,
    ) -> None:
        """:meth:`update_relation` for the element of ``collection_from`` labelled ``label``."""
        with self._lock:
            ptr = self._handle()
            source, target = encode(collection_from), encode(collection_to)
            kind, key = encode(relation_type), encode(label)
            value = _text_or_null(target_label)
            check(
                lib.quiver_database_update_relation_by_label(ptr, source, target, kind, key, value)
            )


# Errors from wrong call shapes name the method as the reference does ("Database.create_element()
# missing 1 required positional argument: 'collection'"), not after this mixin.
for _name in (
    "create_element",
    "update_element",
    "update_element_by_label",
    "delete_element",
    "delete_element_by_label",
    "update_relation",
    "update_relation_by_label",
):
    getattr(ElementsMixin, _name).__qualname__ = f"Database.{_name}"
del _name
