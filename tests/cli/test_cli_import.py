"""`sopbot import`: a document becomes a draft that `sopbot validate` accepts."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import REPO, Invoke

SEED = REPO / "tests" / "importer" / "data" / "001_0bd9111288b09e51.txt"


def test_import_writes_a_draft_that_validate_accepts(invoke: Invoke, tmp_path: Path) -> None:
    draft = tmp_path / "pengukuran-kinerja.yaml"
    result = invoke("--lang", "en", "import", str(SEED), "-o", str(draft))
    assert result.exit_code == 0, result.output
    assert f"Draft written to {draft}." in result.output
    assert "need review" in result.output
    assert "nomor: 208/050/01/Bappeda & Litbang" in draft.read_text(encoding="utf-8")
    checked = invoke("--lang", "en", "validate", str(draft))
    assert checked.exit_code == 0, checked.output
    assert "Valid SOPs: 1. Problems: 0." in checked.output


def test_import_refuses_a_document_that_is_not_an_sop_table(invoke: Invoke, tmp_path: Path) -> None:
    memo = tmp_path / "memo.txt"
    memo.write_text("NOTA DINAS\nPerihal: rapat koordinasi\n", encoding="utf-8")
    result = invoke("import", str(memo))
    assert result.exit_code == 1
    assert "bukan dokumen SOP AP" in result.output
