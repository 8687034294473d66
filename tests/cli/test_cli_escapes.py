"""An escape sequence in a stored SOP never reaches the terminal raw."""

from bot.render.safe import printable_sop
from bot.sop.model import Sop
from tests.conftest import SAMPLE_SOP


def test_control_characters_in_sop_texts_are_shown_escaped() -> None:
    data = {**SAMPLE_SOP, "identitas": {"nama": "Surat \x1b[2J masuk\u202e"}}
    shown = printable_sop(Sop.model_validate(data))
    assert shown.identity.name == "Surat \\x1b[2J masuk\\u202e"
    numbers = [step["nomor"] for step in SAMPLE_SOP["langkah"]]
    assert [step.number for step in shown.steps] == numbers
