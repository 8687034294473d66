"""A small SOP and a fake calendar for engine tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.engine import Workflow
from bot.sop.loader import parse_sop
from bot.sop.waktu import Standard, StandardKind

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # Monday 08:00 WIB

SMALL_SOP = """
identitas:
  nama: Penyusunan Laporan
peran:
  kepala: Kepala Badan
  sekretaris: Sekretaris
  bidang: Kepala Bidang
  staf: Staf
langkah:
  - nomor: 1
    uraian: Memerintahkan penyusunan laporan
    pelaksana: kepala
    waktu: 15 menit
    output: Disposisi
  - nomor: 2
    uraian: Mengirim data masing-masing bidang
    pelaksana: bidang
    masing_masing: ya
    waktu: 1 hari
    output: Data bidang
  - nomor: 3
    uraian: Menyusun konsep laporan
    pelaksana: sekretaris
    kelengkapan: Data bidang
    waktu: 2 jam
    output: Konsep laporan
  - nomor: 4
    uraian: Memeriksa konsep laporan
    pelaksana: kepala
    waktu: 30 menit
    keputusan:
      pertanyaan: Konsep sudah benar?
      tidak: 3
  - nomor: 5
    uraian: Rapat pembahasan
    pelaksana: [sekretaris, staf]
    minimal_selesai: 1
    waktu: 1 x 24 jam
  - nomor: 6
    uraian: Menandatangani laporan
    pelaksana: kepala
    waktu: "-"
    output: Laporan bertanda tangan
    keputusan:
      pertanyaan: Laporan disetujui?
      tidak: tolak
"""

HOLDERS = {
    "kepala": ["p-kepala"],
    "sekretaris": ["p-sekretaris", "p-sekretaris-2"],
    "bidang": ["p-bidang-1", "p-bidang-2", "p-bidang-3"],
    "staf": ["p-staf"],
}


class WallClockCalendar:
    """A fake calendar where every minute is a working minute (no office hours)."""

    def due(self, start: datetime, standard: Standard) -> datetime | None:
        if standard.kind is StandardKind.NONE:
            return None
        per = 24 * 60 if standard.kind is StandardKind.WORK_DAYS else 1
        return start + timedelta(minutes=standard.amount * per)

    def working_minutes(self, start: datetime, end: datetime) -> int:
        return max(0, int((end - start).total_seconds() // 60))


@pytest.fixture
def sop():
    return parse_sop(SMALL_SOP, "laporan.yaml")


@pytest.fixture
def workflow(sop):
    return Workflow(sop=sop, calendar=WallClockCalendar(), holders=HOLDERS)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)
