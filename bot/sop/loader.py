"""Load SOP YAML files into `Sop` models, with every error at its file and line.

Every input ends as a valid SOP or as `SopIssue` lines, never as a traceback: the
file is read safely (`bot.sop.files`), parsed with the dangerous parts of YAML
refused (`bot.sop.yaml_text`), then validated by the model and `check_sop`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bot.i18n import _, ngettext
from bot.sop.check import Location, check_sop
from bot.sop.errors import SopIssue, SopValidationError
from bot.sop.escape import escape_control
from bot.sop.files import (
    SOP_SUFFIXES,
    check_characters,
    check_lines,
    check_size,
    decode_sop,
    find_sop_files,
    is_sop_name,
    read_sop_bytes,
)
from bot.sop.hints import field_hint, key_hint, target_hint
from bot.sop.model import Sop
from bot.sop.yaml_text import read_yaml

__all__ = ["SOP_SUFFIXES", "load_sop", "load_sops", "parse_sop", "parse_sop_bytes", "sop_files"]

log = logging.getLogger(__name__)

MAX_ISSUES = 50  # per file: past that, the first problems are what an author fixes first


def _line_of(loc: Sequence[str | int], lines: dict[Location, int]) -> int | None:
    """The line of the deepest part of ``loc`` that exists in the file."""
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1 if lines else None


def _step_of(loc: Sequence[str | int], data: Any) -> int | None:
    """The step number (as written) that ``loc`` points into, if any."""
    if len(loc) < 2 or loc[0] != "langkah" or not isinstance(loc[1], int):
        return None
    try:
        number = data["langkah"][loc[1]].get("nomor")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return number if isinstance(number, int) else loc[1] + 1


def _field_loc(loc: Sequence[str | int], data: Any) -> tuple[str | int, ...]:
    """The part of a pydantic ``loc`` that names keys and items of the YAML data.

    pydantic appends union-branch, validator and dict-key tags to loc ("int",
    "literal['tolak']", "function-after[...]", "[key]"); they come after the value
    they are about, so the walk stops at the first part that is not a key or index
    of a mapping or list. A key missing from a mapping is kept (a missing field).
    """
    kept: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part] if 0 <= part < len(node) else None
        else:
            break
        kept.append(part)
    return tuple(kept)


def _describe(error: ErrorDetails, data: Any) -> str:
    """Say a pydantic error in plain words."""
    loc = _field_loc(error["loc"], data)
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    kind = error["type"]
    if kind == "missing":
        return _("required field '{field}' is missing").format(field=field)
    if kind == "extra_forbidden":
        message = _("unknown field '{field}'").format(field=field)
        hint = field_hint(loc, field)
        return message if hint is None else f"{message}; {hint}"
    if kind in ("string_too_short", "too_short") or (
        error.get("input") is None and kind.endswith("_type")
    ):
        return _("'{field}' must not be empty").format(field=field)
    if kind == "string_type" and isinstance(error.get("input"), int | float):
        return _("'{field}' was read as a number; write it in quotes").format(field=field)
    if kind == "string_type":
        return _("'{field}' must be one text, not a list or a set of fields").format(field=field)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("'{field}' must be a set of fields, one 'name: value' per line below it").format(
            field=field
        )
    if kind in ("tuple_type", "list_type"):
        return _("'{field}' must be a text or a list of texts").format(field=field)
    if kind in ("bool_type", "bool_parsing"):
        return _("'{field}' must be 'ya' or 'tidak'").format(field=field)
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return _("'{field}' is longer than {limit} characters").format(field=field, limit=limit)
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length")
        return _("'{field}' has more than {limit} entries").format(field=field, limit=limit)
    if kind.startswith("date_"):
        return _(
            "'{field}' must be a real date written as YYYY-MM-DD or as on paper "
            "(05 Februari 2020, 5 Feb 2020, 05-02-2020), or '-' for none"
        ).format(field=field)
    if kind == "greater_than_equal":
        limit = error.get("ctx", {}).get("ge")
        return _("'{field}' must be at least {limit}").format(field=field, limit=limit)
    if kind == "string_pattern_mismatch" and field == "kode":
        return _("'kode' must be lowercase letters, digits, '-' and '_', e.g. 'cuti-tahunan'")
    if kind == "string_pattern_mismatch":
        in_steps = bool(loc) and loc[0] == "langkah"
        roles = data.get("peran") if in_steps and isinstance(data, dict) else None
        return key_hint(error.get("input", field), roles)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("'{field}' must be a whole number").format(field=field)
    if kind == "value_error":
        reason = error.get("ctx", {}).get("error", error["msg"])
        return f"{field}: {reason}"
    if kind == "literal_error" and field in ("ya", "tidak"):
        return target_hint(field, error.get("input"))
    if kind == "literal_error":
        return _("'{field}' has a value that is not allowed here").format(field=field)
    return _("'{field}' cannot be read here; see the SOP files section of the README").format(
        field=field
    )


def parse_sop(text: str, source: str = "<sop>") -> Sop:
    """Parse and validate one SOP from YAML text; raise SopValidationError listing every issue."""
    check_size(len(text), source)
    check_lines(text, source)
    check_characters(text, source)
    data, lines = read_yaml(text, source)
    if not isinstance(data, dict):
        message = _("an SOP file must be a mapping of SOP AP fields (identitas, peran, langkah)")
        raise SopValidationError([SopIssue(source, 1, message)])
    data.setdefault("kode", Path(source).stem.lower() if is_sop_name(Path(source)) else "")
    try:
        sop = Sop.model_validate(data)
    except ValidationError as exc:
        raise SopValidationError(_first(_validation_issues(source, exc, data, lines))) from exc
    findings = check_sop(sop)
    if findings:
        issues = [_issue(source, loc, msg, data, lines) for loc, msg in findings]
        raise SopValidationError(_first(issues))
    return sop


def _first(issues: list[SopIssue]) -> list[SopIssue]:
    """The first MAX_ISSUES issues, and a line that says how many more there are."""
    if len(issues) <= MAX_ISSUES:
        return issues
    more = len(issues) - MAX_ISSUES
    message = ngettext(
        "and {count} more problem in this file", "and {count} more problems in this file", more
    ).format(count=more)
    return [*issues[:MAX_ISSUES], SopIssue(issues[0].source, None, message)]


def parse_sop_bytes(data: bytes, source: str = "<sop>") -> Sop:
    """Decode (UTF-8, or UTF-16 with BOM) and parse one SOP sent as bytes, e.g. an upload."""
    check_size(len(data), source)
    return parse_sop(decode_sop(data, source), source)


def _validation_issues(
    source: str, exc: ValidationError, data: Any, lines: dict[Location, int]
) -> list[SopIssue]:
    """One issue per place in the file: union branches of one value collapse into one."""
    found: dict[tuple[str | int, ...], SopIssue] = {}
    for error in exc.errors():
        if error["type"] == "too_short" and error.get("input"):
            continue  # "0 items after validation": the items' own errors say why
        loc = _field_loc(error["loc"], data)
        if loc in found and error["type"] != "literal_error":
            continue  # keep the literal branch: it names every allowed value
        found[loc] = _issue(source, loc, _describe(error, data), data, lines)
    return list(found.values())


def _issue(
    source: str, loc: Sequence[str | int], message: str, data: Any, lines: dict[Location, int]
) -> SopIssue:
    loc = _field_loc(loc, data)
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
    return SopIssue(source, _line_of(loc, lines), message, _step_of(loc, data), field)


def load_sop(path: str | Path) -> Sop:
    """Load one SOP file; raise SopValidationError naming the file and line."""
    path = Path(path)
    return parse_sop_bytes(read_sop_bytes(path), str(path))


def sop_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories to the SOP files inside them, sorted; keep files as given."""
    return find_sop_files(paths)[0]


