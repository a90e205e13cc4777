"""JPEG encoding to a byte budget: the highest quality, then the highest resolution, that fits.

One quality is chosen for all pages of a document (so no page looks worse than another), by a few
trial encodes: a first guess from how JPEG sizes typically fall with quality, then interpolation on
the logarithm of the size. Resolution is lowered only when the lowest acceptable quality does not fit.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image

from bot.documents.images import dpi_on_a4, size_for_dpi
from bot.documents.limits import FLOOR_DPI, JPEG_QUALITY_MAX, JPEG_QUALITY_MIN, MIN_DPI, TARGET_DPI

# Typical size of a JPEG at quality q relative to quality 85 (photos and scans of printed pages, 4:2:0).
_RELATIVE_SIZE = ((85, 1.0), (80, 0.84), (75, 0.73), (70, 0.66), (65, 0.60), (60, 0.55), (55, 0.51),
                  (50, 0.47), (45, 0.44), (40, 0.41))
DPI_STEPS = (TARGET_DPI, 175, MIN_DPI, 130, FLOOR_DPI)


def encode_jpeg(image: Image.Image, quality: int, *, dpi: float | None = None) -> bytes:
    """Baseline JPEG with optimised Huffman tables and no metadata."""
    buffer = io.BytesIO()
    options: dict[str, object] = {"quality": quality, "optimize": True}
    if dpi:
        options["dpi"] = (dpi, dpi)
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def best_quality(total_at: Callable[[int], int], budget: int, *, lo: int = JPEG_QUALITY_MIN,
                 hi: int = JPEG_QUALITY_MAX) -> int | None:
    """The highest quality in [lo, hi] whose total size fits ``budget``, or None; ~2–4 calls of ``total_at``."""
    sizes: dict[int, int] = {}

    def size(quality: int) -> int:
        if quality not in sizes:
            sizes[quality] = total_at(quality)
        return sizes[quality]

    if size(hi) <= budget:
        return hi
    ratio = budget / size(hi)
    guess = next((q for q, rel in _RELATIVE_SIZE if q <= hi and rel <= ratio * 0.97), lo)
    guess = max(lo, guess)
    if size(guess) <= budget:
        fits, over = guess, hi
    else:
        if guess == lo:
            return None
        if size(lo) > budget:
            return None
        fits, over = lo, guess
    for _ in range(3):
        if over - fits <= 3:
            break
        low_log, high_log = math.log(size(fits)), math.log(size(over))
        estimate = fits + (over - fits) * (math.log(budget) - low_log) / max(high_log - low_log, 1e-9)
        quality = min(over - 1, max(fits + 1, math.floor(estimate)))
        if size(quality) <= budget:
            fits = quality
        else:
            over = quality
    return fits


@dataclass(frozen=True)
class FittedImage:
    """One page image encoded to its share of the budget."""

    jpeg: bytes
    size: tuple[int, int]
    mode: str
    dpi: int
    quality: int


def fit_images(images: Sequence[Image.Image], budget: int, *, dpi_steps: Sequence[int] = DPI_STEPS
               ) -> list[FittedImage] | None:
    """Encode ``images`` (upright, RGB or L) so that together they take at most ``budget`` bytes.

    Each page is first scaled to the highest step of ``dpi_steps`` on an A4 page (never up), then one
    JPEG quality is searched for all pages; a lower step is tried only when the lowest quality does
    not fit, skipping the steps that cannot fit either (JPEG size grows about with the pixel count).
    Returns None when even the last step does not fit.
    """
    current = list(images)
    previous_sizes: list[tuple[int, int]] | None = None
    reachable = float("inf")
    for dpi in dpi_steps:
        if dpi > reachable:
            continue
        current = [_scaled(image, dpi) for image in current]  # each step scales the previous, smaller copy
        sizes = [image.size for image in current]
        if sizes == previous_sizes:
            continue  # the sources are already below this resolution: nothing changes
        previous_sizes = sizes
        encoded: dict[int, list[bytes]] = {}

        def total_at(quality: int, scaled: list[Image.Image] = current, encoded: dict[int, list[bytes]] = encoded,
                     dpi: int = dpi) -> int:
            encoded[quality] = [encode_jpeg(image, quality, dpi=min(dpi, dpi_on_a4(image.size))) for image in scaled]
            return sum(len(data) for data in encoded[quality])

        quality = best_quality(total_at, budget)
        if quality is not None:
            return [FittedImage(data, image.size, image.mode, dpi_on_a4(image.size), quality)
                    for data, image in zip(encoded[quality], current, strict=True)]
        smallest = min(sum(len(data) for data in row) for row in encoded.values())
        reachable = dpi * math.sqrt(budget / smallest) * 1.15
    return None


def _scaled(image: Image.Image, dpi: int) -> Image.Image:
    size = size_for_dpi(image.size, dpi)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
