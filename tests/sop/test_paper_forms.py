"""The forms real SOP AP documents write: Waktu, paper dates, units, review marks, sequences."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import use_locale
from bot.sop.loader import parse_sop
from bot.sop.model import Sop
from bot.sop.waktu import StandardKind, parse_waktu

MIN = StandardKind.WORK_MINUTES
DAYS = StandardKind.WORK_DAYS


@pytest.mark.parametrize(
    ("text", "kind", "amount", "lower"),
    [
        ("1 jam 30 menit", MIN, 90, None),
        ("10 s/d 15 menit", MIN, 15, 10),
        ("10 sd 15 menit", MIN, 15, 10),
        ("1 hari s.d 3 hari", DAYS, 3, 1),
        ("1/2 jam", MIN, 30, None),
        ("½ jam", MIN, 30, None),
        ("15'", MIN, 15, None),
        ("3 (tiga) hari", DAYS, 3, None),
        ("1 HK", DAYS, 1, None),
        ("1 bulan", DAYS, 20, None),
        ("1 jam.", MIN, 60, None),
    ],
)
def test_paper_waktu_forms_are_read(text: str, kind: StandardKind, amount: int, lower: int) -> None:
    standard = parse_waktu(text)
    assert (standard.text, standard.kind, standard.amount, standard.lower) == (
        text,
        kind,
        amount,
        lower,
    )


def test_seconds_are_kept_as_seconds_and_counted_as_the_minute_that_holds_them() -> None:
    standard = parse_waktu("30 detik")
    assert (standard.seconds, standard.kind, standard.amount) == (30, MIN, 1)
    assert parse_waktu("90 detik").amount == 2


@pytest.mark.parametrize("text", ["± 15 menit", "kurang lebih 15 menit", "+/- 15 menit"])
def test_an_approximation_is_recorded_with_the_stated_value_as_standard(text: str) -> None:
    standard = parse_waktu(text)
    assert standard.approximate and not standard.maximum
    assert (standard.kind, standard.amount) == (MIN, 15)


@pytest.mark.parametrize("text", ["paling lama 3 hari", "maks. 3 hari", "maksimal 3 hari"])
def test_a_maximum_is_recorded_with_the_upper_value_as_standard(text: str) -> None:
    standard = parse_waktu(text)
    assert standard.maximum and not standard.approximate
    assert (standard.kind, standard.amount) == (DAYS, 3)


def test_per_berkas_is_a_rate_for_one_berkas() -> None:
    standard = parse_waktu("15 menit/berkas")
    assert (standard.per, standard.amount) == ("berkas", 15)
    assert parse_waktu("15 menit per berkas").per == "berkas"


def test_the_new_fields_survive_storage_and_old_rows_still_load() -> None:
    standard = parse_waktu("± 30 detik/berkas")
    assert type(standard).from_dict(standard.to_dict()) == standard
    old = {"text": "15 menit", "kind": "work_minutes", "amount": 15, "lower": None}
    assert type(standard).from_dict(old) == parse_waktu("15 menit")


SOP = """identitas:
  nama: Contoh
{identity}
peran:
  kepala: Kepala Badan
  kasubbag: Kasubbag Umum
  staf: Pelaksana
langkah:
  - nomor: 1
    uraian: Mengajukan ke Pimpinan
    pelaksana: {actor}
    waktu: 1 jam
{step}
"""


def sop(identity: str = "", actor: str = "staf", step: str = "") -> Sop:
    return parse_sop(SOP.format(identity=identity, actor=actor, step=step))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("05 Februari 2020", date(2020, 2, 5)),
        ("5 Feb 2020", date(2020, 2, 5)),
        ("05-02-2020", date(2020, 2, 5)),
        ("30 Desember 2024", date(2024, 12, 30)),
        ("2020-02-05", date(2020, 2, 5)),
        ('"-"', None),  # a bare - would start a YAML list
        ("", None),
    ],
)
def test_paper_dates_are_read(written: str, expected: date | None) -> None:
    identity = sop(f"  tanggal_pembuatan: {written}\n  tanggal_pengesahan: {written}").identity
    assert identity.created == expected
    assert identity.approved == expected


def test_a_unit_with_two_levels_keeps_both() -> None:
    identity = sop("  unit:\n    - Kecamatan Tarempa\n    - Kelurahan Tarempa").identity
    assert identity.units == ("Kecamatan Tarempa", "Kelurahan Tarempa")
    assert identity.unit == "Kecamatan Tarempa, Kelurahan Tarempa"
    assert sop("  unit: Bagian Umum").identity.unit == "Bagian Umum"


def test_roles_in_sequence_and_review_marks_are_kept_and_round_trip() -> None:
    read = sop(actor="[staf, kepala]", step="    berurutan: ya\n    tinjau: [pelaksana, waktu]")
    step = read.steps[0]
    assert step.actors == ("staf", "kepala") and step.in_sequence
    assert step.review == ("pelaksana", "waktu")
    assert Sop.model_validate(read.to_data()) == read


def problem(identity: str = "", actor: str = "staf", step: str = "") -> str:
    with pytest.raises(Exception) as raised:
        sop(identity, actor, step)
    return str(raised.value)


CASES = [
    # (identity, actor, step, English fragment, Indonesian fragment)
    (
        "  tanggal_pembuatan: 30 Februari 2024",
        "staf",
        "",
        "must be a real date written as YYYY-MM-DD or as on paper",
        "harus berupa tanggal yang benar",
    ),
    ("", "ka-tu", "", "a letter a-z, then only a-z, 0-9 and _", "diawali huruf a-z"),
    ("", "Kasubbag Umum", "", "use the key 'kasubbag' for 'Kasubbag Umum'", "gunakan kunci"),
    ("", "pelaksana", "", "use the key 'staf' for 'Pelaksana'", "gunakan kunci 'staf'"),
    ("", "staf, kepala", "", "write a list: pelaksana: [staf, kepala]", "tulis sebagai daftar"),
    ("", "staf", "    ket: lihat", "did you mean 'keterangan'?", "apakah maksud Anda 'keterangan'"),
    ("", "staf", "    masing-masing: ya", "did you mean 'masing_masing'?", "'masing_masing'?"),
    (
        "",
        "kepala",
        "    keputusan:\n      pertanyaan: Benar?\n      Ya: selesai\n      tidak: 1",
        "did you mean 'ya'?",
        "apakah maksud Anda 'ya'?",
    ),
    (
        "",
        "kepala",
        "    keputusan:\n      pertanyaan: Benar?\n      tidak: selesai",
        "'tidak' cannot be 'selesai'",
        "'tidak' tidak boleh 'selesai'",
    ),
    ("", "staf", "    keterangan: Catatan: kirim", "must be in quotes", "harus diberi tanda kutip"),
    ("", "staf", "\t  output: Surat", "indent with spaces, not tabs", "bukan tab"),
    ("", "staf", "    output: [a, b]", "must be one text, not a list", "harus berupa satu teks"),
    ("", "kepala", "    keputusan: benar", "must be a set of fields", "kumpulan isian"),
]


@pytest.mark.parametrize(("identity", "actor", "step", "english", "indonesian"), CASES)
def test_messages_say_what_to_write_in_both_languages(
    identity: str, actor: str, step: str, english: str, indonesian: str
) -> None:
    with use_locale("en"):
        said = problem(identity, actor, step)
        assert english in said
        assert "Input should" not in said and "cannot start any token" not in said
    with use_locale("id"):
        said = problem(identity, actor, step)
        assert indonesian in said
        assert "Input should" not in said and "cannot start any token" not in said
