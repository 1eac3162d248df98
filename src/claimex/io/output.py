"""Output files that are never left half written and never overwrite an input.

`-o FILE` is written as a temporary file beside FILE (`.FILE.XXXXXXXX.claimex-tmp`) and
renamed into place when the command ends, also when it was interrupted (everything written
so far is complete); a command that fails removes it and leaves FILE as it was. What is not
a regular file (a FIFO, /dev/null, /dev/full, /dev/stdout, a terminal) is written directly,
and nothing is ever created under /dev or /proc.

Writes go through `GuardedStream`, which turns the OSError of a full disk into an
`OutputError` (one line for the user) and a closed pipe into `OutputClosed`.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import glob
import io
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

from claimex.errors import ClaimexError

TEMP_SUFFIX = ".claimex-tmp"
_SYSTEM_DIRS = ("/dev", "/proc")


class OutputError(ClaimexError):
    """The output cannot be written (a full disk, no permission): one line, exit 1."""


class OutputClosed(Exception):
    """The reader of the output went away (`claimex extract big.jsonl | head -1`): not an
    error of the user's; the command ends quietly."""


class GuardedStream(io.TextIOBase):
    """A text stream whose write errors name the output. After one, the stream's file
    descriptor is pointed at /dev/null, so that no later flush (at close, at exit) fails
    again with a second traceback."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self.name = name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def buffer(self) -> GuardedBinary:
        """The binary stream below (Parquet), guarded the same way."""
        return GuardedBinary(self._stream.buffer, self.name)

    def _failed(self, exc: OSError) -> Exception:
        return _failed(self._stream, self.name, exc)


class GuardedBinary(io.RawIOBase):
    """The binary twin of GuardedStream (what `buffer` of one gives)."""

    def __init__(self, stream: BinaryIO, name: str) -> None:
        self._stream = stream
        self.name = name

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            return self._stream.write(data)
        except OSError as exc:
            raise _failed(self._stream, self.name, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _failed(self._stream, self.name, exc) from None

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()


def _failed(stream: IO[Any], name: str, exc: OSError) -> Exception:
    """The error to raise for `exc`; `stream`'s descriptor now points at /dev/null."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    if exc.errno == errno.EPIPE:
        return OutputClosed(name)
    return OutputError(f"{name}: cannot write ({exc.strerror or exc})")


def guarded(stream: TextIO, name: str) -> TextIO:
    """`stream` behind a GuardedStream (typed as the TextIO it stands for)."""
    return cast("TextIO", GuardedStream(stream, name))


class OutputFile:
    """`path` opened for writing: a temporary file beside it, renamed into place by
    `commit()` and removed by `discard()`; or, for what is not a regular file, `path`
    itself. Raises OutputError when it cannot be opened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.temp: str | None = None
        self.target = os.path.realpath(path)  # a link is followed, not replaced
        try:
            if _in_place(path):
                if not path.exists():  # a typo under /dev: never create a file there
                    raise OutputError(f"{path}: no such file")
                fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
            else:
                fd = self._create_temp()
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        self.stream = guarded(os.fdopen(fd, "w", encoding="utf-8", newline=""), self.name)

    def _create_temp(self) -> int:
        folder, base = os.path.split(self.target)
        try:
            mode: int | None = stat.S_IMODE(os.stat(self.target).st_mode)
        except FileNotFoundError:
            mode = None
        while True:
            temp = os.path.join(folder, f".{base}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
            except FileExistsError:
                continue
            self.temp = temp
            if mode is not None:  # a file replaced keeps its permissions
                with contextlib.suppress(OSError):
                    os.fchmod(fd, mode)
            return fd

    def commit(self) -> None:
        """Put what was written at `path` (raises OutputError, after discarding, if the
        last of it cannot be written)."""
        try:
            self.stream.flush()
            if self.temp is not None:
                os.fsync(self.stream.fileno())
            self.stream.close()
            if self.temp is not None:
                os.replace(self.temp, self.target)
                self.temp = None
        except (OSError, OutputError) as exc:
            self.discard()
            if isinstance(exc, OutputError):
                raise
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def discard(self) -> None:
        """Remove the temporary file: `path` stays as it was."""
        with contextlib.suppress(OSError, OutputError, OutputClosed):
            self.stream.close()
        if self.temp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.temp)
            self.temp = None


def _in_place(path: Path) -> bool:
    """Write `path` itself, not a temporary file: it is there and not a regular file, or it
    is (or a link on the way to it is) under /dev or /proc (/dev/stdout is a link through
    /proc to whatever stdout is, perhaps a regular file that a rename would not reach)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True
    except FileNotFoundError:
        pass
    except OSError:
        return True
    return any(_under_system_dir(hop) for hop in _link_chain(path))


def _link_chain(path: Path) -> Iterable[str]:
    hop = os.path.abspath(path)
    for _ in range(40):
        yield hop
        if not os.path.islink(hop):
            break
        hop = os.path.normpath(os.path.join(os.path.dirname(hop), os.readlink(hop)))
    yield os.path.realpath(path)


def _under_system_dir(path: str) -> bool:
    return any(path == d or path.startswith(d + os.sep) for d in _SYSTEM_DIRS)


def overwritten_input(
    output: Path, inputs: Iterable[str], suffixes: tuple[str, ...] = (), stdin: bool = True
) -> str | None:
    """Which input writing `output` would destroy, in words, or None: the same file (also
    through a link, another spelling or a hard link), stdin when it is redirected from that
    file, a file a quoted glob pattern matches, or, for a directory input, a file below it
    that the directory walk reads (a name ending with one of `suffixes`, in any case),
    whether it exists yet or not."""
    from claimex.io.readers import GLOB_CHARS

    if _in_place(output):
        return None  # /dev/null, a FIFO, a terminal: nothing to lose
    target = os.path.realpath(output)
    try:
        out_stat: os.stat_result | None = os.stat(target)
    except OSError:
        out_stat = None
    for given in inputs:
        path = Path(given)
        if given == "-":
            if stdin and out_stat is not None and _same(_stdin_stat(), out_stat):
                return "the file stdin is read from"
        elif GLOB_CHARS.search(given) and not path.exists():  # expanded as the readers do
            pattern = os.path.abspath(given)
            if fnmatch.fnmatch(target, pattern) or fnmatch.fnmatch(
                os.path.abspath(output), pattern
            ):
                return f"a file of the input pattern {given}"
            matches = glob.glob(given, recursive=True)
            if overwritten_input(output, matches, suffixes, stdin=False) is not None:
                return f"a file of the input pattern {given}"
        elif path.is_dir():
            folder = os.path.realpath(path)
            inside = target.startswith(folder.rstrip(os.sep) + os.sep)
            if inside and target.lower().endswith(tuple(x.lower() for x in suffixes)):
                return f"a file that the input directory {given} holds"
        elif out_stat is not None:
            try:
                if _same(os.stat(path), out_stat):
                    return f"the input {given}"
            except OSError:
                continue
    return None


def _stdin_stat() -> os.stat_result | None:
    try:
        return os.fstat(0)
    except OSError:
        return None


def _same(a: os.stat_result | None, b: os.stat_result) -> bool:
    return (
        a is not None and stat.S_ISREG(a.st_mode) and (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
    )
