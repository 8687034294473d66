"""``sopbot report|chart|monitor|draw`` as a user runs them, on a seeded SQLite file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from bot.cli import app
from tests.reports.images import inked_share, open_png

SEEDS = Path(__file__).resolve().parents[2] / "sops"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """The command reads a database file, so these tests use SQLite only."""
    return f"sqlite+aiosqlite:///{tmp_path / 'sopbot.db'}"


@pytest.fixture
def sopbot(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Result:
        env = {"DATABASE_URL": database_url, "SOPS_DIR": str(SEEDS), "SOPBOT_LANG": None,
               "LANG": None, "COLUMNS": "250"}  # fmt: skip
        return CliRunner().invoke(app, list(args), env=env)

    return run


JANUARY = ("--from", "2026-01-01", "--to", "2026-01-31")


def test_report_table(sopbot, seeded) -> None:
    result = sopbot("--lang", "en", "report", "--office", "Badan Kepegawaian Daerah", *JANUARY)
    assert result.exit_code == 0, result.output
    out = result.output
    for title in ("Steps", "Delays", "Whole runs", "People", "Roles", "Send-backs"):
        assert title in out
    assert "Menelaah surat" in out and "45 minutes" in out and "1 hour 30 minutes" in out
    assert "Pak kasubag2" in out and "33%" in out  # on time 1 of 3


def test_report_xlsx_in_indonesian(sopbot, seeded, tmp_path: Path) -> None:
    target = tmp_path / "laporan.xlsx"
    result = sopbot("report", "--office", str(seeded.office_id), "--sop", "surat-masuk",
                    *JANUARY, "--format", "xlsx", "-o", str(target))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Ditulis: {target}" in result.output
    book = load_workbook(target)
    assert book.sheetnames[0] == "Langkah" and len(book.sheetnames) == 6
    assert [c.value for c in book["Pegawai"][1]] == ["Pegawai", "Tugas selesai", "Tepat waktu",
                                                     "Median keterlambatan"]  # fmt: skip


def test_report_csv_view_and_run_timeline(sopbot, seeded) -> None:
    result = sopbot("--lang", "en", "report", "--office", "1", *JANUARY, "--format", "csv",
                    "--view", "loops")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows == [["Step", "Question", "Sends back to", "Decisions", "Sent back",
                     "Share sent back", "Runs sent back"],
                    ["3", "Disetujui?", "step 1", "3", "1", "0.3333", "1"]]  # fmt: skip
    timeline = sopbot("--lang", "en", "report", "--run", seeded.runs["B"], "--format", "csv")
    lines = list(csv.reader(io.StringIO(timeline.output)))
    assert len(lines) == 1 + 9 and lines[1][7] == "2026-01-14T08:00:00+07:00"


def test_chart_and_monitor(sopbot, seeded, tmp_path: Path) -> None:
    chart = tmp_path / "langkah.png"
    result = sopbot("chart", "--office", "1", "--sop", "surat-masuk", *JANUARY, "-o", str(chart))
    assert result.exit_code == 0, result.output
    assert open_png(chart.read_bytes()).size == (1200, 600)
    gantt = tmp_path / "gantt.png"
    assert sopbot("chart", "--run", seeded.runs["A"], "-o", str(gantt)).exit_code == 0
    assert inked_share(open_png(gantt.read_bytes())) > 0.02
    form = tmp_path / "monitoring.xlsx"
    result = sopbot("monitor", "--office", "1", "--sop", "surat-masuk", *JANUARY,
                    "--threshold", "0.7", "-o", str(form))  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = load_workbook(form).active
    assert sheet["A1"].value == "MONITORING PELAKSANAAN SOP AP"


def test_draw_a_seed_and_a_run(sopbot, seeded, tmp_path: Path) -> None:
    result = sopbot("draw", "pengukuran-kinerja-bppd-anambas")
    assert result.exit_code == 0, result.output
    image = open_png((tmp_path / "pengukuran-kinerja-bppd-anambas.png").read_bytes())
    assert image.size == (1753, 1240)
    target = tmp_path / "run.png"
    result = sopbot("draw", "surat-masuk", "--run", seeded.runs["C"], "-o", str(target))
    assert result.exit_code == 0, result.output
    assert open_png(target.read_bytes()).size == (1753, 1240)
    other = sopbot("--lang", "en", "draw", "pengukuran-kinerja-bppd-anambas", "--run",
                   seeded.runs["C"])  # fmt: skip
    assert other.exit_code == 1 and "is a run of SOP 'surat-masuk'" in other.output


def test_plain_errors(sopbot, seeded) -> None:
    unknown = sopbot("report", "--office", "Kantor Lain", *JANUARY)
    assert unknown.exit_code == 1 and "Kantor Lain" in unknown.output
    bad_date = sopbot("--lang", "en", "report", "--office", "1", "--from", "1 Juli")
    assert bad_date.exit_code == 1 and "--from: cannot read the date '1 Juli'" in bad_date.output
    backwards = sopbot("--lang", "en", "report", "--office", "1", "--from", "2026-02-01",
                       "--to", "2026-01-01")  # fmt: skip
    assert backwards.exit_code == 1 and "the period ends before it begins" in backwards.output
    no_file = sopbot("--lang", "en", "report", "--office", "1", *JANUARY, "--format", "xlsx")
    assert no_file.exit_code == 1 and "Give -o FILE.xlsx" in no_file.output
    empty = sopbot("--lang", "en", "report", "--office", "1", "--from", "2025-01-01",
                   "--to", "2025-12-31")  # fmt: skip
    assert empty.exit_code == 1 and "No runs in this period." in empty.output
