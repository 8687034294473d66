"""The four seed SOPs in sops/ load, and say what their documents say."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from bot.i18n import use_locale
from bot.sop.check import successors
from bot.sop.loader import load_sop, load_sops, sop_files
from bot.sop.model import Sop
from bot.sop.waktu import StandardKind

SOPS_DIR = Path(__file__).resolve().parents[2] / "sops"
BPPD = "pengukuran-kinerja-bppd-anambas"
BAPPEDA = "pengukuran-kinerja-bappeda-banggai"
PERANGKAT = "pengukuran-kinerja-perangkat-daerah"
INSPEKTORAT = "perencanaan-kinerja-inspektorat-anambas"
SEEDS = (BPPD, BAPPEDA, PERANGKAT, INSPEKTORAT)
_END = 0  # successors() uses 0 for "the run ends"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


@cache
def seed(key: str) -> Sop:
    return load_sop(SOPS_DIR / f"{key}.yaml")


def texts(sop: Sop) -> Iterator[str]:
    """Every piece of text a user can see in an SOP."""
    identity = sop.identity
    yield from (
        value for value in (identity.name, identity.number, identity.agency, identity.unit) if value
    )
    if identity.approved_by:
        yield identity.approved_by
    for items in (
        sop.legal_basis,
        sop.qualifications,
        sop.related,
        sop.equipment,
        sop.warnings,
        sop.records,
    ):
        yield from items
    yield from sop.roles.values()
    for step in sop.steps:
        yield step.activity
        yield from step.inputs
        yield step.standard.text
        for value in (step.output, step.note):
            if value:
                yield value
        if step.decision:
            yield step.decision.question


def decisions(sop: Sop) -> dict[int, tuple[str, int | str | None, int | str]]:
    """step number -> (actor, ya, tidak) for every decision step."""
    return {
        step.number: (step.actors[0], step.decision.yes, step.decision.no)
        for step in sop.steps
        if step.decision is not None
    }


# --- every seed -------------------------------------------------------------------


def test_the_sops_directory_loads_without_issues() -> None:
    sops, issues = load_sops([SOPS_DIR])
    assert [str(issue) for issue in issues] == []
    assert sorted(sop.key for sop in sops) == sorted(SEEDS)


def test_every_file_in_sops_is_a_seed() -> None:
    assert sorted(path.stem for path in sop_files([SOPS_DIR])) == sorted(SEEDS)


@pytest.mark.parametrize("key", SEEDS)
def test_the_code_is_the_file_name(key: str) -> None:
    assert seed(key).key == key


@pytest.mark.parametrize("key", SEEDS)
def test_steps_are_numbered_from_one(key: str) -> None:
    numbers = [step.number for step in seed(key).steps]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("key", SEEDS)
def test_every_step_has_a_time_standard_with_a_unit(key: str) -> None:
    for step in seed(key).steps:
        assert step.standard.kind is not StandardKind.NONE, step.number
        assert step.standard.amount > 0


@pytest.mark.parametrize("key", SEEDS)
def test_every_actor_is_a_role_of_the_document(key: str) -> None:
    sop = seed(key)
    used = {actor for step in sop.steps for actor in step.actors}
    assert used <= set(sop.roles)


@pytest.mark.parametrize("key", SEEDS)
def test_decisions_have_one_actor_and_send_work_back(key: str) -> None:
    sop = seed(key)
    for step in sop.steps:
        if step.decision is None:
            continue
        assert len(step.actors) == 1 and not step.each_holder
        assert step.decision.yes is None  # "ya" goes on to the next step
        assert isinstance(step.decision.no, int) and step.decision.no < step.number
        assert successors(sop, step) == {step.number + 1, step.decision.no}


@pytest.mark.parametrize("key", SEEDS)
def test_only_parallel_steps_have_several_actors(key: str) -> None:
    for step in seed(key).steps:
        assert len(step.actors) == 1 or step.each_holder or step.required is not None


@pytest.mark.parametrize("key", SEEDS)
def test_the_last_step_ends_the_run(key: str) -> None:
    sop = seed(key)
    assert successors(sop, sop.steps[-1]) == {_END}


@pytest.mark.parametrize("key", SEEDS)
def test_no_html_tags_or_ocr_marks_are_left(key: str) -> None:
    for text in texts(seed(key)):
        assert not re.search(r"</?[a-z]+[ >]", text), text
        assert not re.search(r"[|\\\[\]‘’]", text), text
        assert text == text.strip() and "  " not in text, text


@pytest.mark.parametrize("key", SEEDS)
def test_the_sop_survives_a_round_trip_through_its_data(key: str) -> None:
    sop = seed(key)
    assert Sop.model_validate(sop.to_data()) == sop


# --- seed 000: BPPD Kabupaten Kepulauan Anambas ------------------------------------


def test_bppd_identity() -> None:
    identity = seed(BPPD).identity
    assert identity.name == "Pengukuran Kinerja"
    assert identity.agency == "PEMERINTAH KABUPATEN KEPULAUAN ANAMBAS"
    assert identity.unit == "BADAN PENGELOLA PERBATASAN DAERAH"
    assert identity.number is None  # empty in the document
    assert (identity.created, identity.revised, identity.effective) == (None, None, None)
    assert identity.approved_by is not None
    assert identity.approved_by.startswith("REDO ZITHRONY FOURTY GRAV, S.IP")
    assert "Pembina /IV.a" in identity.approved_by
    assert identity.approved_by.endswith("NIP. 19880918 200701 1 001")


def test_bppd_lists() -> None:
    sop = seed(BPPD)
    assert len(sop.legal_basis) == 5
    assert sop.legal_basis[4].startswith("Peraturan Bupati Nomor 52 Tahun 2016")
    assert len(sop.qualifications) == 4
    assert sop.related == (
        "SOP Pengumpulan Data Kinerja",
        "SOP Penyusunan Penetapan Kinerja",
        "SOP Pelaksanaan Pengawasan Internal Secara Berkala",
    )
    assert sop.equipment[-1] == "Printer" and len(sop.equipment) == 5
    assert len(sop.warnings) == 1
    assert sop.records[0] == "Kepala OPD : Lembar disposisi/arahan, tanda tangan"
    assert len(sop.records) == 4


def test_bppd_roles_are_the_pelaksana_columns() -> None:
    assert seed(BPPD).roles == {
        "kepala": "Kepala BPPD",
        "sekretaris": "Sekretaris",
        "koordinator_sakip": "Koordinator Tim Sakip",
        "anggota_sakip": "Anggota Tim Sakip",
    }


def test_bppd_steps() -> None:
    sop = seed(BPPD)
    assert len(sop.steps) == 14
    assert sop.step(1).activity.startswith("Memerintahkan penyusunan pengukuran Kinerja")
    assert sop.step(1).actors == ("kepala",)
    assert sop.step(7).actors == ("sekretaris",)  # "Sekretaris BPPD menghimpun ..."
    assert sop.step(10).actors == ("sekretaris",)  # "Sekretaris menyampaikan ..."
    assert sop.step(11).actors == ("kepala",)  # "... oleh Kepala BPPD" (the ← mark)
    assert sop.step(12).actors == ("sekretaris",)  # the → mark in the Sekretaris column
    assert sop.step(5).note == "SOP Pelaksanaan Rapat"
    assert sop.step(14).activity == "Pengarsipan Dokumen Pengukuran Kinerja."


def test_bppd_waktu_is_minutes_with_the_unit_written_out() -> None:
    sop = seed(BPPD)
    assert [step.standard.text for step in sop.steps] == [
        f"{minutes} menit"
        for minutes in (15, 60, 25, 30, 120, 120, 240, 40, 60, 25, 10, 15, 25, 10)
    ]
    assert sop.step(7).standard.kind is StandardKind.WORK_MINUTES
    assert sop.step(7).standard.amount == 240
    assert sum(step.standard.amount for step in sop.steps) == 795


def test_bppd_decisions_are_the_heads_correction_and_signature() -> None:
    assert decisions(seed(BPPD)) == {9: ("kepala", None, 7), 11: ("kepala", None, 10)}


def test_bppd_each_bidang_reports_in_parallel() -> None:
    step = seed(BPPD).step(6)
    assert "masing-masing bidang" in step.activity
    assert step.actors == ("anggota_sakip",) and step.each_holder
    assert step.required is None  # all of them


def test_bppd_outputs_that_are_not_uploaded() -> None:
    sop = seed(BPPD)
    optional = [step.number for step in sop.steps if step.output and not step.needs_output]
    assert optional == [5, 9, 11]  # the meeting, the head's correction and signature
    assert sop.step(1).needs_output and sop.step(1).output == "Disposisi Pimpinan"


# --- seed 001: Bappeda & Litbang Kabupaten Banggai ---------------------------------


def test_bappeda_identity() -> None:
    identity = seed(BAPPEDA).identity
    assert identity.name == "Pengukuran Kinerja"
    assert identity.number == "208/050/01/Bappeda & Litbang"
    assert identity.agency == "PEMERINTAH KABUPATEN BANGGAI"
    assert identity.unit is not None and identity.unit.startswith("BADAN PERENCANAAN PEMBANGUNAN")
    assert identity.created == date(2020, 2, 5)
    assert identity.revised is None and identity.effective is None
    assert identity.approved_by is not None
    assert identity.approved_by.startswith("MOH. RAMLI TONGKO, S.Sos, ST., M.Si")
    assert "PEMBINA UTAMA MUDA, IV/c" in identity.approved_by
    assert identity.approved_by.endswith("NIP. 19690815 199803 1 008")


def test_bappeda_lists_have_no_html() -> None:
    sop = seed(BAPPEDA)
    assert len(sop.legal_basis) == 6
    assert sop.legal_basis[0].startswith("PP No. 79 Tahun 2005")
    assert sop.legal_basis[5].startswith("Peraturan Bupati Banggai No. 31 Tahun 2017")
    assert len(sop.qualifications) == 4
    assert sop.related == ("SOP Pelaksanaan Pengawasan Internal Secara Berkala",)
    assert sop.equipment[-1] == "Program Kerja" and len(sop.equipment) == 6


def test_bappeda_roles_are_the_pelaksana_columns() -> None:
    assert seed(BAPPEDA).roles == {
        "kepala": "Kepala Bappeda & Litbang",
        "sekretaris": "Sekretaris",
        "sekretaris_sakip": "Sek. Tim Sakip",
        "anggota_sakip": "Anggota Tim Sakip",
    }


def test_bappeda_steps() -> None:
    sop = seed(BAPPEDA)
    assert len(sop.steps) == 14
    assert sop.step(7).activity == "Kabid Menghimpun dan memvalidasi data kinerja"
    assert sop.step(7).actors == ("sekretaris_sakip",)  # "Kabid" has no column
    assert sop.step(8).activity == "Menyampaikan data kinerja kepada Kasubbid Data"
    assert sop.step(13).activity == "Penggandaan Dokumen Pengukuran Kinerja."
    assert sop.step(1).output == "disposisi Pimpinan"
    assert sop.step(5).note == "SOP Pelaksanaan Rapat"
    assert not sop.step(5).needs_output  # the meeting itself


def test_bappeda_waktu() -> None:
    sop = seed(BAPPEDA)
    assert sop.step(1).standard.text == "15 menit"
    assert sop.step(5).standard.text == "120 menit"
    assert sop.step(5).standard.amount == 120
    assert sop.step(11).standard.text == "10 menit"
    assert all(step.standard.text.endswith(" menit") for step in sop.steps)


def test_bappeda_decisions_and_parallel_step() -> None:
    sop = seed(BAPPEDA)
    assert decisions(sop) == {9: ("kepala", None, 7), 11: ("kepala", None, 10)}
    assert sop.step(6).actors == ("anggota_sakip",) and sop.step(6).each_holder


# --- seed 003: Perangkat Daerah (OCR) -----------------------------------------------


def test_perangkat_identity_is_only_the_name() -> None:
    identity = seed(PERANGKAT).identity
    assert identity.name == "PENGUKURAN KINERJA"
    assert identity.model_dump(exclude_none=True) == {"name": "PENGUKURAN KINERJA"}


def test_perangkat_lists_are_split_between_the_two_headings() -> None:
    sop = seed(PERANGKAT)
    assert len(sop.legal_basis) == 3
    assert sop.legal_basis[0].startswith("Undang-Undang Nomor 5")
    assert sop.qualifications == (
        "Memahami peraturan perundangan yang terkait",
        "Mampu memilah data yang diperlukan",
        "Mampu mengolah data yang terkumpul",
    )
    assert sop.related == ("SOP Penyusunan Laporan Kinerja", "SOP Pengumpulan Data")
    assert len(sop.equipment) == 3
    assert sop.records == ("Dokumentasi/arsip dan data",)


def test_perangkat_roles_are_the_pelaksana_columns() -> None:
    assert seed(PERANGKAT).roles == {
        "kepala": "Kepala Badan",
        "sekretaris": "Sekretaris",
        "sekretariat_bidang": "Sekretariat/Bidang",
        "kasubbag": "Kasubbag",
    }


def test_perangkat_ocr_repairs() -> None:
    sop = seed(PERANGKAT)
    assert len(sop.steps) == 11  # the second "10" is step 11
    assert sop.step(10).activity == "Menyerahkan kepada Kasubbag untuk pembuatan surat pengantar"
    assert sop.step(11).activity == (
        "Membuat surat pengantar dan mendokumentasikan dokumen pengukuran kinerja"
    )
    assert sop.step(11).note == "SOP Pengarsipan Surat/Berkas/Dokumen"
    assert sop.step(2).note == "SOP Pengumpulan Data"
    assert sop.step(3).activity == (
        "Mengundang Kepala Badan dan pejabat terkait untuk melaksanakan rapat pembahasan "
        "pengukuran kinerja"
    )
    assert sop.step(11).inputs == ("Dokumen laporan", "surat pengantar")


def test_perangkat_waktu_as_written() -> None:
    sop = seed(PERANGKAT)
    two = sop.step(2).standard
    assert (two.text, two.kind, two.amount) == ("5jam", StandardKind.WORK_MINUTES, 300)
    assert sop.step(5).standard.text == "3 jam" and sop.step(5).standard.amount == 180
    six = sop.step(6).standard
    assert (six.text, six.kind, six.amount) == ("1 hari", StandardKind.WORK_DAYS, 1)
    assert sop.step(8).standard.text == "30 menit"


def test_perangkat_decisions_and_parallel_step() -> None:
    sop = seed(PERANGKAT)
    assert decisions(sop) == {8: ("sekretaris", None, 7), 9: ("kepala", None, 8)}
    step = sop.step(6)
    assert step.actors == ("sekretariat_bidang",) and step.each_holder
    assert not sop.step(4).needs_output  # the meeting itself


# --- seed 004: Inspektorat Daerah Kabupaten Kepulauan Anambas ----------------------


def test_inspektorat_identity() -> None:
    identity = seed(INSPEKTORAT).identity
    assert identity.name == "Perencanaan Kinerja"
    assert identity.number == "000.7.2/No. 611.35/ITDA/SOP/XII/2024"
    assert identity.agency == "INSPEKTORAT DAERAH KABUPATEN KEPULAUAN ANAMBAS"
    assert identity.created == date(2024, 12, 3)
    assert identity.revised is None  # "-"
    assert identity.effective == date(2024, 12, 30)  # "Tanggal Pengesahan"
    assert identity.approved_by == (
        "YUNIZAR, S.E., M.P., CGCAE Pembina Utama Muda NIP. 19700623 199803 1 009"
    )


def test_inspektorat_lists() -> None:
    sop = seed(INSPEKTORAT)
    assert len(sop.legal_basis) == 8
    assert sop.legal_basis[5] == (
        "Peraturan Presiden Nomor 29 Tahun 2014 Tentang Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah"
    )
    assert len(sop.qualifications) == 4
    assert sop.equipment[:3] == ("ATK", "Komputer", "Printer") and len(sop.equipment) == 6
    assert sop.records == ("Disimpan dalam bentuk softfile dan hardfile",)


def test_inspektorat_roles_are_the_pelaksana_columns() -> None:
    assert seed(INSPEKTORAT).roles == {
        "inspektur": "Inspektur",
        "sekretaris": "Sekretaris",
        "irbn": "Irbn I/II/III/IV",
        "tim_sakip": "Tim Penyusun SAKIP/LAKIP",
        "staf": "Staf",
    }


def test_inspektorat_steps() -> None:
    sop = seed(INSPEKTORAT)
    assert len(sop.steps) == 9
    assert sop.step(1).actors == ("inspektur",)  # "Mulai" under Inspektur
    assert sop.step(1).inputs == ("Struktur organisasi", "surat perintah")
    assert sop.step(9).actors == ("staf",)
    assert sop.step(9).activity == "Penggandaan dokumen, mendistribusikan dan Mengarsipkan"


def test_inspektorat_waktu_as_written() -> None:
    sop = seed(INSPEKTORAT)
    assert [step.standard.text for step in sop.steps] == [
        "30 menit",
        "1 Hari",
        "2 Hari",
        "7 Hari",
        "1 Hari",
        "3 Jam",
        "2 hari",
        "1 hari",
        "1 jam",
    ]
    seven = sop.step(4).standard
    assert (seven.kind, seven.amount) == (StandardKind.WORK_DAYS, 7)
    three = sop.step(6).standard
    assert (three.kind, three.amount) == (StandardKind.WORK_MINUTES, 180)


def test_inspektorat_step_5_goes_to_several_roles() -> None:
    step = seed(INSPEKTORAT).step(5)
    assert step.activity.startswith("Laporan Kasubag / Sekretaris/ Irbn")
    assert step.actors == ("sekretaris", "irbn")
    assert step.each_holder  # every Irbn (I-IV) reports on their own area
    assert step.required is None  # all must report


def test_inspektorat_decisions() -> None:
    sop = seed(INSPEKTORAT)
    assert decisions(sop) == {7: ("sekretaris", None, 6), 8: ("inspektur", None, 7)}
    assert not sop.step(8).needs_output  # the Inspektur signs with a tap
