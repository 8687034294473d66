"""`sopbot simulate`: a whole run on a virtual clock, due times in office hours."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import REPO, VALID_SOP, Invoke


def test_simulation_with_a_send_back_ends_on_the_right_day(invoke: Invoke) -> None:
    # Fri 15:50 WIB: 15 min to 16:05; 2 jam = 25 min Fri + 95 min Mon -> Mon 09:05;
    # 1 hari -> Tue 09:05, sent back; 15 min -> 09:20; 2 jam -> 11:20; 1 hari -> Wed 11:20;
    # 1 x 24 jam (calendar time) -> Thu 11:20.
    result = invoke(
        "simulate", "surat-keterangan", "--start", "2026-11-20 15:50", "--send-back", "3"
    )
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    # The date once per day, the times in the rows (another day's time with its date).
    assert lines.count("Senin, 23 November 2026") == 1
    assert "2 1 Kepala Bidang 20 Nov 16:05 09:05 09:05 2 jam selesai" in lines
    assert "3 1 Kepala Badan 23 Nov 09:05 09:05 09:05 7 jam 30 menit dikembalikan" in lines
    assert "Selesai pada Kam 26 Nov 2026 11:20: 27 jam waktu kerja, 7 tugas." in lines


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
    assert "Finished on Wed 25 Nov 2026 09:45" in result.output
    assert "(Asia/Makassar)" in result.output


def test_every_seed_simulates_to_the_end(invoke: Invoke) -> None:
    for path in sorted((REPO / "sops").glob("*.yaml")):
        result = invoke("simulate", str(path), "--start", "2026-11-23 07:30")
        assert result.exit_code == 0, result.output
        assert "Selesai pada" in result.output


def test_bad_start_time_is_explained(invoke: Invoke) -> None:
    result = invoke("simulate", "surat-keterangan", "--start", "besok pagi")
    assert result.exit_code == 1
    assert "besok pagi" in result.output


def test_send_back_of_a_step_that_is_no_decision_is_refused(invoke: Invoke) -> None:
    for number in ("1", "99"):
        result = invoke("simulate", "surat-keterangan", "--send-back", number)
        assert result.exit_code == 1
        assert f"--send-back {number}: bukan langkah keputusan" in result.output
        assert "langkah keputusannya adalah 3" in result.output


def test_send_back_in_an_sop_without_decisions_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    plain = tmp_path / "tanpa-keputusan.yaml"
    decision = "    keputusan:\n      pertanyaan: Surat sudah benar?\n      tidak: 1\n"
    assert decision in VALID_SOP
    plain.write_text(VALID_SOP.replace(decision, ""), encoding="utf-8")
    result = invoke("--lang", "en", "simulate", str(plain), "--send-back", "3")
    assert result.exit_code == 1
    assert result.output.strip() == "--send-back 3: this SOP has no decision step."


def test_indonesian_zone_names_and_iana_zones_are_taken(invoke: Invoke) -> None:
    wita = invoke(
        "simulate", "surat-keterangan", "--start", "2026-11-23 07:30", "--timezone", "WITA"
    )
    assert wita.exit_code == 0, wita.output
    assert "(Asia/Makassar)" in wita.output
    paris = invoke("simulate", "surat-keterangan", "--timezone", "Europe/Paris")
    assert paris.exit_code == 0, paris.output
    assert "(Europe/Paris)" in paris.output


def test_an_unknown_zone_is_one_line(invoke: Invoke) -> None:
    result = invoke("simulate", "surat-keterangan", "--timezone", "Asia")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "zona waktu 'Asia' tidak dikenal; gunakan WIB, WITA, WIT atau nama IANA seperti "
        "Asia/Jakarta"
    )
