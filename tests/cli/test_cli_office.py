"""`sopbot office`, `sopbot invite` and `sopbot members` on a SQLite file in tmp_path."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.services import add_person, get_run, start_run
from bot.services.administration import join_by_invite
from bot.services.bot_settings import BOT_USERNAME, remember
from bot.services.directory import roster
from bot.services.offices import grant_role
from bot.store import SqlUnitOfWork, make_engine, session_factory
from tests.cli.conftest import VALID_SOP, Invoke

T = TypeVar("T")
LINK = re.compile(r"^https://t\.me/(\w+)\?start=([A-Za-z0-9_-]{32})$", re.MULTILINE)


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/data/sopbot.db"


@pytest.fixture
def sopbot(invoke: Invoke, database: str) -> Invoke:
    """``sopbot ARGS`` on the test database, Indonesian unless told otherwise."""

    def _run(*args: str, **env: str | None) -> Any:
        env.setdefault("DATABASE_URL", database)
        env.setdefault("BOT_USERNAME", None)
        return invoke(*args, **env)

    return _run


@pytest.fixture
def store(database: str) -> Callable[[Callable[[SqlUnitOfWork], Awaitable[T]]], T]:
    """Run service calls on the same database the command uses."""
    url = database.replace("sqlite://", "sqlite+aiosqlite://")

    def _call(work: Callable[[SqlUnitOfWork], Awaitable[T]]) -> T:
        async def main() -> T:
            engine = make_engine(url)
            try:
                return await work(SqlUnitOfWork(session_factory(engine)))
            finally:
                await engine.dispose()

        return asyncio.run(main())

    return _call


def _office_with_sops(sopbot: Invoke) -> None:
    created = sopbot("office", "create", "BPPD Anambas", "--timezone", "WITA")
    assert created.exit_code == 0, created.output
    published = sopbot("office", "sops", "BPPD Anambas")
    assert published.exit_code == 0, published.output


def test_office_create_with_calendar_and_list(sopbot: Invoke) -> None:
    result = sopbot(
        "office",
        "create",
        "BPPD Anambas",
        "--timezone",
        "Asia/Makassar",
        "--ramadan",
        "2026-02-19:2026-03-20",
        "--holiday",
        "2026-05-01=HUT Kabupaten",
        "--holiday",
        '2026-08-20="Hari Jadi"',
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Kantor 1 dibuat: BPPD Anambas (Asia/Makassar).",
        "Jam kerja Ramadan: 2026-02-19 sampai 2026-03-20",
        "Libur kantor: 2026-05-01 HUT Kabupaten",
        "Libur kantor: 2026-08-20 Hari Jadi",
        "Berikutnya: sopbot office sops 1 [berkas SOP]",
    ]
    listing = sopbot("office", "list")
    assert listing.exit_code == 0
    assert " ".join(listing.output.split()) == (
        "No. Kantor Zona waktu Anggota SOP 1 BPPD Anambas Asia/Makassar 0 0"
    )
    english = sopbot("--lang", "en", "office", "list")
    assert english.output.split()[:5] == ["No.", "Office", "Time", "zone", "Members"]


def test_office_list_when_there_is_none(sopbot: Invoke) -> None:
    result = sopbot("office", "list")
    assert result.exit_code == 0
    assert "Belum ada kantor. Buat kantor: sopbot office create NAMA" in result.output


def test_office_create_uses_the_timezone_setting_by_default(sopbot: Invoke) -> None:
    result = sopbot("office", "create", "Inspektorat", TIMEZONE="Asia/Jayapura")
    assert "Kantor 1 dibuat: Inspektorat (Asia/Jayapura)." in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Asia/Bandung"], "zona waktu 'Asia/Bandung' tidak dikenal"),
        (["--ramadan", "2026-02-19"], "--ramadan '2026-02-19' tidak dapat dibaca"),
        (["--ramadan", "2026-03-20:2026-02-19"], "hari terakhir lebih awal"),
        (["--ramadan", "2026-02-30:2026-03-20"], "Tanggal '2026-02-30' pada --ramadan"),
        (["--holiday", "2026-05-01"], "--holiday '2026-05-01' tidak dapat dibaca"),
    ],
)
def test_office_create_explains_bad_options(sopbot: Invoke, args: list[str], message: str) -> None:
    result = sopbot("office", "create", "Kantor", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert "Belum ada kantor" in sopbot("office", "list").output


def test_office_names_are_unique(sopbot: Invoke) -> None:
    sopbot("office", "create", "BPPD Anambas")
    again = sopbot("office", "create", "bppd  anambas")
    assert again.exit_code == 1
    assert again.output.strip() == (
        "Tidak dilakukan: kantor bernama 'bppd anambas' sudah ada (nomor 1)."
    )


def test_office_sops_publishes_versions_per_file(sopbot: Invoke, sops_dir: Path, store) -> None:
    sopbot("office", "create", "BPPD Anambas")
    first = sopbot("office", "sops", "1")
    assert first.exit_code == 0, first.output
    path = sops_dir / "surat-keterangan.yaml"
    assert first.output.splitlines() == [
        "Kantor 1: BPPD Anambas",
        f"{path}: surat-keterangan versi 1 diterbitkan (baru)",
        "SOP yang sedang berjalan tetap memakai versi saat dimulai.",
    ]
    unchanged = sopbot("office", "sops", "BPPD Anambas", str(path))
    assert f"{path}: surat-keterangan tidak berubah, tetap versi 1" in unchanged.output

    # A run under way keeps version 1 when version 2 is published.
    async def start(uow: SqlUnitOfWork) -> str:
        for person_role in ("staf", "bidang", "kepala"):
            person = await uow_person(uow, person_role)
            await grant_role(uow, office_id=1, person_id=person, role_key=person_role, at=_now())
        staf = await uow_person(uow, "staf")
        run = await start_run(uow, office_id=1, sop_key="surat-keterangan", by=staf, at=_now())
        return run.state.run_id

    run_id = store(start)
    path.write_text(VALID_SOP.replace("waktu: 15 menit", "waktu: 30 menit"), encoding="utf-8")
    changed = sopbot("office", "sops", "1")
    assert f"{path}: surat-keterangan versi 2 diterbitkan (baru)" in changed.output

    async def standard(uow: SqlUnitOfWork) -> str:
        return (await get_run(uow, run_id=run_id)).sop.step(1).standard.text

    assert store(standard) == "15 menit"

    path.write_text(VALID_SOP, encoding="utf-8")
    back = sopbot("--lang", "en", "office", "sops", "1")
    assert f"{path}: surat-keterangan version 1 is current again (same as before)" in back.output


async def uow_person(uow: SqlUnitOfWork, name: str) -> int:
    """The id of the person called ``name``, created on first use."""
    async with uow:
        existing = await uow.directory.members(1)
    for member in existing:
        if member.display_name == name:
            return member.person_id
    return (await add_person(uow, display_name=name, at=_now())).id


def _now() -> datetime:
    return datetime.now(UTC)


def test_office_sops_publishes_nothing_when_a_file_is_broken(
    sopbot: Invoke, sops_dir: Path
) -> None:
    sopbot("office", "create", "BPPD Anambas")
    (sops_dir / "rusak.yaml").write_text("identitas:\n  nama: Rusak\n", encoding="utf-8")
    result = sopbot("office", "sops", "1")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(str(sops_dir / "rusak.yaml"))
    assert lines[-1] == "Tidak ada yang diterbitkan: perbaiki berkas di atas, lalu jalankan lagi."
    assert sopbot("office", "list").output.split()[-1] == "0"


def test_office_sops_refuses_two_files_with_one_code(sopbot: Invoke, sops_dir: Path) -> None:
    sopbot("office", "create", "BPPD Anambas")
    copy = sops_dir / "salinan.yaml"
    copy.write_text("kode: surat-keterangan\n" + VALID_SOP, encoding="utf-8")
    result = sopbot("office", "sops", "1")
    assert result.exit_code == 1
    first = sops_dir / "surat-keterangan.yaml"  # files are read in name order
    assert f"{first}: kode SOP 'surat-keterangan' juga dipakai oleh {copy}" in result.output
    assert sopbot("office", "list").output.split()[-1] == "0"


def test_office_sops_for_an_unknown_office(sopbot: Invoke) -> None:
    result = sopbot("office", "sops", "Kantor Hantu")
    assert result.exit_code == 1
    assert "tidak ada kantor dengan nomor atau nama 'Kantor Hantu'" in result.output


def test_invite_prints_a_link_that_registers_the_person(sopbot: Invoke, store) -> None:
    _office_with_sops(sopbot)
    result = sopbot("invite", "1", "kepala", BOT_USERNAME="@kantor_sop_bot")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Undangan ke BPPD Anambas sebagai Kepala Badan (kepala)"
    assert lines[1].startswith("Berlaku sekali, sampai ") and lines[1].endswith(
        "WITA. Kirimkan hanya kepada orang yang dituju:"
    )
    found = LINK.search(result.output)
    assert found is not None and found.group(1) == "kantor_sop_bot"

    async def join(uow: SqlUnitOfWork) -> Any:
        await join_by_invite(
            uow, token=found.group(2), telegram_user_id=4242, display_name="Rina", at=_now()
        )
        return await roster(uow, office_id=1)

    members = {m.telegram_user_id: m for m in store(join).members}
    assert members[4242].roles == ("kepala",) and not members[4242].is_admin


def test_invite_uses_the_username_the_bot_stored(sopbot: Invoke, store) -> None:
    _office_with_sops(sopbot)
    missing = sopbot("invite", "1", "staf")
    assert missing.exit_code == 1
    assert "Username bot belum diketahui: isi BOT_USERNAME" in missing.output
    assert LINK.search(missing.output) is None

    async def stored(uow: SqlUnitOfWork) -> None:
        await remember(uow, key=BOT_USERNAME, value="dari_getme_bot", at=_now())

    store(stored)
    result = sopbot("--lang", "en", "invite", "BPPD Anambas", "staf", "--admin", "--expires", "12h")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Invitation to BPPD Anambas as Staf Tata Usaha (staf) and office admin\n"
    )
    found = LINK.search(result.output)
    assert found is not None and found.group(1) == "dari_getme_bot"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["bendahara"],
            "SOP kantor ini tidak memiliki peran 'bendahara'; perannya: bidang, kepala",
        ),
        (["staf", "--expires", "100d"], "paling lama 90 hari"),
        (["staf", "--expires", "0d"], "lebih dari 0"),
        (["staf", "--expires", "seminggu"], "--expires 'seminggu' tidak dapat dibaca"),
        ([], "Sebutkan PERAN, atau pakai --admin"),
    ],
)
def test_invite_explains_bad_input(sopbot: Invoke, args: list[str], message: str) -> None:
    _office_with_sops(sopbot)
    result = sopbot("invite", "1", *args, BOT_USERNAME="kantor_sop_bot")
    assert result.exit_code == 1
    assert message in result.output
    assert LINK.search(result.output) is None and "Traceback" not in result.output


def test_invite_needs_published_sops(sopbot: Invoke) -> None:
    sopbot("office", "create", "Kosong")
    result = sopbot("invite", "Kosong", "kepala", BOT_USERNAME="kantor_sop_bot")
    assert result.exit_code == 1
    assert "belum memiliki SOP yang diterbitkan" in result.output
    admin_only = sopbot("invite", "Kosong", "--admin", BOT_USERNAME="kantor_sop_bot")
    assert admin_only.exit_code == 0
    assert admin_only.output.startswith("Undangan ke Kosong sebagai admin kantor\n")


def test_members_lists_people_roles_and_vacant_roles(sopbot: Invoke, store) -> None:
    _office_with_sops(sopbot)
    empty = sopbot("members", "1")
    assert empty.output.splitlines() == [
        "Kantor 1: BPPD Anambas",
        "Belum ada anggota. Undang seseorang: sopbot invite 1 PERAN",
        "Peran yang belum ada pemegangnya: bidang (Kepala Bidang), kepala (Kepala Badan), "
        "staf (Staf Tata Usaha)",
    ]
    link = sopbot("invite", "1", "kepala", "--admin", BOT_USERNAME="kantor_sop_bot")
    token = LINK.search(link.output).group(2)  # type: ignore[union-attr]

    async def join(uow: SqlUnitOfWork) -> None:
        await join_by_invite(
            uow, token=token, telegram_user_id=4242, display_name="Rina", at=_now()
        )

    store(join)
    listing = sopbot("members", "BPPD Anambas")
    rows = [line.split() for line in listing.output.splitlines()]
    assert rows[1] == ["No.", "Nama", "Telegram", "Peran", "Admin"]
    assert rows[2][1:] == ["Rina", "4242", "kepala", "(Kepala", "Badan)", "ya"]
    assert " ".join(rows[3]) == (
        "Peran yang belum ada pemegangnya: bidang (Kepala Bidang), staf (Staf Tata Usaha)"
    )
    english = sopbot("--lang", "en", "members", "1")
    assert english.output.splitlines()[1].split() == ["No.", "Name", "Telegram", "Roles", "Admin"]
    assert english.output.splitlines()[2].split()[-1] == "yes"


@pytest.mark.parametrize(
    ("lang", "args", "expected"),
    [
        ("id", ["office", "--help"], "Membuat kantor dan menerbitkan SOP-nya."),
        ("en", ["office", "--help"], "Create offices and publish their SOPs."),
        ("id", ["office", "create", "--help"], "Hari libur kantor di luar libur nasional"),
        ("en", ["office", "create", "--help"], "An office holiday besides the national ones"),
        ("id", ["office", "sops", "--help"], "Menerbitkan berkas SOP untuk suatu kantor"),
        ("id", ["invite", "--help"], "Masa berlaku tautan"),
        ("en", ["invite", "--help"], "How long the link works"),
        ("id", ["members", "--help"], "Menampilkan anggota kantor"),
        ("en", ["members", "--help"], "List an office's people"),
        ("id", ["--help"], "Membuat tautan undangan sekali pakai"),
    ],
)
def test_help_in_both_languages(sopbot: Invoke, lang: str, args: list[str], expected: str) -> None:
    result = sopbot("--lang", lang, *args)
    assert result.exit_code == 0, result.output
    assert expected in " ".join(result.output.replace("│", " ").split())
