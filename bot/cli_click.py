"""Click's and typer's own texts in the user's language: help panels, usage, errors.

Typer (0.29) carries its own copy of Click whose texts are plain English strings, not
gettext calls. They are translated here at the three places they reach the screen:
the help layout's fixed words (module constants of ``typer.rich_utils``, set before
every call), the usage line, and the error panel, whose English message is matched
against the patterns below and rebuilt from a translated template. Every command
under the root, including sub-apps registered later, goes through ``localize_tree``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import rich_utils
from typer.core import TyperArgument, TyperOption

try:  # typer >= 0.29 carries its own Click; without it the usage prefix stays English
    from typer._click import formatting
except ImportError:  # pragma: no cover (another typer layout)
    formatting = None  # type: ignore[assignment]

from bot.i18n import N_, _

# typer.rich_utils constant -> English msgid; typer reads the constants at render time.
_FIXED_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
HELP_OPTION_TEXT = N_("Show this message and exit.")
USAGE_PREFIX = N_("Usage: ")
# Placeholders Click writes in the usage line.
_USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))

# Click's English error messages, as patterns, and the msgid each becomes. Groups are
# the msgid's placeholders; a `reason` group is itself translated (it is nested).
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), msgid)
    for pattern, msgid in (
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<choices>.+)\)",
            N_("No such option: {name} (did you mean: {choices}?)"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (r"No such command '(?P<name>.*)'\.", N_("No such command '{name}'.")),
        (r"Missing argument (?P<name>'.+')\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>'.+')\.", N_("Missing option {name}.")),
        (r"Missing parameter: (?P<name>.+)", N_("Missing parameter: {name}")),
        (
            r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)",
            N_("Unexpected extra argument(s): {args}"),
        ),
        (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} needs a value.")),
        (
            r"Option (?P<name>'.+') requires (?P<count>\d+) arguments\.",
            N_("Option {name} needs {count} values."),
        ),
        (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} takes no value.")),
        (
            r"Invalid value for (?P<name>'[^']+'): (?P<reason>.+)",
            N_("Invalid value for {name}: {reason}"),
        ),
        (r"Invalid value: (?P<reason>.+)", N_("Invalid value: {reason}")),
        (r"Value error, (?P<reason>.+)", "{reason}"),
        (r"Input should be a valid integer.*", N_("Write a whole number.")),
        (
            r"(?P<value>'.*') is not one of (?P<choices>.+)\.",
            N_("{value} is not one of {choices}."),
        ),
        (
            r"Value (?P<value>'.*') is not a valid (?P<kind>int|integer)\.",
            N_("{value} is not a whole number."),
        ),
        (
            r"(?P<value>'.*') is not a valid (?P<kind>int|integer)\.",
            N_("{value} is not a whole number."),
        ),
    )
)


def translate_error(message: str) -> str:
    """Translate one of Click's English error messages; unknown ones stay as they are."""
    for pattern, msgid in _ERRORS:
        match = pattern.fullmatch(message.strip())
        if match is None:
            continue
        fields = match.groupdict()
        if "reason" in fields:
            fields["reason"] = translate_error(fields["reason"])
        template = _(msgid) if msgid != "{reason}" else msgid
        return template.format(**fields)
    return message


def _set_fixed_words() -> None:
    """Set typer's layout words in the current locale."""
    for constant, msgid in _FIXED_WORDS.items():
        setattr(rich_utils, constant, _(msgid))


def localize_tree(command: Any) -> None:
    """Translate, in place, the help of ``command``, its parameters and every subcommand.

    Help texts and metavars are English msgids marked with ``N_`` where they are
    declared; typer builds a fresh command tree on every call, so this runs each time.
    """
    for holder in (command, *command.params):
        for attr in ("help", "short_help", "metavar"):
            text = getattr(holder, attr, None)
            if text:
                setattr(holder, attr, _(text))
        _plain_type(holder)
    for sub in getattr(command, "commands", {}).values():
        localize_tree(sub)


def _plain_type(param: Any) -> None:
    """Show a parameter's kind as a word (its metavar, else its name), never a Python type."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and getattr(descriptor, "is_choice", False):
        return  # typer shows the choices themselves ("id|en")
    if isinstance(param, TyperArgument):
        if not param.metavar:
            param.metavar = (param.name or "value").upper()
        # The argument's name column already shows the metavar ("SOP", "PATH").
        param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    elif isinstance(param, TyperOption) and param.metavar is None:
        param.metavar = "" if param.is_flag else (param.name or "value").upper()


def _translated_help(original: Callable[..., None]) -> Callable[..., None]:
    """Wrap typer's help printer so the help option speaks the current locale."""

    def render(*, obj: Any, ctx: Any, markup_mode: Any) -> None:
        """Translate the help option's text, then print the help."""
        option = obj.get_help_option(ctx)
        if option is not None:
            option.help = _(HELP_OPTION_TEXT)
            option.metavar = ""
        original(obj=obj, ctx=ctx, markup_mode=markup_mode)

    return render


def _translated_error(original: Callable[[Any], None]) -> Callable[[Any], None]:
    """Wrap typer's error printer so Click's message is translated."""

    def show(error: Any) -> None:
        """Print the error with its message translated."""
        english = error.format_message()
        error.format_message = lambda: translate_error(english)
        original(error)

    return show


def _translated_usage(original: Callable[..., None]) -> Callable[..., None]:
    """Wrap Click's usage writer so 'Usage:' and its placeholders are translated."""

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        """Write the usage line with translated words."""
        for word in _USAGE_WORDS:
            args = args.replace(word, _(word))
        original(self, prog, args, _(USAGE_PREFIX) if prefix is None else prefix)

    return write_usage


def _install() -> None:
    """Wrap typer's help, error and usage printers once per process."""
    if getattr(rich_utils, "_sopbot_localized", False):
        return
    rich_utils.rich_format_help = _translated_help(rich_utils.rich_format_help)
    rich_utils.rich_format_error = _translated_error(rich_utils.rich_format_error)  # type: ignore[assignment]
    if formatting is not None:
        writer = formatting.HelpFormatter
        writer.write_usage = _translated_usage(writer.write_usage)  # type: ignore[method-assign]
    rich_utils._sopbot_localized = True  # type: ignore[attr-defined]


def localize(command: Any) -> None:
    """Make every text of ``command`` and of typer's own layout follow the current locale."""
    _install()
    _set_fixed_words()
    localize_tree(command)
