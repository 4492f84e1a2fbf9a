"""Every PDF finds a font with Hangul: an installed TrueType font, else the built-in one."""

from __future__ import annotations

from pathlib import Path

from summit.core.pdf_fonts import CID_FALLBACK, FONT_CANDIDATES, Fonts, find_fonts, korean_fonts


def test_korean_font_is_a_truetype_font_with_hangul_when_installed():
    installed = [regular for regular, _bold in FONT_CANDIDATES if Path(regular).is_file()]
    fonts = korean_fonts()
    if installed:
        assert fonts.source == installed[0]
    else:
        assert fonts.source == CID_FALLBACK


def test_find_fonts_without_truetype_fonts_uses_the_builtin_korean_font(tmp_path):
    missing = str(tmp_path / "none.ttf")
    assert find_fonts([(missing, missing)]) == Fonts(CID_FALLBACK, CID_FALLBACK, CID_FALLBACK)


def test_find_fonts_skips_a_file_that_is_not_a_font(tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    installed = [pair for pair in FONT_CANDIDATES if Path(pair[0]).is_file()]
    fonts = find_fonts([(str(broken), str(broken)), *installed])
    assert fonts.source != str(broken)
