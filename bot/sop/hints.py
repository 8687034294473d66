"""Say what to write instead: hints for role keys, unknown fields and decision targets."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from bot.i18n import _
from bot.sop.model import Decision, Identity, Sop, Step

_KEY_RULE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_SEVERAL = re.compile(r"\s*(?:,|;|/|&|\bdan\b|\+)\s*")


def suggest_key(text: str) -> str:
    """A valid role key made from a name: "Kasubbag Umum" -> "kasubbag_umum"."""
    key = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not key or not key[0].isalpha():
        key = "peran_" + key
    return key[:32].rstrip("_")


def key_hint(value: Any, roles: Any) -> str:
    """Why ``value`` is not a role key, and the key to write instead."""
    text = str(value).strip()
    if isinstance(roles, dict):
        for key, name in roles.items():
            if isinstance(name, str) and text.lower() == name.strip().lower():
                return _("use the key '{key}' for '{name}' (the key, not the jabatan name)").format(
                    key=key, name=text
                )
    parts = [part for part in _SEVERAL.split(text) if part]
    if len(parts) > 1:
        keys = ", ".join(suggest_key(part) for part in parts)
        return _("for several roles write a list: pelaksana: [{keys}]").format(keys=keys)
    return _(
        "'{value}' must be a short lowercase key such as 'kepala' or 'staf_tu': a letter a-z, "
        "then only a-z, 0-9 and _ (at most 32 characters); write e.g. '{key}'"
    ).format(value=text, key=suggest_key(text))


def actor_hint(actor: str, roles: dict[str, str]) -> str | None:
    """The role key meant by an unknown actor: by its jabatan name, or a close key."""
    for key, name in roles.items():
        if actor.lower() in (name.lower(), suggest_key(name)):
            return _("use the key '{key}' for '{name}'").format(key=key, name=name)
    close = difflib.get_close_matches(actor, list(roles), n=1)
    return _("did you mean '{key}'?").format(key=close[0]) if close else None


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model whose fields live at ``loc`` (the mapping that holds the unknown key)."""
    parts = [part for part in loc if isinstance(part, str)]
    shapes: dict[tuple[str, ...], type[BaseModel]] = {
        (): Sop,
        ("identitas",): Identity,
        ("langkah",): Step,
        ("langkah", "keputusan"): Decision,
    }
    return shapes.get(tuple(parts))


def field_hint(loc: Sequence[str | int], unknown: str) -> str | None:
    """'did you mean ...?' for an unknown key, among the keys allowed at its place."""
    model = _model_at(loc[:-1])
    if model is None:
        return None
    allowed = [info.alias or name for name, info in model.model_fields.items()]
    word = unknown.strip().lower().replace("-", "_").replace(" ", "_")
    guess = word if word in allowed else None
    if guess is None:
        starting = [key for key in allowed if len(word) >= 2 and key.startswith(word)]
        guess = starting[0] if len(starting) == 1 else None
    if guess is None:
        close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.75)
        guess = close[0] if close else None
    if guess is None or guess == unknown:
        return None
    return _("did you mean '{key}'?").format(key=guess)


def target_hint(field: str, value: Any) -> str:
    """What a decision target may be, saying why the written one is wrong."""
    if field == "tidak" and value == "selesai":
        return _(
            "'tidak' cannot be 'selesai': write the number of this or an earlier step to send "
            "the work back, or 'tolak' to reject; 'selesai' belongs to 'ya'"
        )
    if field == "ya" and value == "tolak":
        return _(
            "'ya' cannot be 'tolak': write a later step number or 'selesai'; "
            "'tolak' belongs to 'tidak'"
        )
    if field == "ya":
        return _("'ya' must be a step number or 'selesai'")
    return _("'tidak' must be a step number (this or an earlier step) or 'tolak'")


def is_key(value: str) -> bool:
    """Tell whether ``value`` follows the rule for role keys."""
    return bool(_KEY_RULE.match(value))
