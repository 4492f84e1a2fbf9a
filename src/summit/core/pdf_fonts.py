"""The font of every PDF (agendas, table plans, the event report): NanumGothic, shipped here.

NanumGothic (regular and bold, SIL Open Font License 1.1, see ``fonts/OFL.txt``; the files of
Debian's ``fonts-nanum`` 20200506) is a sans-serif TrueType font covering Latin and Hangul.
The project ships it, so a PDF looks the same on every machine whatever fonts are installed,
and reportlab embeds the glyphs a PDF uses as a subset with a Unicode map (text extractors,
screen readers and copy and paste read the Korean names back).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "FONT_DIR",
    "Fonts",
    "fit_columns",
    "longest_word_width",
    "pdf_fonts",
    "text_width",
    "wrap_lines",
]

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR_FILE = FONT_DIR / "NanumGothic.ttf"
BOLD_FILE = FONT_DIR / "NanumGothicBold.ttf"


@dataclass(frozen=True)
class Fonts:
    """Registered reportlab font names for regular and bold text."""

    regular: str
    bold: str


@lru_cache(maxsize=1)
def pdf_fonts() -> Fonts:
    """The fonts every PDF text is set in (registered with reportlab once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = Fonts(regular="SummitSans", bold="SummitSans-Bold")
    pdfmetrics.registerFont(TTFont(fonts.regular, str(REGULAR_FILE)))
    pdfmetrics.registerFont(TTFont(fonts.bold, str(BOLD_FILE)))
    # Paragraph markup (<b>) switches to the bold face through this family mapping.
    addMapping(fonts.regular, 0, 0, fonts.regular)
    addMapping(fonts.regular, 1, 0, fonts.bold)
    addMapping(fonts.regular, 0, 1, fonts.regular)
    addMapping(fonts.regular, 1, 1, fonts.bold)
    return fonts


def text_width(text: str, font: str, size: float) -> float:
    """The width in points of the widest line of `text` set in `font` at `size`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return max((stringWidth(line, font, size) for line in text.split("\n")), default=0.0)


def longest_word_width(text: str, font: str, size: float) -> float:
    """The width of the widest word of `text`: narrower, a column would break inside it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width`: at spaces, and inside a word only when
    the word alone is wider (a long URL, a name without spaces)."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for paragraph in text.split("\n"):
        if stringWidth(paragraph, font, size) <= width:  # most cells fit: no splitting
            lines.append(paragraph)
            continue
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return lines


def fit_columns(
    natural: Sequence[float], minimum: Sequence[float], available: float
) -> list[float]:
    """Column widths summing to at most `available`: each column its `natural` width (its
    widest text) when all fit; else columns whose natural width equals their `minimum` (text
    that must not wrap, such as times) keep it and the others share what is left, a narrow
    column keeping its natural width and the wide ones splitting the rest equally, never
    below their minimum. Raises ValueError when even the minimums do not fit."""
    if len(natural) != len(minimum):
        raise ValueError("natural and minimum widths differ in length")
    widths = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    if sum(widths) <= available:
        return widths
    if sum(minimum) > available:
        raise ValueError(f"columns need {sum(minimum):.0f} pt, the page has {available:.0f} pt")
    fixed = {index for index, (n, m) in enumerate(zip(natural, minimum, strict=True)) if n <= m}
    flexible = [index for index in range(len(widths)) if index not in fixed]
    left = available - sum(widths[index] for index in fixed)
    # Water-filling: columns narrower than an equal share keep their width, the others
    # share what remains equally (and each keeps at least its minimum).
    pending = sorted(flexible, key=lambda index: widths[index])
    while pending:
        share = left / len(pending)
        index = pending[0]
        if widths[index] <= share:
            left -= widths[index]
            pending.pop(0)
            continue
        floors = [index for index in pending if minimum[index] > share]
        if floors:
            for index in floors:
                widths[index] = minimum[index]
                left -= minimum[index]
                pending.remove(index)
            continue
        for index in pending:
            widths[index] = share
        break
    return widths
