"""Files and folders that once hung, grew without end or were skipped in silence.

FIFOs, devices, links out of the folder, huge files, unreadable folders, upper-case
suffixes, duplicate codes and a file that crashes the loader: `load_sops` (and so
`sopbot validate`) reports each as an issue and goes on with the other files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.i18n import use_locale
from bot.sop import loader
from bot.sop.errors import SopValidationError
from bot.sop.files import MAX_FILE_BYTES
from bot.sop.loader import load_sop, load_sops
from tests.sop.hostile.test_hostile_files import VALID


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


def sop_text(code: str) -> str:
    return VALID.replace("nama: Contoh", f"nama: SOP {code}")


def messages(issues: list) -> list[tuple[str, str]]:
    return [(Path(issue.source).name, issue.message) for issue in issues]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    with pytest.raises(SopValidationError) as raised:
        load_sop(fifo)
    assert "not a regular file" in raised.value.issues[0].message


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(SopValidationError) as raised:
        load_sop(link)
    assert "not a regular file" in raised.value.issues[0].message


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "besar.yaml"
    big.write_text(VALID + "#" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(SopValidationError) as raised:
        load_sop(big)
    assert raised.value.issues[0].message == (
        f"the file is larger than {MAX_FILE_BYTES // 1024} KB; an SOP file is much smaller"
    )


def test_upper_case_suffixes_are_found(tmp_path: Path) -> None:
    (tmp_path / "Satu.YAML").write_text(sop_text("satu"), encoding="utf-8")
    (tmp_path / "dua.Yml").write_text(sop_text("dua"), encoding="utf-8")
    (tmp_path / "catatan.txt").write_text("bukan SOP", encoding="utf-8")
    sops, issues = load_sops([tmp_path])
    assert issues == []
    assert sorted(sop.key for sop in sops) == ["dua", "satu"]


def test_a_folder_that_cannot_be_read_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "baik.yaml").write_text(sop_text("baik"), encoding="utf-8")
    locked = tmp_path / "terkunci"
    locked.mkdir()
    (locked / "rahasia.yaml").write_text(sop_text("rahasia"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        # The tests run as root, for whom chmod 000 locks nothing: refuse as the OS would.
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    sops, issues = load_sops([tmp_path])
    assert [sop.key for sop in sops] == ["baik"]
    assert messages(issues) == [
        ("terkunci", "cannot read this folder: Permission denied; its SOP files were not checked")
    ]


def test_a_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "asing.yaml").write_text(sop_text("asing"), encoding="utf-8")
    folder = tmp_path / "sops"
    folder.mkdir()
    (folder / "asing.yaml").symlink_to(outside / "asing.yaml")
    (folder / "dalam.yaml").write_text(sop_text("dalam"), encoding="utf-8")
    (folder / "salinan.yaml").symlink_to(folder / "dalam.yaml")
    sops, issues = load_sops([folder])
    assert messages(issues) == [("asing.yaml", f"a link that leads outside {folder}; not read")]
    assert [sop.key for sop in sops] == ["dalam", "salinan"]  # a link inside is read


def test_a_duplicate_code_names_both_files(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text("kode: surat\n" + sop_text("a"), encoding="utf-8")
    second.write_text("kode: surat\n" + sop_text("b"), encoding="utf-8")
    sops, issues = load_sops([tmp_path])
    assert [sop.identity.name for sop in sops] == ["SOP a"]
    assert [(issue.source, issue.message) for issue in issues] == [
        (str(second), f"SOP code 'surat' is already used by {first}")
    ]


def test_a_file_that_crashes_the_loader_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for code in ("a", "b", "c"):
        (tmp_path / f"{code}.yaml").write_text(sop_text(code), encoding="utf-8")
    (tmp_path / "d.yaml").write_text("- bukan SOP\n", encoding="utf-8")
    real = loader.parse_sop

    def crashing(text: str, source: str = "<sop>") -> object:
        if source.endswith("b.yaml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, source)

    monkeypatch.setattr(loader, "parse_sop", crashing)
    sops, issues = load_sops([tmp_path])
    assert [sop.key for sop in sops] == ["a", "c"]
    assert messages(issues) == [
        (
            "b.yaml",
            "could not be checked because of an unexpected error "
            "(RecursionError('maximum recursion depth exceeded')); please report it",
        ),
        ("d.yaml", "an SOP file must be a mapping of SOP AP fields (identitas, peran, langkah)"),
    ]


def test_validate_prints_every_problem_escaped_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "baik.yaml").write_text(sop_text("baik"), encoding="utf-8")
    (tmp_path / "jahat.yaml").write_text(
        VALID.replace("nama: Contoh", 'nama: "\\e[2J"'), encoding="utf-8"
    )
    os.mkfifo(tmp_path / "pipa.yml")
    (tmp_path / "LAIN.YAML").write_text(
        VALID.replace("30 menit", "3000000 x 24 jam"), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["--lang", "en", "validate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output
    lines = result.output.splitlines()
    assert f"{tmp_path / 'jahat.yaml'}:2: the control character \\x1b is not allowed" in (
        "\n".join(lines)
    )
    assert any(line.startswith(f"{tmp_path / 'LAIN.YAML'}:14 step 2: waktu:") for line in lines)
    assert f"{tmp_path / 'pipa.yml'}: not a regular file" in result.output
    assert lines[-1] == "Valid SOPs: 1. Problems: 3."
