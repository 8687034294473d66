"""`sopbot show`: the SOP as a table like the paper form, with the total standard time."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import BROKEN_SOP, REPO, Invoke


def test_show_by_code_prints_identity_lists_and_rows(invoke: Invoke) -> None:
    result = invoke("show", "surat-keterangan")
    assert result.exit_code == 0, result.output
    out = result.output
    for text in (
        "Judul SOP",
        "Penerbitan Surat Keterangan",
        "800/01/SOP/2026",
        "5 Januari 2026",
        "Dasar Hukum:",
        "1. Permenpan RB Nomor 35 Tahun 2012",
        "Peringatan:",
        "Pencatatan dan Pendataan:",
    ):
        assert text in out
    for header in ("No.", "Uraian Prosedur", "Pelaksana", "Kelengkapan", "Waktu", "Output"):
        assert header in out
    assert "Keterangan" in out


def _row(out: str, first_cell: str) -> str:
    """Return the table line whose first cell is ``first_cell``."""
    return next(
        line
        for line in out.splitlines()
        if line.startswith("│") and line.split("│")[1].strip() == first_cell.strip()
    )


def test_rows_show_actor_names_time_output_and_note(invoke: Invoke) -> None:
    out = invoke("show", "surat-keterangan").output
    row1 = _row(out, "  1")
    for cell in ("Menerima dan mencatat permohonan", "Staf Tata Usaha", "Surat permohonan"):
        assert cell in row1
    assert "15 menit" in row1
    assert "Agenda surat" in row1
    row4 = _row(out, "  4")
    assert "1 x 24 jam" in row4
    assert "SOP Pelayanan Surat" in row4


def test_parallel_step_is_marked_and_optional_output_noted(invoke: Invoke) -> None:
    out = invoke("show", "surat-keterangan").output
    row2 = _row(out, "2 ∥")
    assert "masing-masing Kepala Bidang" in row2
    assert "(opsional)" in out
    assert "∥ = langkah ini dikerjakan oleh beberapa pelaksana secara bersamaan" in out


def test_decision_shows_question_and_targets(invoke: Invoke) -> None:
    out = invoke("show", "surat-keterangan").output
    assert "◇ Surat sudah benar?" in out
    assert "Ya → 4 · Tidak → 1" in out


def _squeezed(out: str) -> list[str]:
    """Return the output lines with runs of spaces made single (columns are padded)."""
    return [" ".join(line.split()) for line in out.splitlines()]


def test_total_is_summed_by_kind(invoke: Invoke) -> None:
    lines = _squeezed(invoke("show", "surat-keterangan").output)
    assert "Jumlah waktu standar (satu kali jalan, tanpa pengembalian)" in lines
    # 15 menit + 2 jam; 1 hari; 1 x 24 jam
    assert "Dalam jam kerja 2 jam 15 menit" in lines
    assert "Dalam hari kerja 1 hari" in lines
    assert "Dalam waktu kalender 1 hari" in lines


def test_show_in_english(invoke: Invoke) -> None:
    out = invoke("--lang", "en", "show", "surat-keterangan").output
    assert "Activity" in out
    assert "each Kepala Bidang" in out
    assert "Yes → 4 · No → 1" in out
    assert "January 5, 2026" in out
    assert "In office hours 2 hours 15 minutes" in _squeezed(out)


def test_show_by_path(invoke: Invoke) -> None:
    seed = next((REPO / "sops").glob("*.yaml"))
    result = invoke("show", str(seed))
    assert result.exit_code == 0, result.output
    assert "Jumlah waktu standar" in result.output


def test_unknown_code_lists_the_codes(invoke: Invoke, sops_dir: Path) -> None:
    result = invoke("show", "tidak-ada")
    assert result.exit_code == 1
    assert f"Tidak ada berkas atau kode SOP 'tidak-ada' di {sops_dir}." in result.output
    assert "Kode yang tersedia: surat-keterangan" in result.output


def test_broken_sop_shows_its_problems(invoke: Invoke, sops_dir: Path) -> None:
    broken = sops_dir / "rusak.yaml"
    broken.write_text(BROKEN_SOP, encoding="utf-8")
    result = invoke("show", "rusak")
    assert result.exit_code == 1
    assert f"{broken}:8 langkah 1: pelaksana 'bendahara' tidak ada di daftar peran" in (
        result.output
    )


def test_calendar_override_and_ranges_are_explained(invoke: Invoke, sops_dir: Path) -> None:
    text = (
        (sops_dir / "surat-keterangan.yaml")
        .read_text(encoding="utf-8")
        .replace("waktu: 1 hari\n", "waktu: 1-2 hari\n    waktu_kalender: ya\n")
    )
    (sops_dir / "kalender.yaml").write_text(text, encoding="utf-8")
    result = invoke("show", "kalender")
    assert result.exit_code == 0, result.output
    lines = _squeezed(result.output)
    assert "(waktu kalender)" in result.output
    # 2 days of 24 hours from step 3 plus 1 x 24 jam from step 4; no working days left.
    assert "Dalam waktu kalender 3 hari" in lines
    assert not any(line.startswith("Dalam hari kerja") for line in lines)
    assert "Rentang waktu dihitung dengan batas atasnya." in lines
