"""Pick the layout that fits the terminal: a table when every word fits its column.

Rich breaks a word in the middle when a table is narrower than the sum of its
columns' longest words. ``Fitted`` measures the wide layout at the actual width and
falls back to the narrow one (stacked label/value lines) instead.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement

_UNBOUNDED = 100_000


def minimum_width(console: Console, options: ConsoleOptions, renderable: RenderableType) -> int:
    """The narrowest width at which ``renderable`` breaks no word."""
    wide = options.update_width(_UNBOUNDED)
    return Measurement.get(console, wide, renderable).minimum


class Fitted:
    """Render ``wide()`` when it fits without breaking a word, else ``narrow()``."""

    def __init__(
        self, wide: Callable[[], RenderableType], narrow: Callable[[], RenderableType]
    ) -> None:
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the wide layout if its words fit the width, else the narrow one."""
        table = self.wide()
        if minimum_width(console, options, table) <= options.max_width:
            yield table
        else:
            yield self.narrow()
