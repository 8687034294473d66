"""Build hook: compile the translation catalogs (locales/*.po) into the package.

The metadata lives in pyproject.toml; this file only adds the step setuptools has no
setting for. The compiled ``.mo`` files stay out of git: every wheel, ``pip install .``
and editable install compiles them from the ``.po`` sources into ``bot/locales``.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SOURCES = ROOT / "locales"
DOMAIN = "messages"


def compile_catalogs(target: Path) -> list[Path]:
    """Compile every locales/<lang>/LC_MESSAGES/messages.po to ``target``; return the files."""
    written = []
    for po in sorted(SOURCES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        mo = target / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as handle:
            write_mo(handle, catalog)  # fuzzy entries stay out, as with pybabel compile
        written.append(mo)
    if not written:
        raise SystemExit(f"no translation catalogs found in {SOURCES}")
    return written


class BuildWithCatalogs(build_py):
    """build_py that also compiles the catalogs into the built ``bot`` package."""

    def run(self) -> None:
        """Build the package, then compile the catalogs into it."""
        super().run()
        # An editable install imports bot/ from the checkout, so compile there.
        package = ROOT / "bot" if self.editable_mode else Path(self.build_lib) / "bot"
        self._catalogs = compile_catalogs(package / "locales")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        """List the compiled catalogs among the built files."""
        return [*super().get_outputs(include_bytecode), *map(str, getattr(self, "_catalogs", []))]


setup(cmdclass={"build_py": BuildWithCatalogs})
