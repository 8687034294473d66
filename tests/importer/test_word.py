"""Word documents built here with python-docx, shaped like real SOP AP files, import correctly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.table import Table, _Cell

from bot.importer.document import draft_yaml, import_document
from bot.importer.errors import NotAnSopError, UnreadableDocumentError
from bot.sop.loader import parse_sop
from bot.sop.model import Sop

VML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:{shape} style="width:20pt;height:10pt"/>'
    "</w:pict></w:r>"
)
STEPS = [
    # number, uraian, column with the shape (0 staf, 1 kasubbag, 2 kepala), kelengkapan, waktu
    (1, "Menerima dan mencatat surat masuk", 0, ["Surat masuk", "Buku agenda"], "15 menit"),
    (2, "Memeriksa surat dan memberi disposisi", 2, ["Surat masuk"], "± 30 menit"),
    (3, "Meneruskan surat kepada pengolah", 1, ["Lembar disposisi"], "1 jam"),
    (4, "Mengarsipkan surat", 0, ["Surat masuk", "Lembar disposisi"], "paling lama 1 hari"),
]


def shape(cell: _Cell, kind: str) -> None:
    cell.paragraphs[0]._p.append(parse_xml(VML.format(shape=kind)))


def numbered(cell: _Cell, items: list[str]) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for item in items:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.text = item
        paragraph.style = "List Number"
        first = False


def header(table: Table) -> None:
    top, second = table.rows[0].cells, table.rows[1].cells
    top[0].text, top[1].text, top[2].text, top[5].text, top[8].text = (
        "No.",
        "Uraian Prosedur",
        "Pelaksana",
        "Mutu Baku",
        "Keterangan",
    )
    for index, name in enumerate(["Staf", "Kasubbag Umum", "Kepala Bagian"]):
        second[2 + index].text = name
    for index, name in enumerate(["Kelengkapan", "Waktu", "Output"]):
        second[5 + index].text = name
    table.cell(0, 2).merge(table.cell(0, 4))
    table.cell(0, 5).merge(table.cell(0, 7))
    for column in (0, 1, 8):
        table.cell(0, column).merge(table.cell(1, column))


def procedure_table(document: Document, steps: list[tuple[int, str, int, list[str], str]]) -> None:
    table = document.add_table(rows=2 + len(steps), cols=9)
    header(table)
    for offset, (number, activity, actor, inputs, waktu) in enumerate(steps):
        cells = table.rows[2 + offset].cells
        cells[0].text, cells[1].text, cells[6].text = f"{number}.", activity, waktu
        shape(cells[2 + actor], "oval" if number == 1 else "rect")
        numbered(cells[5], inputs)
        cells[7].text = "Surat"


def sop_document() -> bytes:
    document = Document()
    identity = document.add_table(rows=4, cols=3)
    for row, (left, label, value) in enumerate(
        [
            ("PEMERINTAH KABUPATEN CONTOH", "Nomor SOP", "800/12/2025"),
            ("", "Tanggal Pembuatan", "5 Feb 2025"),
            ("BAGIAN UMUM", "Disahkan oleh", "Kepala Bagian Umum"),
            ("", "Judul SOP", "Penanganan Surat Masuk"),
        ]
    ):
        cells = identity.rows[row].cells
        cells[0].text, cells[1].text, cells[2].text = left, label, value
    lists = document.add_table(rows=1, cols=2).rows[0].cells
    lists[0].text = "Dasar Hukum :"
    for item in ["Permenpan RB Nomor 35 Tahun 2012", "Perbup Nomor 1 Tahun 2020"]:
        lists[0].add_paragraph(item, style="List Number")
    lists[1].text = "Peralatan/perlengkapan : Komputer"
    document.add_paragraph("SOP PENANGANAN SURAT MASUK")
    procedure_table(document, STEPS[:2])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    procedure_table(document, STEPS[2:])  # the next page repeats the header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def draft(tmp_path: Path) -> tuple[Sop, str]:
    path = tmp_path / "surat-masuk.docx"
    path.write_bytes(sop_document())
    text = draft_yaml(import_document(path))
    return parse_sop(text, str(tmp_path / "surat-masuk.yaml")), text


def test_the_actor_is_the_column_whose_cell_holds_the_shape(draft: tuple[Sop, str]) -> None:
    sop, _ = draft
    names = [[sop.roles[actor] for actor in step.actors] for step in sop.steps]
    assert names == [["Staf"], ["Kepala Bagian"], ["Kasubbag Umum"], ["Staf"]]
    assert all("pelaksana" not in step.review for step in sop.steps)


def test_a_table_split_over_two_pages_is_read_once_in_order(draft: tuple[Sop, str]) -> None:
    sop, _ = draft
    assert [step.number for step in sop.steps] == [1, 2, 3, 4]
    assert [step.activity for step in sop.steps] == [s[1] for s in STEPS]
    assert list(sop.roles.values()) == ["Staf", "Kasubbag Umum", "Kepala Bagian"]


def test_numbered_lists_in_cells_become_lists(draft: tuple[Sop, str]) -> None:
    sop, _ = draft
    assert [list(step.inputs) for step in sop.steps] == [s[3] for s in STEPS]
    assert sop.legal_basis == ("Permenpan RB Nomor 35 Tahun 2012", "Perbup Nomor 1 Tahun 2020")
    assert sop.equipment == ("Komputer",)


def test_identity_times_and_decisions_are_read(draft: tuple[Sop, str]) -> None:
    sop, text = draft
    identity = sop.identity
    assert (identity.name, identity.number, identity.agency, identity.unit) == (
        "Penanganan Surat Masuk",
        "800/12/2025",
        "PEMERINTAH KABUPATEN CONTOH",
        "BAGIAN UMUM",
    )
    assert str(identity.created) == "2025-02-05"
    assert [step.standard.text for step in sop.steps] == [s[4] for s in STEPS]
    assert sop.steps[1].standard.approximate and sop.steps[3].standard.maximum
    assert sop.steps[1].decision is not None and "keputusan" in sop.steps[1].review
    assert "step 2: proposed as a decision" in text


def test_a_word_document_without_a_procedure_table_names_what_is_missing(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("NOTA DINAS")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Perihal"
    path = tmp_path / "nota.docx"
    document.save(str(path))
    with pytest.raises(NotAnSopError, match="procedure table"):
        import_document(path)


def test_a_broken_docx_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "rusak.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableDocumentError, match="not a Word"):
        import_document(path)
