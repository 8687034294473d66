"""Read SOP YAML into plain data with the line of every key, refusing what an SOP never needs.

ruamel.yaml reads YAML 1.2, where only ``true``/``false`` are booleans: ``ya``,
``tidak``, ``on`` and ``no`` stay strings, as an SOP author means them. Every parser
event is checked as the composer takes it, before anything is built: tags,
directives other than ``%YAML 1.2``, anchors and aliases (the "billion laughs"),
merge keys, nesting beyond MAX_DEPTH, more than MAX_EVENTS values and numbers
longer than MAX_NUMBER_CHARS are refused with their line, so nothing is ever
expanded, executed or converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.tokens import DirectiveToken

from bot.i18n import _
from bot.sop.errors import SopIssue, SopValidationError
from bot.sop.escape import FORBIDDEN_CHARACTER, character_code, escape_control

Location = tuple[str | int, ...]

MAX_DEPTH = 16  # an SOP nests four levels: file, langkah, step, keputusan
# Parser events (each key, value, list or mapping): the seeds have about 500, the
# largest valid SOP a few thousand. ruamel needs ~0.1 ms an event, so this bounds time.
MAX_EVENTS = 10_000
MAX_NUMBER_CHARS = 20
_NUMBER_LIKE = re.compile(
    r"[-+]?(?:0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|(?:[0-9_]+(?:\.[0-9_]*)?|\.[0-9_]+)(?:e[-+]?[0-9_]+)?)"
)
_SHOWN_CHARS = 40
_STANDARD_TAGS = "tag:yaml.org,2002:"


class _Refused(Exception):
    """A YAML feature an SOP file may not use, at its line (and place, once known)."""

    def __init__(self, line: int, message: str, loc: Location = ()) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.loc = loc


@dataclass(slots=True)
class _Frame:
    """One open mapping (its current key, and whether a key comes next) or list (its index)."""

    is_map: bool
    key: str = ""
    expects_key: bool = True
    index: int = 0


class _Position:
    """Where the parser is in the document: the keys and indexes down to the current node."""

    def __init__(self) -> None:
        self._frames: list[_Frame] = []

    def location(self) -> Location:
        """The keys and indexes of the node being read."""
        parts: list[str | int] = []
        for frame in self._frames:
            if not frame.is_map:
                parts.append(frame.index)
            elif not frame.expects_key:
                parts.append(frame.key)
        return tuple(parts)

    def enter(self, event: Event) -> Location:
        """Follow one event; return the location of the node it starts (or ends)."""
        top = self._frames[-1] if self._frames else None
        if isinstance(event, CollectionEndEvent):
            if self._frames:
                self._frames.pop()
            self._done()
            return self.location()
        if not isinstance(event, NodeEvent):
            return self.location()
        if top is not None and top.is_map and top.expects_key:
            top.key = str(event.value) if isinstance(event, ScalarEvent) else "?"
            loc = self.location()
            if isinstance(event, ScalarEvent):
                top.expects_key = False
            else:
                self._frames.append(_Frame(is_map=isinstance(event, MappingStartEvent)))
            return loc
        loc = self.location()
        if isinstance(event, CollectionStartEvent):
            self._frames.append(_Frame(is_map=isinstance(event, MappingStartEvent)))
        else:
            self._done()
        return loc

    def _done(self) -> None:
        """The node in the innermost collection is complete: on to the next key or item."""
        if not self._frames:
            return
        top = self._frames[-1]
        if top.is_map:
            top.expects_key = not top.expects_key
        else:
            top.index += 1


def _shown(value: str) -> str:
    """A value quoted in a message: escaped and cut short."""
    short = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"
    return escape_control(short)


def _check_scalar(event: ScalarEvent, line: int) -> None:
    """Refuse control characters, merge keys and over-long numbers in one scalar."""
    value = event.value
    bad = FORBIDDEN_CHARACTER.search(value)
    if bad:
        raise _Refused(
            line,
            _("the control character {code} is not allowed in an SOP file").format(
                code=character_code(bad.group())
            ),
        )
    if event.style is not None:
        return  # quoted or block text: never a number or a merge key
    if value == "<<":
        raise _Refused(line, _("merge keys (<<) are not allowed; write every field out in full"))
    if len(value) > MAX_NUMBER_CHARS and _NUMBER_LIKE.fullmatch(value.lower()):
        raise _Refused(
            line,
            _("the number {value} is longer than {limit} characters").format(
                value=_shown(value), limit=MAX_NUMBER_CHARS
            ),
        )


class _CheckedParser(RoundTripParser):
    """The round-trip parser, refusing each event an SOP file may not contain."""

    def __init__(self, loader: Any) -> None:
        super().__init__(loader)
        self._depth = 0
        self._events = 0
        self._position = _Position()

    def process_directives(self) -> Any:
        """Accept only ``%YAML 1.2``: other versions change what words mean (1.1: yes/no)."""
        version = None
        while self.scanner.check_token(DirectiveToken):
            token = self.scanner.get_token()
            line = token.start_mark.line + 1
            if token.name == "TAG":
                raise _Refused(line, _("%TAG directives are not allowed in an SOP file"))
            if token.name == "YAML":
                written = ".".join(str(part) for part in token.value)
                if tuple(token.value) != (1, 2) or version is not None:
                    message = _("only YAML 1.2 is read; remove the line '%YAML {version}'")
                    raise _Refused(line, message.format(version=written))
                version = (1, 2)
        # Other directives are reserved by YAML and ignored, as the specification says.
        self.tag_handles = dict(self.DEFAULT_TAGS)
        if self.loader is not None and hasattr(self.loader, "tags"):
            self.loader.version = version
        return version, None

    def get_event(self) -> Any:
        """Hand the composer the next event, once it has passed the checks."""
        event = super().get_event()
        if event is not None:
            loc = self._position.enter(event)
            try:
                self._check(event)
            except _Refused as exc:
                exc.loc = loc
                raise
        return event

    def _check(self, event: Event) -> None:
        """Raise _Refused when ``event`` uses what an SOP file may not."""
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        self._events += 1
        if self._events > MAX_EVENTS:
            raise _Refused(
                line,
                _("the file has more than {limit} values; an SOP file has far fewer").format(
                    limit=MAX_EVENTS
                ),
            )
        if self.loader is not None:
            self.loader.sop_line = line  # where to point when ruamel fails without a mark
        if isinstance(event, AliasEvent):
            raise _Refused(
                line,
                _("aliases (*{name}) are not allowed; write the value out in full").format(
                    name=_shown(str(event.anchor))
                ),
            )
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _Refused(
                line,
                _("anchors (&{name}) are not allowed; write the value out in full").format(
                    name=_shown(str(event.anchor))
                ),
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            written = str(tag).replace(_STANDARD_TAGS, "!!", 1)
            raise _Refused(
                line,
                _("YAML tags ({tag}) are not allowed; write the value as plain text").format(
                    tag=_shown(written)
                ),
            )
        if isinstance(event, CollectionStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    line,
                    _("the file nests more than {limit} levels deep").format(limit=MAX_DEPTH),
                )
        elif isinstance(event, CollectionEndEvent):
            self._depth -= 1
        elif isinstance(event, ScalarEvent):
            _check_scalar(event, line)


class _Constructor(RoundTripConstructor):
    """Builds plain values; dates stay text, checked (with a clear message) by the model."""

    def construct_date_text(self, node: Any, values: Any = None) -> str:
        """Keep a date-like scalar as its text: ``2024-02-30`` must not raise here."""
        return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_date_text)


def _yaml() -> YAML:
    """A round-trip YAML reader with the checking parser and the plain constructor."""
    yaml = YAML(typ="rt")
    yaml.Parser = _CheckedParser
    yaml.Constructor = _Constructor
    return yaml


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


def _syntax_hint(reason: str) -> str | None:
    """What to write instead, for the YAML mistakes SOP authors make most."""
    if "'\\t'" in reason or "\t" in reason:
        return _("indent with spaces, not tabs (set your editor to insert spaces)")
    if "mapping values are not allowed" in reason:
        return _(
            "a text that contains ': ' must be in quotes, e.g. uraian: \"Catatan: surat dikirim\""
        )
    return None


def _syntax_issue(source: str, exc: MarkedYAMLError) -> SopIssue:
    """A YAML syntax error as an issue at its line."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    reason = exc.problem or exc.context or str(exc)
    message = _("the file is not valid YAML: {reason}").format(reason=reason)
    hint = _syntax_hint(reason)
    if hint is not None:  # the plain words replace the parser's English
        message = _("the file is not valid YAML: {reason}").format(reason=hint)
        return SopIssue(source, line, escape_control(message))
    if exc.problem and exc.context and exc.context_mark is not None:
        message += " " + _("({context} that starts on line {line})").format(
            context=exc.context, line=exc.context_mark.line + 1
        )
    return SopIssue(source, line, escape_control(message))


