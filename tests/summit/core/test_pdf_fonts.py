"""The PDFs' font is the project's own, and tables are sized from measured text widths."""

from __future__ import annotations

from pathlib import Path

import pytest

import summit
from summit.core.pdf_fonts import (
    FONT_DIR,
    fit_columns,
    longest_word_width,
    pdf_fonts,
    text_width,
    wrap_lines,
)


def test_pdf_font_is_the_shipped_font_whatever_the_machine_has():
    from reportlab.pdfbase import pdfmetrics

    fonts = pdf_fonts()
    package = Path(summit.__file__).resolve().parent
    for name in (fonts.regular, fonts.bold):
        font = pdfmetrics.getFont(name)
        source = Path(font.face.filename).resolve()
        assert source.parent == FONT_DIR
        assert package in source.parents
    assert (FONT_DIR / "OFL.txt").read_text().startswith("Copyright (c) 2010, NAVER")


def test_pdf_font_covers_latin_hangul_and_the_punctuation_the_pdfs_use():
    from reportlab.pdfbase import pdfmetrics

    fonts = pdf_fonts()
    for name in (fonts.regular, fonts.bold):
        glyphs = pdfmetrics.getFont(name).face.charToGlyph
        missing = [c for c in "Aaéü·–—×→←…강지훈바이오테이블" if ord(c) not in glyphs]
        assert missing == []


def test_text_width_is_the_widest_line():
    font = pdf_fonts().regular
    assert text_width("", font, 9) == 0
    wide, narrow = "Beta Therapeutics", "Beta"
    assert text_width(f"{narrow}\n{wide}", font, 9) == text_width(wide, font, 9)
    assert text_width("바이오", font, 9) > text_width("bio", font, 9)
    assert longest_word_width("a Therapeutics b", font, 9) == text_width("Therapeutics", font, 9)


def test_wrap_lines_breaks_at_spaces_and_inside_a_word_wider_than_the_column():
    font = pdf_fonts().regular
    width = text_width("Beta Therapeutics", font, 9) + 1
    assert wrap_lines("Beta Therapeutics International", font, 9, width) == [
        "Beta Therapeutics",
        "International",
    ]
    url = "https://meet.example.com/" + "x" * 60
    lines = wrap_lines(url, font, 9, 80)
    assert "".join(lines) == url
    assert all(text_width(line, font, 9) <= 80 for line in lines)
    assert wrap_lines("first\nsecond", font, 9, 200) == ["first", "second"]


def test_fit_columns_keeps_natural_widths_when_they_fit():
    assert fit_columns([50, 100, 80], [50, 30, 30], 300) == [50, 100, 80]


def test_fit_columns_shrinks_only_wrapping_columns_and_never_below_their_minimum():
    # Column 0 must not wrap (natural == minimum); 1 is narrow; 2 and 3 are long names.
    widths = fit_columns([60, 40, 400, 300], [60, 20, 50, 120], 400)
    assert widths[0] == 60
    assert widths[1] == 40
    assert sum(widths) == pytest.approx(400)
    assert widths[2] == pytest.approx(150)
    assert widths[3] == pytest.approx(150)
    widths = fit_columns([60, 400, 300], [60, 50, 250], 400)
    assert widths == [60, pytest.approx(90), 250]


def test_fit_columns_refuses_columns_that_cannot_fit():
    with pytest.raises(ValueError, match="columns need 500 pt, the page has 400 pt"):
        fit_columns([300, 300], [250, 250], 400)


def test_a_pdf_embeds_only_subsets_of_the_shipped_font(tmp_path):
    import shutil
    import subprocess

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts: poppler-utils not installed")
    fonts = pdf_fonts()
    path = tmp_path / "fonts.pdf"
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=10)
    SimpleDocTemplate(str(path), initialFontName=fonts.regular).build(
        [Paragraph("<b>강지훈</b> · Korea · Table 1 · 09:00–09:30", style)]
    )
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    names = [line.split()[0] for line in listed.stdout.splitlines()[2:]]
    assert sorted(name.split("+", 1)[1] for name in names) == ["NanumGothic", "NanumGothicBold"]
    assert all(len(name.split("+", 1)[0]) == 6 for name in names)  # subset tags
