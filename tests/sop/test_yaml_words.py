"""The loader reads YAML 1.2: ya/no/on/off/tidak stay words, as an SOP author means them.

Under YAML 1.1 (PyYAML's default) ``no``, ``on``, ``off``, ``yes``, ``y`` and ``n``
would become booleans, and a role called "on" or a step whose uraian is "no"
would be lost.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.i18n import use_locale
from bot.sop.errors import SopValidationError
from bot.sop.loader import parse_sop

WORDS = ("ya", "no", "on", "off", "tidak", "yes", "y", "n", "Y", "NO", "On", "OFF")

TINY = """\
identitas:
  nama: no
  nomor: off
  unit: on
peran:
  ya: tidak
  no: on
  on: off
  off: ya
  tidak: no
langkah:
  - nomor: 1
    uraian: ya
    pelaksana: on
    kelengkapan: [no, off, yes, y, n]
    waktu: 1 jam
    output: tidak
    keterangan: on
  - nomor: 2
    uraian: no
    pelaksana: [ya, no, off, tidak]
    masing_masing: tidak
    waktu: 15 menit
    output: off
    output_wajib: no
  - nomor: 3
    uraian: off
    pelaksana: tidak
    waktu: 1 hari
    output: on
    output_wajib: ya
    keputusan:
      pertanyaan: on
      tidak: 1
"""


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield


def test_words_stay_strings() -> None:
    sop = parse_sop(TINY, "tiny.yaml")
    assert sop.identity.name == "no"
    assert (sop.identity.number, sop.identity.unit) == ("off", "on")
    assert sop.roles == {"ya": "tidak", "no": "on", "on": "off", "off": "ya", "tidak": "no"}
    one, two, three = sop.steps
    assert (one.activity, one.actors, one.output, one.note) == ("ya", ("on",), "tidak", "on")
    assert one.inputs == ("no", "off", "yes", "y", "n")
    assert (two.activity, two.actors, two.output) == ("no", ("ya", "no", "off", "tidak"), "off")
    assert (three.activity, three.output) == ("off", "on")
    assert three.decision is not None and three.decision.question == "on"


def test_yes_no_fields_read_the_words() -> None:
    one, two, three = parse_sop(TINY, "tiny.yaml").steps
    assert two.each_holder is False  # masing_masing: tidak
    assert two.output_required is False  # output_wajib: no -> the word 'no' = false
    assert not two.needs_output
    assert three.output_required is True  # output_wajib: ya
    assert three.needs_output
    assert one.output_required is None and one.needs_output  # default: an output is asked for


@pytest.mark.parametrize("word", WORDS)
def test_each_word_is_kept_as_an_uraian(word: str) -> None:
    text = f"identitas:\n  nama: {word}\nperan:\n  staf: {word}\nlangkah:\n"
    text += f"  - nomor: 1\n    uraian: {word}\n    pelaksana: staf\n    waktu: 1 jam\n"
    sop = parse_sop(text, "word.yaml")
    assert sop.identity.name == word
    assert sop.roles == {"staf": word}
    assert sop.steps[0].activity == word


SECOND_STEP = "  - nomor: 2\n    uraian: Dua\n    pelaksana: staf\n    waktu: 1 jam\n"


def test_true_and_false_are_booleans_in_yaml_1_2() -> None:
    text = "identitas:\n  nama: Contoh\nperan:\n  staf: Staf\nlangkah:\n"
    text += "  - nomor: 1\n    uraian: true\n    pelaksana: staf\n    waktu: 1 jam\n"
    text += SECOND_STEP
    with pytest.raises(SopValidationError) as raised:
        parse_sop(text, "bool.yaml")
    [issue] = raised.value.issues
    assert (issue.line, issue.step, issue.field) == (7, 1, "uraian")


def test_a_yes_no_field_rejects_other_words() -> None:
    text = "identitas:\n  nama: Contoh\nperan:\n  staf: Staf\nlangkah:\n"
    text += "  - nomor: 1\n    uraian: Satu\n    pelaksana: staf\n    waktu: 1 jam\n"
    text += "    output: Konsep\n    output_wajib: mungkin\n" + SECOND_STEP
    with pytest.raises(SopValidationError) as raised:
        parse_sop(text, "mungkin.yaml")
    [issue] = raised.value.issues
    assert (issue.line, issue.step, issue.field) == (11, 1, "output_wajib")
    assert "not 'mungkin'" in issue.message
