"""`sopbot simulate`: a whole run on a virtual clock, due times in office hours."""

from __future__ import annotations

from tests.cli.conftest import REPO, Invoke


def test_simulation_with_a_send_back_ends_on_the_right_day(invoke: Invoke) -> None:
    # Fri 15:50 WIB: 15 min to 16:05; 2 jam = 25 min Fri + 95 min Mon -> Mon 09:05;
    # 1 hari -> Tue 09:05, sent back; 15 min -> 09:20; 2 jam -> 11:20; 1 hari -> Wed 11:20;
    # 1 x 24 jam (calendar time) -> Thu 11:20.
    result = invoke(
        "simulate", "surat-keterangan", "--start", "2026-11-20 15:50", "--send-back", "3"
    )
    assert result.exit_code == 0, result.output
    assert "Sen 23 Nov 2026 09:05" in result.output
    assert "Sel 24 Nov 2026 09:05" in result.output
    assert "dikembalikan" in result.output
    assert "Selesai (selesai) pada Kam 26 Nov 2026 11:20" in result.output
    assert "7 tugas" in result.output


def test_simulation_in_english_and_in_wita(invoke: Invoke) -> None:
    result = invoke(
        "--lang",
        "en",
        "simulate",
        "surat-keterangan",
        "--start",
        "2026-11-23 07:30",
        "--timezone",
        "Asia/Makassar",
    )
    assert result.exit_code == 0, result.output
    # 15 min, 2 h, then 1 working day from 09:45 WITA on Monday -> Tue 09:45, 24 h more
    assert "Finished (finished) on Wed 25 Nov 2026 09:45" in result.output
    assert "(Asia/Makassar)" in result.output


def test_every_seed_simulates_to_the_end(invoke: Invoke) -> None:
    for path in sorted((REPO / "sops").glob("*.yaml")):
        result = invoke("simulate", str(path), "--start", "2026-11-23 07:30")
        assert result.exit_code == 0, result.output
        assert "Selesai (selesai) pada" in result.output


def test_bad_start_time_is_explained(invoke: Invoke) -> None:
    result = invoke("simulate", "surat-keterangan", "--start", "besok pagi")
    assert result.exit_code == 1
    assert "besok pagi" in result.output
