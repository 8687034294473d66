"""`sopbot validate`: every problem with file and line, a summary, and the exit code."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import BROKEN_SOP, REPO, Invoke


def test_seed_sops_are_all_valid(invoke: Invoke) -> None:
    result = invoke("validate", SOPS_DIR=str(REPO / "sops"))
    assert result.exit_code == 0, result.output
    assert "SOP yang valid: 4. Masalah: 0." in result.output


def test_default_folder_comes_from_sops_dir(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "SOP yang valid: 1. Masalah: 0." in result.output


def test_a_file_path_is_checked_alone(invoke: Invoke, sops_dir: Path) -> None:
    result = invoke("validate", str(sops_dir / "surat-keterangan.yaml"))
    assert result.exit_code == 0, result.output
    assert "SOP yang valid: 1." in result.output


def test_broken_file_fails_with_file_and_line_in_indonesian(invoke: Invoke, sops_dir: Path) -> None:
    broken = sops_dir / "rusak.yaml"
    broken.write_text(BROKEN_SOP, encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 1
    assert f"{broken}:8 langkah 1: pelaksana 'bendahara' tidak ada di daftar peran" in result.output
    assert "SOP yang valid: 1. Masalah: 1." in result.output


def test_broken_file_in_english_with_lang_en(invoke: Invoke, sops_dir: Path) -> None:
    broken = sops_dir / "rusak.yaml"
    broken.write_text(BROKEN_SOP, encoding="utf-8")
    result = invoke("--lang", "en", "validate", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:8 step 1: actor 'bendahara' is not in the list of roles (peran)" in (
        result.output
    )
    assert "Valid SOPs: 0. Problems: 1." in result.output


def test_english_from_sopbot_lang(invoke: Invoke) -> None:
    result = invoke("validate", SOPBOT_LANG="en")
    assert "Valid SOPs: 1. Problems: 0." in result.output


def test_english_from_lang(invoke: Invoke) -> None:
    result = invoke("validate", LANG="en_US.UTF-8")
    assert "Valid SOPs: 1. Problems: 0." in result.output


def test_sopbot_lang_wins_over_lang(invoke: Invoke) -> None:
    result = invoke("validate", SOPBOT_LANG="id", LANG="en_US.UTF-8")
    assert "SOP yang valid: 1." in result.output


def test_invalid_yaml_names_the_line(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("identitas:\n  nama: [tidak ditutup\nperan: {}\n", encoding="utf-8")
    result = invoke("validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: berkas ini bukan YAML yang valid" in result.output


def test_every_problem_of_a_file_is_listed(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "dua-masalah.yaml"
    text = BROKEN_SOP.replace("waktu: 1 jam", "waktu: sebentar\n    output_wajib: mungkin")
    bad.write_text(text, encoding="utf-8")
    result = invoke("validate", str(bad))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith(f"{bad}:9 langkah 1: waktu: standar waktu 'sebentar'") for line in lines
    )
    assert any(
        line.startswith(f"{bad}:10 langkah 1: output_wajib: tulis 'ya' atau 'tidak'")
        for line in lines
    )


def test_missing_file_is_a_problem(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path / "tidak-ada.yaml"))
    assert result.exit_code == 1
    assert "berkas tidak dapat dibaca" in result.output


def test_empty_folder_fails(invoke: Invoke, tmp_path: Path) -> None:
    empty = tmp_path / "kosong"
    empty.mkdir()
    result = invoke("validate", str(empty))
    assert result.exit_code == 1
    assert f"Tidak ditemukan berkas SOP (.yaml, .yml) di {empty}." in result.output