def _step_and_field(loc: Location) -> tuple[int | None, str | None]:
    """The step (by its place in the table) and the field a location points into."""
    step = loc[1] + 1 if len(loc) > 1 and loc[0] == "langkah" and isinstance(loc[1], int) else None
    field = next((part for part in reversed(loc) if isinstance(part, str)), None)
    return step, field


def read_yaml(text: str, source: str) -> tuple[Any, dict[Location, int]]:
    """Parse YAML text into plain data and the line of every key and list item."""
    yaml = _yaml()
    try:
        document = yaml.load(text)
    except _Refused as exc:
        step, field = _step_and_field(exc.loc)
        raise SopValidationError([SopIssue(source, exc.line, exc.message, step, field)]) from exc
    except MarkedYAMLError as exc:
        raise SopValidationError([_syntax_issue(source, exc)]) from exc
    except (YAMLError, ValueError, TypeError, KeyError, OverflowError) as exc:
        # ruamel raises these for a few malformed inputs (an escape beyond U+10FFFF).
        line = getattr(yaml, "sop_line", None)
        message = _("the file is not valid YAML: {reason}").format(reason=_shown(str(exc)))
        raise SopValidationError([SopIssue(source, line, message)]) from exc
    lines: dict[Location, int] = {}
    return _plain(document, (), lines), lines
