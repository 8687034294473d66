"""The SOP AP document as pydantic models.

YAML files use the SOP AP words as keys (``uraian``, ``pelaksana``, ``waktu``);
Python code uses English attribute names. The aliases are the YAML keys.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
)

from bot.i18n import _
from bot.sop.dates import read_paper_date
from bot.sop.waktu import Standard, parse_waktu

END = "selesai"
"""Decision target: the run ends (finished) here."""
REJECT = "tolak"
"""Decision target: the run ends as rejected."""

_TRUE_WORDS = {"ya", "y", "yes", "true", "benar", "wajib", "1"}
_FALSE_WORDS = {"tidak", "t", "no", "false", "salah", "opsional", "0"}


def _to_bool(value: Any) -> Any:
    """Accept ya/tidak as well as true/false (the YAML loader keeps words as strings)."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise ValueError(_("write 'ya' or 'tidak', not '{value}'").format(value=value))
    return value


def _to_tuple(value: Any) -> Any:
    """Accept one string or a list of strings."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return value


def _to_standard(value: Any) -> Standard:
    if isinstance(value, Standard):
        return value
    return parse_waktu(value)


# Sizes far beyond any real SOP (the seeds: 14 steps, 5 roles, texts under 400
# characters) that keep a task card within one Telegram message and checks quick.
MAX_TEXT = 1000
MAX_ITEMS = 50
MAX_ROLES = 30
MAX_STEPS = 100
MAX_LEVELS = 5  # a unit within a body within a region: documents name two or three

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
OptionalText = Annotated[str, StringConstraints(max_length=MAX_TEXT)] | None
YesNo = Annotated[bool, BeforeValidator(_to_bool)]
UnitLevels = (
    Annotated[
        tuple[Text, ...], BeforeValidator(_to_tuple), Field(min_length=1, max_length=MAX_LEVELS)
    ]
    | None
)
PaperDate = Annotated[date | None, BeforeValidator(read_paper_date)]
TextList = Annotated[tuple[Text, ...], BeforeValidator(_to_tuple), Field(max_length=MAX_ITEMS)]
RoleKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Waktu = Annotated[
    Standard,
    PlainValidator(_to_standard),
    PlainSerializer(lambda standard: standard.text, return_type=str),
]


ReviewField = Literal[
    "nomor", "uraian", "pelaksana", "kelengkapan", "waktu", "output", "keterangan", "keputusan"
]


class SopModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Identity(SopModel):
    """The identity block of the SOP AP header."""

    name: Text = Field(alias="nama")
    number: OptionalText = Field(None, alias="nomor")
    agency: OptionalText = Field(None, alias="instansi")
    # One line, or a list from the larger body down ("UPTD ...", "Bagian ...").
    units: UnitLevels = Field(None, alias="unit")
    created: PaperDate = Field(None, alias="tanggal_pembuatan")
    revised: PaperDate = Field(None, alias="tanggal_revisi")
    effective: PaperDate = Field(None, alias="tanggal_efektif")
    approved: PaperDate = Field(None, alias="tanggal_pengesahan")
    approved_by: OptionalText = Field(None, alias="disahkan_oleh")

    @property
    def unit(self) -> str | None:
        """The work unit on one line: its levels joined, larger body first."""
        return ", ".join(self.units) if self.units else None


class Decision(SopModel):
    """A decision diamond: Ya goes on (or jumps), Tidak sends back or rejects."""

    question: Text = Field(alias="pertanyaan")
    yes: int | Literal["selesai"] | None = Field(None, alias="ya")
    no: int | Literal["tolak"] = Field(alias="tidak")


class Step(SopModel):
    """One row of the Uraian Prosedur table."""

    number: int = Field(alias="nomor")
    activity: Text = Field(alias="uraian")
    actors: Annotated[tuple[RoleKey, ...], BeforeValidator(_to_tuple)] = Field(
        alias="pelaksana", min_length=1
    )
    each_holder: YesNo = Field(False, alias="masing_masing")
    required: int | None = Field(None, alias="minimal_selesai", ge=1)
    inputs: TextList = Field((), alias="kelengkapan")
    standard: Waktu = Field(alias="waktu")
    calendar_time: YesNo | None = Field(None, alias="waktu_kalender")
    output: OptionalText = Field(None, alias="output")
    output_required: YesNo | None = Field(None, alias="output_wajib")
    note: OptionalText = Field(None, alias="keterangan")
    decision: Decision | None = Field(None, alias="keputusan")
    # The roles of ``pelaksana`` act one after the other ("a clerk submits, then the
    # head gives the disposisi"), not at the same time.
    in_sequence: YesNo = Field(False, alias="berurutan")
    # Fields a person must still check, e.g. an actor guessed by the importer.
    review: Annotated[tuple[ReviewField, ...], BeforeValidator(_to_tuple)] = Field(
        (), alias="tinjau"
    )

    @property
    def needs_output(self) -> bool:
        """An output document must be uploaded unless the SOP marks it optional."""
        if self.output_required is not None:
            return self.output_required and bool(self.output)
        return bool(self.output)


class Sop(SopModel):
    """A whole SOP AP document: identity, the six identity lists, roles and steps."""

    key: str = Field("", alias="kode", pattern=r"^$|^[a-z0-9][a-z0-9_-]{0,63}$")
    identity: Identity = Field(alias="identitas")
    legal_basis: TextList = Field((), alias="dasar_hukum")
    qualifications: TextList = Field((), alias="kualifikasi_pelaksana")
    related: TextList = Field((), alias="keterkaitan")
    equipment: TextList = Field((), alias="peralatan_perlengkapan")
    warnings: TextList = Field((), alias="peringatan")
    records: TextList = Field((), alias="pencatatan_pendataan")
    calendar_time: YesNo = Field(False, alias="waktu_kalender")
    roles: dict[RoleKey, Text] = Field(alias="peran", min_length=1, max_length=MAX_ROLES)
    steps: tuple[Step, ...] = Field(alias="langkah", min_length=1, max_length=MAX_STEPS)

    @cached_property
    def _positions(self) -> dict[int, int]:
        """Step number -> its place in the table (the first, if a number repeats)."""
        positions: dict[int, int] = {}
        for index, step in enumerate(self.steps):
            positions.setdefault(step.number, index)
        return positions

    def step(self, number: int) -> Step:
        """Return the step with this number (KeyError if there is none)."""
        return self.steps[self._positions[number]]

    def next_step(self, number: int) -> Step | None:
        """Return the step after ``number`` in table order, None after the last."""
        index = self._positions[number] + 1
        return self.steps[index] if index < len(self.steps) else None

    def standard_of(self, step: Step) -> Standard:
        """The step's Waktu, counted in calendar time when the SOP or step says so."""
        calendar = self.calendar_time if step.calendar_time is None else step.calendar_time
        return step.standard.as_calendar() if calendar else step.standard

    def to_data(self) -> dict[str, Any]:
        """Serialise with the YAML keys, so that ``Sop.model_validate`` reads it back."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
