"""The built wheel works on its own: catalogs, migrations and LICENSE inside, from any folder.

The wheel is built from a copy of the checkout without any compiled catalog, so the
build itself must compile them. It is installed into a fresh virtual environment
(without pip, dependencies borrowed from this one through a path file added only
after the install) and run from a folder that is not the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bot.store import head_revision

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "README.md", "bot", "locales")
LOCALES = sorted(po.parent.parent.name for po in REPO.glob("locales/*/LC_MESSAGES/messages.po"))
SEED = sorted(REPO.glob("sops/*.yaml"))[0].stem


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel offline from a clean copy of the checkout (no .mo files in it)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            ignore = shutil.ignore_patterns("*.mo", "__pycache__", "*.egg-info")
            shutil.copytree(origin, source / name, ignore=ignore)
        else:
            shutil.copy2(origin, source / name)
    assert not list(source.rglob("*.mo"))
    dist = tmp_path_factory.mktemp("dist")
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-index",
        "--no-build-isolation",
        "--wheel-dir",
        dist,
        source,
        cwd=source,
    )
    [built] = dist.glob("sopbot-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; return its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", "--without-pip", "--clear", venv, cwd=venv)
    python = venv / "bin" / "python"
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=venv,
    )
    # The dependencies come from this venv's site-packages; its .pth files (the editable
    # install of the checkout) are not processed from a path added this way.
    purelib = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=venv
        ).strip()
    )
    (purelib / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv / "bin"


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_compiled_catalog(wheel: Path) -> None:
    names = _names(wheel)
    assert LOCALES == ["en", "id"]
    for locale in LOCALES:
        assert f"bot/locales/{locale}/LC_MESSAGES/messages.mo" in names, sorted(names)


def test_the_wheel_holds_the_license_and_the_migrations(wheel: Path) -> None:
    names = _names(wheel)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names), sorted(names)
    assert "bot/store/migrations/alembic.ini" in names
    assert "bot/store/migrations/env.py" in names
    assert "bot/store/migrations/versions/v0001_initial_schema.py" in names


def _env(tmp: Path) -> dict[str, str]:
    dropped = {"DATABASE_URL", "SOPS_DIR", "TIMEZONE", "LANG", "SOPBOT_LANG", "PYTHONPATH"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env["COLUMNS"] = "120"
    env["HOME"] = str(tmp)
    return env


def test_the_installed_wheel_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(REPO / "sops", tmp_path / "sops")
    env = _env(tmp_path)
    where = _run(
        installed / "python",
        "-c",
        "import bot.i18n as m; print(m.CATALOGS_DIR)",
        cwd=tmp_path,
        env=env,
    )
    assert Path(where.strip()).is_relative_to(installed.parent), where
    assert not Path(where.strip()).is_relative_to(REPO)

    validated = _run(installed / "sopbot", "validate", cwd=tmp_path, env=env)
    assert "SOP yang valid: 4. Masalah: 0." in validated

    shown = _run(installed / "sopbot", "--lang", "en", "show", SEED, cwd=tmp_path, env=env)
    assert "Activity" in shown
    assert "Total standard time" in shown

    upgraded = _run(installed / "sopbot", "db", "upgrade", cwd=tmp_path, env=env)
    assert (tmp_path / "data" / "sopbot.db").is_file()
    assert head_revision() in upgraded
