"""Build the draft SOP from a document's table and identity: actors, times, decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.i18n import _
from bot.importer.cleaning import split_numbered
from bot.importer.errors import NotAnSopError
from bot.importer.identity import read_identity, read_lists
from bot.importer.ocr import find_ocr_columns, read_ocr_rows
from bot.importer.table import Columns, Row, find_columns, read_rows
from bot.sop.hints import suggest_key
from bot.sop.waktu import WaktuError, parse_waktu

# Verbs of a check or a signature: the step is proposed as a decision.
_DECIDING = re.compile(
    r"\b(mengoreksi|memeriksa|meneliti|memverifikasi|menyetujui|menandatangani|"
    r"penandatanganan|koreksi|pemeriksaan)\b",
    re.IGNORECASE,
)


# Flow lines between shapes: they cross columns, so they do not name the actor.
_ARROW = re.compile(r"[←→↑↓↔|\\/<>\-]+")


@dataclass
class Draft:
    """The SOP data read from a document, and what a person must still check."""

    data: dict[str, Any]
    review: list[str] = field(default_factory=list)


def build_draft(text: str, source: str) -> Draft:
    """Read a text extraction of an SOP AP document into a draft."""
    lines = text.replace("\r\n", "\n").split("\n")
    found = find_columns(lines)
    ocr = found is None
    if found is None:
        found = find_ocr_columns(lines)
    if found is None:
        raise NotAnSopError(source, (_("procedure table (Uraian Prosedur, Pelaksana)"),))
    start, columns = found
    if not columns.roles:
        raise NotAnSopError(source, (_("Pelaksana columns"),))
    rows = read_ocr_rows(lines, start) if ocr else read_rows(lines, start, columns)
    if not rows:
        raise NotAnSopError(source, (_("numbered steps"),))
    identity = read_identity(lines)
    draft = Draft({})
    if "nama" not in identity:
        identity["nama"] = _title(lines) or Path(source).stem
        draft.review.append(_("identitas: the SOP title was not found; check 'nama'"))
    draft.data["identitas"] = {key: value for key, value in identity.items() if value}
    draft.data.update(read_lists(lines))
    roles = _roles(columns)
    draft.data["peran"] = roles
    draft.data["langkah"] = [_step(row, rows, roles, columns, draft) for row in rows]
    if ocr:
        _mark_ocr(draft)
    return draft


def _mark_ocr(draft: Draft) -> None:
    """Mark every step of an OCR'd table: its columns ran together."""
    draft.review.insert(
        0,
        _(
            "the table was read from OCR text: the uraian holds the Kelengkapan too, and the "
            "role names (peran) were pieced together from the header; check every step"
        ),
    )
    for step in draft.data["langkah"]:
        marks = step.setdefault("tinjau", [])
        for name in ("nomor", "uraian", "pelaksana", "output"):
            if name not in marks:
                marks.append(name)


def _title(lines: list[str]) -> str | None:
    """The title after "SOP" in a heading line such as "SOP PENGUKURAN KINERJA"."""
    for line in lines:
        match = re.match(r"^\W*(?:SOP|STANDAR OPERASIONAL PROSEDUR.*?\))\s+(.+?)\W*$", line)
        if match:
            return match[1].strip()
    return None


def _roles(columns: Columns) -> dict[str, str]:
    """A key for each Pelaksana column, made from its jabatan name."""
    roles: dict[str, str] = {}
    for name in columns.roles.values():
        key = suggest_key(name.split("/")[0])
        while key in roles:
            key += "_2"
        roles[key] = name
    return roles


def _actor(row: Row, previous: str | None, roles: dict[str, str]) -> tuple[str, bool]:
    """The role of a row and whether it is certain: a mark in its column, else a guess."""
    by_name = {name: key for key, name in roles.items()}
    shapes = [by_name[name] for name, mark in row.marks.items() if not _ARROW.fullmatch(mark)]
    if len(shapes) == 1:
        return shapes[0], True
    lowered = row.activity.lower()
    for key, name in sorted(roles.items(), key=lambda item: -len(item[1])):
        first = name.split()[0].lower()
        if lowered.startswith((name.lower(), first + " ")) or f"oleh {first}" in lowered:
            return key, False
    arrows = [by_name[name] for name in row.marks]
    return (arrows[0] if arrows else previous or next(iter(roles))), False


def _step(row: Row, rows: list[Row], roles: dict[str, str], columns: Columns, draft: Draft) -> Any:
    """One langkah entry, with what needs review marked in ``tinjau``."""
    index = rows.index(row)
    earlier = draft.data.get("langkah", [])
    previous = None
    if index > 0 and len(earlier) >= index:
        previous = earlier[index - 1]["pelaksana"]
    actor, certain = _actor(row, previous, roles)
    step: dict[str, Any] = {"nomor": row.number, "uraian": row.activity, "pelaksana": actor}
    review: list[str] = []
    if not certain:
        review.append("pelaksana")
        draft.review.append(
            _("step {number}: actor guessed as '{role}' from the text").format(
                number=row.number, role=roles[actor]
            )
        )
    if row.inputs:
        items = split_numbered(row.inputs)
        step["kelengkapan"] = items if len(items) > 1 else items[0] if items else row.inputs
    step["waktu"] = _waktu(row, columns, review, draft)
    if row.output:
        step["output"] = row.output
    if row.note:
        step["keterangan"] = row.note
    if _DECIDING.search(row.activity):
        step["keputusan"] = {
            "pertanyaan": row.activity.rstrip(".") + "?",
            "tidak": row.number - 1 if row.number > 1 else row.number,
        }
        review.append("keputusan")
        draft.review.append(
            _("step {number}: proposed as a decision (check, correct, approve or sign)").format(
                number=row.number
            )
        )
    if review:
        step["tinjau"] = review
    return step


def _waktu(row: Row, columns: Columns, review: list[str], draft: Draft) -> str:
    """The Waktu as written ("15" under "Waktu (menit)" is "15 menit"); "-" if unreadable."""
    text = row.time
    if columns.time_in_minutes and re.fullmatch(r"\d+", text):
        text = f"{text} menit"
    try:
        parse_waktu(text)
    except WaktuError:
        review.append("waktu")
        draft.review.append(
            _("step {number}: the time '{text}' could not be read; it is left empty").format(
                number=row.number, text=row.time
            )
        )
        return "-"
    return text or "-"
