"""Every document id of a run, to warn once about each id that comes again.

A corpus of millions of documents must not cost a dict of millions of strings: each id is
kept as its 64-bit hash, with where it was first seen packed into 64 bits beside it, in an
open-addressing table of two integer arrays (16 bytes a slot, at most twice as many slots as
ids). Two different ids with the same 64-bit hash would be taken for one; among ten million
ids the chance is about one in a million.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

MASK64 = (1 << 64) - 1
WARNED = 1 << 63  # the id was already warned about
FILE_SHIFT = 40  # a place: file number (from 1) above, record or line number below
NUMBER_MASK = (1 << FILE_SHIFT) - 1
TEXT_FILE = 0  # a text file, whose id is its path: the id says where it was seen


@dataclass(frozen=True)
class Numbering:
    """A corpus file and what its documents are numbered by."""

    name: str
    unit: str  # "line" (JSONL), "record" (a JSON array), "file" (one JSON object)

    def place(self, number: int) -> str:
        if self.unit == "line":
            return f"{self.name}:{number}"
        if self.unit == "record":
            return f"{self.name}: record {number}"
        return self.name


class DocumentIds:
    def __init__(self) -> None:
        self._table = _Table()
        self._files: list[Numbering] = []

    def corpus(self, name: str, unit: str) -> int:
        """Number a corpus file whose documents are placed by `unit` (line, record, file)."""
        self._files.append(Numbering(name, unit))
        return len(self._files)

    def repeated(self, doc_id: str, corpus: int = TEXT_FILE, number: int = 0) -> str | None:
        """Where `doc_id` was first seen, when it was seen before and not yet warned about;
        else None (and `doc_id` is remembered as seen at record `number` of `corpus`)."""
        found = self._table.insert(hash(doc_id) & MASK64, (corpus << FILE_SHIFT) | number)
        if found is None:
            return None
        slot, place = found
        if place & WARNED:
            return None
        self._table.values[slot] = place | WARNED
        first = place >> FILE_SHIFT
        return doc_id if first == TEXT_FILE else self._files[first - 1].place(place & NUMBER_MASK)


class _Table:
    """64-bit keys to 64-bit values, linear probing; key 0 marks an empty slot."""

    def __init__(self, size: int = 1024) -> None:
        self.keys = array("Q", bytes(8 * size))
        self.values = array("Q", bytes(8 * size))
        self._used = 0

    def insert(self, key: int, value: int) -> tuple[int, int] | None:
        """Add `key` with `value`; if it was there, its slot and value instead (unchanged)."""
        key = key or 1
        slot = self._slot(key)
        if self.keys[slot] == key:
            return slot, self.values[slot]
        self.keys[slot] = key
        self.values[slot] = value
        self._used += 1
        if 2 * self._used > len(self.keys):
            self._grow()
        return None

    def _slot(self, key: int) -> int:
        mask = len(self.keys) - 1
        slot = key & mask
        while self.keys[slot] not in (0, key):
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        keys, values = self.keys, self.values
        self.keys = array("Q", bytes(16 * len(keys)))
        self.values = array("Q", bytes(16 * len(values)))
        for key, value in zip(keys, values, strict=True):
            if key:
                slot = self._slot(key)
                self.keys[slot] = key
                self.values[slot] = value
