"""Load SOP YAML files into `Sop` models, with every error at its file and line.

ruamel.yaml reads YAML 1.2, where only ``true``/``false`` are booleans: ``ya``,
``tidak``, ``on`` and ``no`` stay strings, as an SOP author means them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from bot.i18n import _
from bot.sop.check import Location, check_sop
from bot.sop.errors import SopIssue, SopValidationError
from bot.sop.model import Sop

SOP_SUFFIXES = (".yaml", ".yml")


def _plain(node: Any, loc: Location, lines: dict[Location, int]) -> Any:
    """Turn ruamel nodes into plain data, recording the line of every key and item."""
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            lines[(*loc, str(key))] = node.lc.key(key)[0] + 1
            result[str(key)] = _plain(value, (*loc, str(key)), lines)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            lines[(*loc, index)] = node.lc.item(index)[0] + 1
            items.append(_plain(value, (*loc, index), lines))
        return items
    return node


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
        return _("unknown field '{field}'").format(field=field)
    if kind in ("string_too_short", "too_short") or (
        error.get("input") is None and kind.endswith("_type")
    ):
        return _("'{field}' must not be empty").format(field=field)
    if kind == "string_type" and isinstance(error.get("input"), int | float):
        return _("'{field}' was read as a number; write it in quotes").format(field=field)
    if kind == "greater_than_equal":
        limit = error.get("ctx", {}).get("ge")
        return _("'{field}' must be at least {limit}").format(field=field, limit=limit)
    if kind == "string_pattern_mismatch":
        return _("'{field}' must be a short lowercase key such as 'kepala' or 'staf_tu'").format(
            field=field
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("'{field}' must be a whole number").format(field=field)
    if kind == "value_error":
        reason = error.get("ctx", {}).get("error", error["msg"])
        return f"{field}: {reason}"
    if kind == "literal_error" and field in ("ya", "tidak"):
        return _("'{field}' must be a step number, 'selesai' or 'tolak'").format(field=field)
    return "{field}: {message}".format(field=field, message=error["msg"])


def parse_sop(text: str, source: str = "<sop>") -> Sop:
    """Parse and validate one SOP from YAML text; raise SopValidationError listing every issue."""
    try:
        document = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = exc.problem or exc.context or str(exc)
        message = _("the file is not valid YAML: {reason}").format(reason=reason)
        if exc.problem and exc.context and exc.context_mark is not None:
            message += " " + _("({context} that starts on line {line})").format(
                context=exc.context, line=exc.context_mark.line + 1
            )
        raise SopValidationError([SopIssue(source, line, message)]) from exc
    lines: dict[Location, int] = {}
    data = _plain(document, (), lines)
    if not isinstance(data, dict):
        message = _("an SOP file must be a mapping of SOP AP fields (identitas, peran, langkah)")
        raise SopValidationError([SopIssue(source, 1, message)])
    data.setdefault("kode", Path(source).stem if source.endswith(SOP_SUFFIXES) else "")
    try:
        sop = Sop.model_validate(data)
    except ValidationError as exc:
        raise SopValidationError(_validation_issues(source, exc, data, lines)) from exc
    findings = check_sop(sop)
    if findings:
        raise SopValidationError([_issue(source, loc, msg, data, lines) for loc, msg in findings])
    return sop


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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = _("cannot read the file: {reason}").format(reason=exc)
        raise SopValidationError([SopIssue(str(path), None, message)]) from exc
    return parse_sop(text, str(path))


def sop_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories to the SOP files inside them, sorted; keep files as given."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SOP_SUFFIXES))
        else:
            found.append(path)
    return found


def load_sops(paths: Iterable[str | Path]) -> tuple[list[Sop], list[SopIssue]]:
    """Load every SOP under ``paths``; return the valid ones and every issue found."""
    sops: list[Sop] = []
    issues: list[SopIssue] = []
    for path in sop_files(paths):
        try:
            sops.append(load_sop(path))
        except SopValidationError as exc:
            issues.extend(exc.issues)
    keys: dict[str, Sop] = {}
    for sop in sops:
        if sop.key in keys:
            message = _("SOP code '{key}' is used by more than one file").format(key=sop.key)
            issues.append(SopIssue(sop.key, None, message))
        keys[sop.key] = sop
    return sops, issues
