"""Seeds 000, 001 and 004 imported from their text extractions match the hand-written SOPs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.importer.document import draft_yaml, import_document
from bot.importer.errors import NotAnSopError
from bot.sop.loader import load_sop, parse_sop
from tests.importer.compare import compare

DATA = Path(__file__).resolve().parent / "data"
SOPS = Path(__file__).resolve().parents[2] / "sops"
SEEDS = {
    "000_e3c60b4bef7fcb8a.txt": "pengukuran-kinerja-bppd-anambas.yaml",
    "001_0bd9111288b09e51.txt": "pengukuran-kinerja-bappeda-banggai.yaml",
    "004_c0f5c13a79073ad5.txt": "perencanaan-kinerja-inspektorat-anambas.yaml",
}


@pytest.mark.parametrize(("seed", "hand_written"), SEEDS.items())
def test_a_seed_draft_matches_the_hand_written_sop(seed: str, hand_written: str) -> None:
    draft = parse_sop(draft_yaml(import_document(DATA / seed)), "draft.yaml")
    result = compare(draft, load_sop(SOPS / hand_written))
    print(f"{seed}: {result.matched}/{result.total} fields match ({result.share:.1%})")
    for miss in result.misses:
        print("  ", miss)
    assert result.unmarked_actor_misses == []
    assert result.share >= 0.95


def test_a_draft_ends_with_what_needs_review() -> None:
    text = draft_yaml(import_document(DATA / "000_e3c60b4bef7fcb8a.txt"))
    summary = text.split("# To review before publishing:")[1]
    assert "step 9: proposed as a decision" in summary
    assert "tinjau:" in text


def test_a_text_without_a_procedure_table_is_refused_naming_what_is_missing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("NOTA DINAS\nKepada Yth. Kepala Badan\nPerihal: rapat\n", encoding="utf-8")
    with pytest.raises(NotAnSopError) as raised:
        import_document(path)
    assert "procedure table (Uraian Prosedur, Pelaksana)" in str(raised.value)


def test_the_ocr_seed_imports_into_a_valid_draft_with_its_damage_marked() -> None:
    text = draft_yaml(import_document(DATA / "003_9dc807c65600c5ec.txt"))
    draft = parse_sop(text, "draft.yaml")
    assert draft.identity.name == "PENGUKURAN KINERJA"
    assert list(draft.roles.values()) == [
        "Kepala Badan",
        "Sekretaris",
        "Sekretariat/Bidang",
        "Kasubbag",
    ]
    assert len(draft.steps) == 11
    assert all({"uraian", "pelaksana", "output"} <= set(step.review) for step in draft.steps)
    assert [step.standard.text for step in draft.steps[:3]] == ["15 menit", "5jam", "1jam"]
    assert "the table was read from OCR text" in text
