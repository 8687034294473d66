"""Run the ``sopbot`` command in-process with typer's CliRunner, on SOP files in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app

REPO = Path(__file__).resolve().parents[2]

# A small SOP with a decision that sends back, a step for every holder of a role, and
# standards of the three kinds: office hours, working days and calendar time.
VALID_SOP = """\
identitas:
  nama: Penerbitan Surat Keterangan
  nomor: 800/01/SOP/2026
  instansi: Pemerintah Kabupaten Contoh
  tanggal_efektif: 2026-01-05
dasar_hukum:
  - Permenpan RB Nomor 35 Tahun 2012
peringatan: Surat tanpa paraf tidak boleh ditandatangani
peran:
  staf: Staf Tata Usaha
  bidang: Kepala Bidang
  kepala: Kepala Badan
langkah:
  - nomor: 1
    uraian: Menerima dan mencatat permohonan
    pelaksana: staf
    kelengkapan: [Surat permohonan, KTP]
    waktu: 15 menit
    output: Agenda surat
  - nomor: 2
    uraian: Memberi paraf pada konsep surat
    pelaksana: bidang
    masing_masing: ya
    waktu: 2 jam
    output: Konsep surat berparaf
    output_wajib: tidak
  - nomor: 3
    uraian: Memeriksa dan menandatangani surat
    pelaksana: kepala
    waktu: 1 hari
    keputusan:
      pertanyaan: Surat sudah benar?
      tidak: 1
  - nomor: 4
    uraian: Menyerahkan surat kepada pemohon
    pelaksana: staf
    waktu: 1 x 24 jam
    output: Tanda terima
    keterangan: SOP Pelayanan Surat
"""

# Line 5 names an actor that is not in `peran`.
BROKEN_SOP = """\
identitas:
  nama: SOP Rusak
peran:
  staf: Staf
langkah:
  - nomor: 1
    uraian: Mengerjakan sesuatu
    pelaksana: bendahara
    waktu: 1 jam
"""

Invoke = Callable[..., Result]


@pytest.fixture
def sops_dir(tmp_path: Path) -> Path:
    """A folder with one valid SOP, ``surat-keterangan.yaml``."""
    folder = tmp_path / "sops"
    folder.mkdir()
    (folder / "surat-keterangan.yaml").write_text(VALID_SOP, encoding="utf-8")
    return folder


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sops_dir: Path) -> Invoke:
    """Return a function running ``sopbot ARGS`` with a clean, Indonesian environment."""
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout

    def _invoke(*args: str, **env: str | None) -> Result:
        environment: dict[str, str | None] = {
            "SOPBOT_LANG": None,
            "LANG": None,
            "TELEGRAM_BOT_TOKEN": None,
            "SOPS_DIR": str(sops_dir),
            "COLUMNS": "200",  # wide enough that table cells do not wrap mid-phrase
        }
        environment.update(env)
        return CliRunner().invoke(app, list(args), env=environment)

    return _invoke
