"""Web pages as documents: HTML files and WARC archives (CC-NEWS), also compressed.

The article's main text is taken out of each page with trafilatura (`pip install
"claimex[html]"`), and claims are extracted from that text: their offsets refer to it, not
to the HTML. `--emit-text` writes the texts beside the output so that every span can be
checked (claimex.io.sidecar).

A document's id is the page's URL (a WARC record's target URI; for an HTML file the URL the
page gives for itself, else the file's path). Its web fields can be kept with `--keep`
(WEB_FIELDS); without `--keep`, a run over web pages keeps `url` and `title`. In a WARC
file, only HTML responses with status 200 (and HTML resource records) are pages; the other
records are counted in one warning per file, never dropped silently.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from claimex.extras import require
from claimex.io.compressed import format_suffix
from claimex.io.document_ids import DocumentIds
from claimex.io.readers import (
    InputFailure,
    InputWarning,
    Item,
    ReadOptions,
    read_stream_of,
    record_items,
)
from claimex.wording import count

HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIX = ".warc"
WEB_FIELDS = (
    "url",
    "title",
    "author",
    "date",
    "sitename",
    "hostname",
    "description",
    "categories",
    "tags",
    "language",
    "warc_record_id",
    "warc_date",
)
DEFAULT_KEEP = ("url", "title")


def is_web(name: str) -> bool:
    """Whether `name` (a path or a glob pattern) names HTML or WARC input."""
    return format_suffix(name) in (*HTML_SUFFIXES, WARC_SUFFIX)


def default_keep(paths: Iterable[str], keep: Iterable[str]) -> tuple[str, ...]:
    """The --keep fields of a run: as given, else url and title when any input is web."""
    given = tuple(dict.fromkeys(keep))
    if given or not any(is_web(p) for p in paths):
        return given
    return DEFAULT_KEEP


def read_web(path: Path, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    """The documents of an HTML file or a WARC archive (compressed or not); `ids` are the
    run's document ids so far."""
    require("trafilatura", "html")
    warc = format_suffix(path.name) == WARC_SUFFIX
    if warc:
        require("warcio", "html")
    read = _warc_pages if warc else _html_page
    yield from read_stream_of(path, name, lambda fh: read(fh, name, opts, ids))


