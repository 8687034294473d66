"""Find SOP files in folders and read them safely: regular files only, size-limited, decoded.

A FIFO named ``x.yaml`` would block a plain ``open`` forever and a link to ``/dev/zero``
would grow without end, so a file is opened without blocking and read only when
``fstat`` says it is a regular file of a sane size.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from bot.i18n import _
from bot.sop.errors import SopIssue, SopValidationError
from bot.sop.escape import FORBIDDEN_CHARACTER, character_code

SOP_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 512 * 1024  # a real SOP is about 10 KB; parsing 512 KB takes a few seconds
MAX_LINES = 10_000  # the seeds have about 250; ruamel reads comment lines slowly
_MAX_CHARACTER_ISSUES = 10


def is_sop_name(path: Path) -> bool:
    """Tell whether a file name ends in .yaml or .yml, in any letter case."""
    return path.suffix.lower() in SOP_SUFFIXES


def _refuse(source: str, message: str, line: int | None = None) -> SopValidationError:
    """One issue as the error to raise."""
    return SopValidationError([SopIssue(source, line, message)])


def read_sop_bytes(path: Path) -> bytes:
    """Read a regular file of at most MAX_FILE_BYTES; raise SopValidationError otherwise."""
    source = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _refuse(source, _("cannot read the file: {reason}").format(reason=reason)) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse(source, _("not a regular file (a folder, device or pipe); not read"))
        data = _read_limited(fd, source)
    finally:
        os.close(fd)
    return data


def _read_limited(fd: int, source: str) -> bytes:
    """Read at most one byte past the size limit, so that a growing file cannot go on."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_FILE_BYTES:
        try:
            chunk = os.read(fd, 64 * 1024)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            message = _("cannot read the file: {reason}").format(reason=reason)
            raise _refuse(source, message) from exc
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    check_size(size, source)
    return b"".join(chunks)


def check_size(size: int, source: str) -> None:
    """Refuse a file (or text) larger than MAX_FILE_BYTES."""
    if size > MAX_FILE_BYTES:
        message = _("the file is larger than {limit} KB; an SOP file is much smaller").format(
            limit=MAX_FILE_BYTES // 1024
        )
        raise _refuse(source, message)


def decode_sop(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; refuse anything else."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _refuse(source, _("the file is UTF-32 text; save it as UTF-8"), 1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            message = _("the file starts as UTF-16 but is not valid UTF-16; save it as UTF-8")
            raise _refuse(source, message, 1) from exc
    if _looks_like_utf16(data):
        message = _("the file looks like UTF-16 without a byte order mark; save it as UTF-8")
        raise _refuse(source, message, 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = _(
            "the file is not UTF-8 text (byte 0x{byte:02X} on this line); save it as UTF-8"
        ).format(byte=data[exc.start])
        raise _refuse(source, message, line) from exc


def _looks_like_utf16(data: bytes) -> bool:
    """Every other byte zero at the start: UTF-16 text of mostly ASCII letters."""
    head = data[:64]
    quarter = len(head) // 4
    return len(head) >= 4 and (head[1::2].count(0) > quarter or head[::2].count(0) > quarter)


def check_lines(text: str, source: str) -> None:
    """Refuse a text of more than MAX_LINES lines."""
    if text.count("\n", 0, len(text) - 1) >= MAX_LINES:
        message = _("the file has more than {limit} lines; an SOP file has far fewer").format(
            limit=MAX_LINES
        )
        raise _refuse(source, message, MAX_LINES + 1)


def check_characters(text: str, source: str) -> None:
    """Refuse control characters, NUL and lone surrogates, naming each line (the first ten)."""
    issues: list[SopIssue] = []
    for match in FORBIDDEN_CHARACTER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if issues and issues[-1].line == line:
            continue
        message = _("the control character {code} is not allowed in an SOP file").format(
            code=character_code(match.group())
        )
        issues.append(SopIssue(source, line, message))
        if len(issues) == _MAX_CHARACTER_ISSUES:
            break
    if issues:
        raise SopValidationError(issues)


def find_sop_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[SopIssue]]:
    """Expand folders to the SOP files inside them; return the files and the folder problems.

    A file named on the command line is kept as given, whatever its name. In a folder,
    links that lead outside it are reported, not followed, and so are unreadable folders.
    """
    found: list[Path] = []
    issues: list[SopIssue] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files, problems = _walk(path)
            found.extend(files)
            issues.extend(problems)
        else:
            found.append(path)
    return found, issues


def _walk(root: Path) -> tuple[list[Path], list[SopIssue]]:
    """The SOP files under ``root`` (sorted) and the problems met on the way."""
    issues: list[SopIssue] = []

    def unreadable(exc: OSError) -> None:
        """Record a folder that os.walk could not list."""
        reason = exc.strerror or str(exc)
        message = _("cannot read this folder: {reason}; its SOP files were not checked").format(
            reason=reason
        )
        issues.append(SopIssue(str(exc.filename or root), None, message))

    inside = root.resolve()
    files: list[Path] = []
    for folder, _dirs, names in os.walk(root, onerror=unreadable, followlinks=False):
        for name in names:
            path = Path(folder, name)
            if not is_sop_name(path):
                continue
            if path.is_symlink() and not _leads_inside(path, inside):
                message = _("a link that leads outside {folder}; not read").format(folder=root)
                issues.append(SopIssue(str(path), None, message))
                continue
            files.append(path)
    return sorted(files), issues


def _leads_inside(link: Path, inside: Path) -> bool:
    """Tell whether a link ends at a place inside the folder being checked."""
    try:
        return link.resolve().is_relative_to(inside)
    except (OSError, RuntimeError):  # a loop of links: reading it says so
        return True
