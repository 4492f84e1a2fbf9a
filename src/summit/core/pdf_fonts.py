"""Fonts for the PDFs (agendas, table plans, the event report): Korean text needs Hangul.

The first usable TrueType pair is registered, in order: the setting ``SUMMIT_PDF_FONT`` (a
``.ttf`` path), Debian's ``fonts-nanum``, ``fonts-unfonts-core`` and ``fonts-baekmuk``. It is
embedded as a subset with a Unicode map, so text extractors read the Korean names back.
Without any, reportlab's built-in CID font ``HYSMyeongJo-Medium`` (Adobe's Korean font, shown
by every PDF reader) is used, so a PDF is always produced, on a laptop too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

__all__ = ["CID_FALLBACK", "FONT_CANDIDATES", "Fonts", "find_fonts", "korean_fonts"]

#: TrueType fonts with Hangul, tried in order: (regular, bold).
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
        "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf",
        "/usr/share/fonts/truetype/nanum/NanumBarunGothicBold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
        "/usr/share/fonts/truetype/unfonts-core/UnDotumBold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/baekmuk/gulim.ttf",
        "/usr/share/fonts/truetype/baekmuk/gulim.ttf",
    ),
)
CID_FALLBACK = "HYSMyeongJo-Medium"


@dataclass(frozen=True)
class Fonts:
    """Registered font names for regular and bold text, and where they came from."""

    regular: str
    bold: str
    source: str


def _try_ttf(name: str, regular: str, bold: str) -> Fonts | None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not Path(regular).is_file():
        return None
    bold = bold if Path(bold).is_file() else regular
    try:
        pdfmetrics.registerFont(TTFont(name, regular))
        pdfmetrics.registerFont(TTFont(f"{name}-Bold", bold))
    except (TTFError, OSError):  # e.g. PostScript outlines, which reportlab cannot embed
        return None
    return Fonts(regular=name, bold=f"{name}-Bold", source=regular)


def find_fonts(candidates: Sequence[tuple[str, str]]) -> Fonts:
    """Register the first usable TrueType pair of `candidates`, else the built-in CID font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    for regular, bold in candidates:
        found = _try_ttf(f"SummitKorean-{Path(regular).stem}", regular, bold)
        if found is not None:
            return found
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return Fonts(regular=CID_FALLBACK, bold=CID_FALLBACK, source=CID_FALLBACK)


@lru_cache(maxsize=1)
def korean_fonts() -> Fonts:
    """The fonts every PDF text is set in (registered once per process)."""
    configured = getattr(settings, "SUMMIT_PDF_FONT", "")
    candidates = ((configured, configured),) if configured else ()
    return find_fonts((*candidates, *FONT_CANDIDATES))
