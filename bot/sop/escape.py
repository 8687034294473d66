"""Text from SOP files made safe to print: control characters shown as escapes, never raw.

A terminal obeys escape sequences (``\\x1b[2J`` clears it) and a chat shows bidi
overrides as reordered text; an SOP author's text must reach neither as is.
"""

from __future__ import annotations

import re

# What an SOP file may contain: YAML 1.2's printable set without NEL (U+0085), whose
# line breaking differs between tools. Anything outside it is refused with its line.
FORBIDDEN_CHARACTER = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Shown escaped: C0/C1 controls and DEL, lone surrogates, line/paragraph separators,
# bidi embeddings, overrides and isolates, the zero-width no-break space.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_UNSAFE_LINE = re.compile(f"[\n{_UNSAFE}]")
_UNSAFE_TEXT = re.compile(f"[{_UNSAFE}]")


def character_code(char: str) -> str:
    """Write one character as a Python-style escape: ``\\x07``, ``\\u202e``, ``\\U0001f600``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_control(text: str, *, keep_newlines: bool = False) -> str:
    """Return ``text`` with every control character written as an escape (tabs kept)."""
    pattern = _UNSAFE_TEXT if keep_newlines else _UNSAFE_LINE
    return pattern.sub(lambda match: character_code(match.group()), text)
