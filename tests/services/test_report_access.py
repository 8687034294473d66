"""Who may read an SOP's reports: admins, holders of a deciding role, their Plh./Plt."""

from __future__ import annotations

from pathlib import Path

from bot.services.report_access import deciding_roles, may_read_reports
from bot.sop.loader import load_sop

SEED = Path(__file__).resolve().parents[2] / "sops" / "pengukuran-kinerja-bppd-anambas.yaml"
HOLDERS = {"kepala": (1,), "sekretaris": (2,), "koordinator_sakip": (3,), "anggota_sakip": (4,)}


def test_the_deciding_role_of_seed_000_is_the_kepala() -> None:
    assert deciding_roles(load_sop(SEED)) == ("kepala",)


def test_admins_heads_and_their_acting_officials_read_reports() -> None:
    sop = load_sop(SEED)
    assert may_read_reports(sop, HOLDERS, person_id=1, is_admin=False)
    assert may_read_reports(sop, HOLDERS, person_id=9, is_admin=True)
    # The Sekretaris as Plh. of the Kepala, while the appointment lasts.
    assert may_read_reports(sop, HOLDERS, person_id=2, is_admin=False, acting_for={1})
    assert not may_read_reports(sop, HOLDERS, person_id=2, is_admin=False)
    assert not may_read_reports(sop, HOLDERS, person_id=4, is_admin=False, acting_for={3})
    # Nobody holds the deciding role: only admins.
    assert not may_read_reports(sop, {"kepala": ()}, person_id=1, is_admin=False)
