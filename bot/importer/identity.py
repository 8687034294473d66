"""Read the identity block and the six identity lists, in whichever order they come."""

from __future__ import annotations

import re
from typing import Any

from bot.importer.cleaning import clean_cell, split_numbered
from bot.sop.dates import read_paper_date

_FIELDS = {
    "nomor sop": "nomor",
    "tanggal pembuatan": "tanggal_pembuatan",
    "tanggal revisi": "tanggal_revisi",
    "tanggal efektif": "tanggal_efektif",
    "tanggal pengesahan": "tanggal_pengesahan",
    "disahkan oleh": "disahkan_oleh",
    "judul sop": "nama",
    "nama sop": "nama",
}
_LABELLED = re.compile(r"^(nama sop|judul sop|nomor sop)\s*:\s*(\S.*)$", re.IGNORECASE)
_LISTS = {
    "dasar hukum": "dasar_hukum",
    "kualifikasi pelaksana": "kualifikasi_pelaksana",
    "keterkaitan": "keterkaitan",
    "peralatan/perlengkapan": "peralatan_perlengkapan",
    "peringatan": "peringatan",
    "pencatatan dan pendataan": "pencatatan_pendataan",
}
_LIST_HEAD = re.compile(
    r"^(" + "|".join(re.escape(h) for h in _LISTS) + r")\s*:?\s*(.*)$", re.IGNORECASE
)


def read_identity(lines: list[str]) -> dict[str, Any]:
    """The identity fields written as "Label<TAB>value" cells, and the instansi and unit."""
    identity: dict[str, Any] = {}
    for line in lines:
        if match := _LABELLED.match(clean_cell(line)):
            identity.setdefault(_FIELDS[match[1].lower()], match[2].strip())
            continue
        cells = [clean_cell(cell) for cell in line.split("\t")]
        for index, cell in enumerate(cells):
            key = _FIELDS.get(cell.lower())
            if key is None or key in identity:
                continue
            value = next((c for c in cells[index + 1 :] if c), "")
            before = [c for c in cells[:index] if c]
            if key == "nomor" and before:
                identity["instansi"] = before[-1]
            if key == "disahkan_oleh" and before:
                identity["unit"] = before[-1]
            if value:
                identity[key] = _value(key, value)
    return identity


def _value(key: str, value: str) -> Any:
    """A date field as a date when it reads as one; every other field as written."""
    if key.startswith("tanggal_"):
        read = read_paper_date(value)
        return None if read is None else read if not isinstance(read, str) else value
    return value


def read_lists(lines: list[str]) -> dict[str, list[str]]:
    """The six lists: "Heading : items" cells, or heading cells over a line of items."""
    lists: dict[str, list[str]] = {}
    waiting: list[str] = []
    for line in lines:
        cells = [clean_cell(cell) for cell in line.split("\t")]
        cells = [cell for cell in cells if cell]
        heads = [_LIST_HEAD.match(cell) for cell in cells]
        if cells and all(heads):
            waiting = []
            for match in heads:
                assert match is not None
                key = _LISTS[match[1].lower()]
                if match[2]:
                    lists[key] = split_numbered(match[2])
                else:
                    waiting.append(key)
        elif waiting and cells:
            for key, cell in zip(waiting, cells, strict=False):
                lists[key] = split_numbered(cell)
            waiting = []
    return lists
