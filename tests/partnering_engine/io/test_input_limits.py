"""The engine's readers and CLI refuse unbounded or hostile input quickly, with one line
naming the file and the bound, never a traceback (issue 14)."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from partnering_engine.cli.main import main
from partnering_engine.errors import InputError
from partnering_engine.io import parse_dzn, read_problem
from partnering_engine.io.limits import check_xlsx_archive, read_bytes_limited

pytestmark = pytest.mark.unit

B2B_TIC = Path("/work/shared/anchors/b2b/tic-12.original.dzn")

SMALL_DZN = """
nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 4; nMorningSlots = 2;
requested = [| 1, 2, 3 | 2, 3, 3 |];
"""


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, float]:
    started = time.perf_counter()
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse refuses bad options this way
        code = int(stop.code or 0)
    return code, capsys.readouterr().err, time.perf_counter() - started


def test_dzn_with_absurd_slot_count_is_refused_naming_the_parameter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.dzn"
    path.write_text(SMALL_DZN.replace("nTotalSlots = 4", "nTotalSlots = 99999999999999999999"))
    code, err, _seconds = _run(["solve", str(path), "--out", str(tmp_path / "s.json")], capsys)
    assert code == 2
    assert "line 2, column" in err
    assert "is too large" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("nTotalSlots = 4", "nTotalSlots = 10000000", "nTotalSlots: 10000000 is more than"),
        ("nBusiness = 3", "nBusiness = 900000000", "nBusiness: 900000000 is more than"),
        ("requested", "forbidden = [{1..99999999}, {0}, {0}];\nrequested", "more than 1000000"),
        ("requested", "x = [[[[[[1]]]]]];\nrequested", "nested more than 3 deep"),
    ],
)
def test_dzn_sizes_are_bounded(replace: str, by: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        parse_dzn(SMALL_DZN.replace(replace, by, 1), name="x.dzn")


def test_dzn_deeply_nested_arrays_are_an_input_error_not_recursion() -> None:
    with pytest.raises(InputError, match="nested more than"):
        parse_dzn("x = " + "[" * 100_000 + "]" * 100_000 + ";", name="deep.dzn")


def test_benchmark_dzn_still_reads() -> None:
    if not B2B_TIC.exists():
        pytest.skip("shared benchmark instances are not on this machine")
    problem = read_problem(B2B_TIC)
    assert len(problem.meetings) > 0


def test_json_nested_100000_deep_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, err, _seconds = _run(["solve", str(path), "--out", str(tmp_path / "s.json")], capsys)
    assert code == 2
    assert "deep.json: arrays/objects are nested too deeply" in err
    assert "Traceback" not in err
    assert "RecursionError" not in err


def test_file_above_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    with pytest.raises(InputError, match="larger than"):
        read_bytes_limited(path, limit=1024)
    assert read_bytes_limited(path, limit=2048) == b" " * 2048


@pytest.mark.parametrize(
    "value", ["-1", "0", "nan", "inf", "1e300", "86401", "abc"], ids=lambda v: f"limit={v}"
)
def test_absurd_time_limit_is_refused(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.dzn"
    path.write_text(SMALL_DZN)
    argv = ["solve", str(path), "--time-limit", value, "--out", str(tmp_path / "s.json")]
    code, err, _seconds = _run(argv, capsys)
    assert code == 2
    assert "--time-limit" in err
    assert "Traceback" not in err
    assert not (tmp_path / "s.json").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["--workers", "0"],
        ["--workers", "100000"],
        ["--seed", "-1"],
        ["--seed", "99999999999999999999"],
        ["--fairness-d", "-3"],
    ],
    ids=lambda a: " ".join(a),
)
def test_absurd_solver_options_are_refused(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.dzn"
    path.write_text(SMALL_DZN)
    code, err, _seconds = _run(["solve", str(path), *argv, "--out", str(tmp_path / "s")], capsys)
    assert code == 2
    assert argv[0] in err
    assert "Traceback" not in err


def _xlsx_with(member: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr(member, content)
    return buffer.getvalue()


def test_xlsx_with_dtd_is_refused_naming_the_member() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><sst>&lol2;</sst>'
    )
    with pytest.raises(InputError, match=r"sharedStrings.xml: the workbook contains a DTD"):
        check_xlsx_archive(_xlsx_with("xl/sharedStrings.xml", laughs), source="s.xlsx")


def test_xlsx_unpacking_beyond_limit_is_refused() -> None:
    data = _xlsx_with("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * 4000 + b"</worksheet>")
    assert len(data) < 1000  # the compressed file is small; what it unpacks to is not
    with pytest.raises(InputError, match="unpacks to"):
        check_xlsx_archive(data, source="s.xlsx", max_uncompressed=2000)
    check_xlsx_archive(data, source="s.xlsx", max_uncompressed=10_000)


def test_xlsx_with_too_many_shared_strings_is_refused() -> None:
    data = _xlsx_with("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>" * 50 + b"</sst>")
    with pytest.raises(InputError, match="50 shared strings; at most 10"):
        check_xlsx_archive(data, source="s.xlsx", max_shared_strings=10)
