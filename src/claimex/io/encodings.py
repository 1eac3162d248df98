"""Which Unicode encoding a file's bytes are in: UTF-8, or UTF-16/UTF-32 with a byte order mark
(what Windows tools export as "Unicode").

A UTF-16 or UTF-32 file is decoded by Python's codec of that name, which reads the byte order
mark and drops it: the text is what `open(path, encoding="utf-16", newline="")` reads. UTF-8
is decoded as `open(path, encoding="utf-8", newline="")` reads it, so a UTF-8 byte order mark
stays in the text as U+FEFF at offset 0.
"""

from __future__ import annotations

import codecs
import re

# UTF-32's little-endian mark starts with UTF-16's, so it is tried first
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SNIFF_BYTES = 8192
# half of a UTF-16 surrogate pair: JSON can escape one ("\ud800") and UTF-16 bytes can hold
# one, but it is no character and no UTF-8 output can hold it
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class UndecodableText(ValueError):
    """The bytes are no text claimex can read; the message says why, in one line."""


def wide_encoding(head: bytes) -> str | None:
    """'utf-16' or 'utf-32' when `head` starts with that encoding's byte order mark."""
    for bom, encoding in WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    return None


def unmarked_utf16(head: bytes) -> str | None:
    """'UTF-16LE' or 'UTF-16BE' when `head` looks like UTF-16 without a byte order mark: in
    text that is mostly ASCII, every other byte is NUL (and none between them)."""
    sample = head[:SNIFF_BYTES]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= half // 4 and even == 0:
        return "UTF-16LE"
    if even >= half // 4 and odd == 0:
        return "UTF-16BE"
    return None


def decode_text(data: bytes) -> str:
    """The text of a whole file: UTF-16/UTF-32 by their byte order mark, else UTF-8, with no
    newline translation. Raises UndecodableText (binary, UTF-16 without a mark, bad bytes)."""
    encoding = wide_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableText(
                f"not valid {encoding.upper()} text ({exc.reason} at byte {exc.start})"
            ) from None
    if b"\x00" in data[:SNIFF_BYTES]:
        raise UndecodableText(no_text_message(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def no_text_message(head: bytes) -> str:
    """Why bytes holding NUL are not read: UTF-16 without its mark, or binary."""
    if (guess := unmarked_utf16(head)) is not None:
        return (
            f"looks like {guess} without a byte order mark: convert it to UTF-8 "
            f"(iconv -f {guess} -t UTF-8) or save it with a byte order mark"
        )
    return "binary file (contains NUL bytes), not text"
