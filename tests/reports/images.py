"""Look at PNGs the way a reader would: their size, and whether anything is drawn."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def open_png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).convert("RGB")


def inked_share(image: Image.Image) -> float:
    """The share of pixels that are not (nearly) white."""
    gray = np.asarray(image.convert("L"))
    return float((gray < 240).mean())


def colour_pixels(image: Image.Image, rgb: tuple[int, int, int], *, tolerance: int = 12) -> int:
    """How many pixels have about this colour (a filled shape leaves many)."""
    pixels = np.asarray(image).astype(int)
    return int((np.abs(pixels - np.array(rgb)) <= tolerance).all(axis=2).sum())


def has_colour(image: Image.Image, rgb: tuple[int, int, int]) -> bool:
    return colour_pixels(image, rgb) > 50
