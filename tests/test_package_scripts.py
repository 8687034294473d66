"""scripts/ensure-venv installs only when pyproject.toml or setup.py changed since the last time.

The script runs in a copy of the checkout whose .venv/bin/python is a stand-in that
records how it was called, so the test needs neither the network nor pip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RECORDER = """#!/usr/bin/env bash
echo "$*" >> "$(dirname "$0")/../../calls.log"
"""


def _checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    for name in ("pyproject.toml", "setup.py"):
        shutil.copy2(REPO / name, root / name)
    shutil.copy2(REPO / "scripts" / "ensure-venv", root / "scripts" / "ensure-venv")
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(RECORDER, encoding="utf-8")
    python.chmod(0o755)
    return root


def _ensure(root: Path, *extras: str) -> list[str]:
    """Run scripts/ensure-venv; return every pip call made so far."""
    subprocess.run(
        [str(root / "scripts" / "ensure-venv"), *extras], check=True, capture_output=True
    )
    log = root / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_install_runs_once_until_pyproject_changes(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    assert _ensure(root) == ["-m pip install --quiet -e ."]
    assert _ensure(root) == ["-m pip install --quiet -e ."]  # a restart installs nothing
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# changed\n")
    assert len(_ensure(root)) == 2
    assert len(_ensure(root)) == 2


def test_dev_tools_are_installed_once_and_cover_the_plain_install(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    assert _ensure(root, "dev") == ["-m pip install --quiet -e .[dev]"]
    assert len(_ensure(root, "dev")) == 1
    assert len(_ensure(root)) == 1  # the dev install holds everything `run` needs
    (root / "setup.py").write_text("# changed\n", encoding="utf-8")
    assert _ensure(root, "dev")[-1] == "-m pip install --quiet -e .[dev]"
    assert len(_ensure(root, "dev")) == 2


def test_a_failed_install_is_tried_again_next_time(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    python = root / ".venv" / "bin" / "python"
    python.write_text(RECORDER + "exit 1\n", encoding="utf-8")
    failed = subprocess.run([str(root / "scripts" / "ensure-venv")], capture_output=True)
    assert failed.returncode != 0
    python.write_text(RECORDER, encoding="utf-8")
    assert len(_ensure(root)) == 2  # no stamp was left by the failure
