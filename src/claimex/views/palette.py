"""One colour per speaker, the same in the terminal and in HTML.

Speakers are numbered in order of first appearance from 1 (0 is "no speaker", grey); the
n-th speaker's hue steps round the colour wheel by the golden angle, so that speakers met
one after the other get well separated hues however many there are.
"""

from __future__ import annotations

import colorsys
from collections.abc import Hashable

GOLDEN_ANGLE = 137.508
FIRST_HUE = 210.0
NO_SPEAKER_HEX = "#8a8a8a"


def speaker_hue(index: int) -> float:
    """Hue in degrees of speaker number `index` (>= 1)."""
    return round((FIRST_HUE + (index - 1) * GOLDEN_ANGLE) % 360, 1)


def speaker_hex(index: int, lightness: float = 0.55, saturation: float = 0.75) -> str:
    """The colour of speaker `index` as #rrggbb (grey for 0)."""
    if index == 0:
        return NO_SPEAKER_HEX
    r, g, b = colorsys.hls_to_rgb(speaker_hue(index) / 360, lightness, saturation)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


class SpeakerNumbers:
    """Numbers speakers from 1 in order of first appearance; None is 0."""

    def __init__(self) -> None:
        self.numbers: dict[Hashable, int] = {}

    def __call__(self, key: Hashable | None) -> int:
        if key is None:
            return 0
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]