def _load_one(path: Path) -> tuple[Sop | None, Sequence[SopIssue]]:
    """Load one file; any failure becomes issues, so that the other files are still checked."""
    try:
        return load_sop(path), ()
    except SopValidationError as exc:
        return None, exc.issues
    except Exception as exc:  # a loader bug must not hide the other files' problems
        log.debug("unexpected error while checking %s", path, exc_info=True)
        message = _(
            "could not be checked because of an unexpected error ({error}); please report it"
        ).format(error=escape_control(repr(exc))[:200])
        return None, (SopIssue(str(path), None, message),)


def load_sops(paths: Iterable[str | Path]) -> tuple[list[Sop], list[SopIssue]]:
    """Load every SOP under ``paths``; return the valid ones and every issue found.

    Of two files with the same code, the first (in sorted order) is kept and the
    second is reported, naming both.
    """
    files, issues = find_sop_files(paths)
    sops: list[Sop] = []
    first_file: dict[str, Path] = {}
    for path in files:
        sop, problems = _load_one(path)
        issues.extend(problems)
        if sop is None:
            continue
        if sop.key in first_file:
            message = _("SOP code '{key}' is already used by {other}").format(
                key=sop.key, other=first_file[sop.key]
            )
            issues.append(SopIssue(str(path), None, message))
            continue
        first_file[sop.key] = path
        sops.append(sop)
    return sops, issues