def _html_page(fh: BinaryIO, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    limit = opts.max_chars * 4
    data = fh.read(limit + 1)
    if len(data) > limit:
        yield InputFailure(name, f"file too large (over {limit:,} bytes)")
        return
    place = (ids.corpus(name, "file"), 0)
    yield from _page(data, None, {}, name, name, opts, ids, place)


def _warc_pages(fh: BinaryIO, name: str, opts: ReadOptions, ids: DocumentIds) -> Iterator[Item]:
    warcio = require("warcio.archiveiterator", "html")
    load_failed = require("warcio.exceptions", "html").ArchiveLoadFailed
    stream = _Watched(fh)  # warcio takes an early end of the stream for the end of the file
    skipped: Counter[str] = Counter()
    pages = n = 0
    limit = opts.max_chars * 4
    corpus = ids.corpus(name, "record")
    records = warcio.ArchiveIterator(stream)
    try:
        for record in records:
            if record.format != "warc":  # warcio reads ARC too, and takes text for it
                raise load_failed(f"a record in {record.format} format")
            n += 1
            origin = f"{name}: record {n}"
            why = _not_a_page(record)
            if why is None:
                pages += 1
                data = record.content_stream().read(limit + 1)
            if _cut_short(record):
                yield InputFailure(origin, "the record ends early (truncated file?); stopped here")
                return
            if why is not None:
                skipped.update([why] if why else [])
            elif len(data) > limit:
                yield InputFailure(origin, f"page too large (over {limit:,} bytes)")
            else:
                url, fields = _warc_fields(record)
                yield from _page(data, url, fields, url, origin, opts, ids, (corpus, n))
    except (load_failed, ValueError, AttributeError, TypeError) as exc:
        # warcio's own errors, and what its parser raises on a record it cannot parse
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = name if n == 0 else f"{name}: record {n + 1}"
        yield InputFailure(where, f"not valid WARC ({detail}); stopped here")
        return
    if stream.error is not None:
        raise stream.error
    if records.offset < stream.consumed:  # the bytes after the last record are none
        yield InputFailure(f"{name}: record {n + 1}", "the file ends inside a record header")
        return
    if skipped:
        reasons = ", ".join(f"{number} {why}" for why, number in skipped.most_common())
        total = sum(skipped.values())
        yield InputWarning(name, f"{count(total, 'record')} not read as pages: {reasons}")
    if pages == 0 and not skipped:
        yield InputFailure(name, "no pages (no WARC response or resource records)")


class _Watched:
    """A stream that counts its bytes and remembers the error that ended it: warcio takes
    an EOFError, and a record header cut short, for the end of the file."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.error: BaseException | None = None
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        try:
            # one read of the stream below at most: a decompressing stream's read(size)
            # would drop the pages it has when the file ends early before `size` bytes
            data: bytes = self.stream.read1(size)  # type: ignore[attr-defined]
        except EOFError as exc:
            self.error = exc
            raise
        self.consumed += len(data)
        return data


def _cut_short(record: Any) -> bool:
    """Whether the record's block ends before its Content-Length (read to its end here)."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return bool(getattr(raw, "limit", 0))


def _warc_fields(record: Any) -> tuple[str | None, dict[str, object]]:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    fields: dict[str, object] = {
        "warc_record_id": headers.get_header("WARC-Record-ID"),
        "warc_date": headers.get_header("WARC-Date"),
    }
    return url, fields


def _not_a_page(record: Any) -> str | None:
    """Why a WARC record is not a page to read: '' for records that never are (requests,
    metadata, warcinfo), a reason to count for responses that are not HTML pages, None for
    a page."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return "without HTTP headers"
        status = http.get_statuscode()
        if status != "200":
            return f"with HTTP status {status}"
        kind = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        kind = record.rec_headers.get_header("Content-Type") or ""
    else:
        return ""
    if "html" not in kind.lower():
        return f"of type {kind.split(';')[0].strip() or 'unknown'}"
    return None


def _page(
    data: bytes,
    url: str | None,
    fields: dict[str, object],
    fallback_id: str | None,
    origin: str,
    opts: ReadOptions,
    ids: DocumentIds,
    place: tuple[int, int],
) -> Iterator[Item]:
    """The article of one page, as a document of its own fields; its id is its URL, else
    `fallback_id`, else `origin`."""
    try:
        extracted = _trafilatura().bare_extraction(
            data, url=url, with_metadata=True, include_comments=False
        )
        found: dict[str, Any] = extracted.as_dict() if extracted is not None else {}
    except Exception as exc:  # a page the extractor chokes on is that page's failure
        yield InputFailure(origin, f"cannot extract the article: {type(exc).__name__}: {exc}")
        return
    text = found.get("text") or ""
    if not text.strip():
        yield InputFailure(origin, "no article text found in the page")
        return
    record: dict[str, object] = {key: found.get(key) for key in WEB_FIELDS}
    record.update(fields)
    record["url"] = url or record["url"]
    record["doc_id"] = record["url"] or fallback_id or origin
    record[opts.text_key] = text
    # the id is the page's URL: --id-key names a web field only when it is one
    id_key = opts.id_key if opts.id_key in WEB_FIELDS else "doc_id"
    yield from record_items(record, origin, origin, replace(opts, id_key=id_key), ids, place)


@lru_cache(maxsize=1)
def _trafilatura() -> Any:
    module = require("trafilatura", "html")
    # its warnings ("empty HTML tree", ...) would be stray stderr lines: a page without
    # text is reported by claimex itself
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return module
