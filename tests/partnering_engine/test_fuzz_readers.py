"""Hypothesis fuzzing of every file reader of the engine (issue 14): whatever the bytes, a
reader returns or raises `EngineError` (one line naming the file and field), never another
exception, and within a bounded time. Runs in `make test` (about a minute); prints counts.
"""

from __future__ import annotations

import io
import json
import string
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from partnering_engine.cli.main import main
from partnering_engine.errors import EngineError
from partnering_engine.io import parse_dzn, problem_from_dict, solution_from_dict
from partnering_engine.io.limits import check_xlsx_archive
from partnering_engine.matching.screening import read_watchlist
from partnering_engine.matching.survey import COLUMNS, SurveyRow, read_survey, write_survey

pytestmark = [pytest.mark.unit, pytest.mark.slow]

EXAMPLES = 150
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=5000,  # ms per example: bounded readers answer far sooner, even on a busy machine
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # No shrinking: a failure is reported as found, so the run stays bounded.
    phases=[Phase.explicit, Phase.generate],
)
OUTCOMES: Counter[tuple[str, str]] = Counter()
STARTED = time.perf_counter()


@pytest.fixture(scope="module", autouse=True)
def report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    total = sum(OUTCOMES.values())
    lines = ", ".join(
        f"{reader} {outcome}: {n}" for (reader, outcome), n in sorted(OUTCOMES.items())
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    summary = (
        f"engine reader fuzz: {total} inputs in {time.perf_counter() - STARTED:.0f} s; {lines}"
    )
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n{summary}")


def _outcome(reader: str, call: Callable[[], Any]) -> None:
    message = ""
    try:
        call()
    except EngineError as error:
        message = str(error) or "(empty message)"
    if not message:
        OUTCOMES[(reader, "read")] += 1
        return
    assert message != "(empty message)", "an error must say what is wrong"
    OUTCOMES[(reader, "refused")] += 1


# ---- .dzn -------------------------------------------------------------------------------

DZN_WORDS = st.sampled_from(
    [
        "nBusiness", "nMeetings", "nTables", "nTotalSlots", "nMorningSlots", "requested",
        "forbidden", "fixed", "precedences", "meetingsxBusiness", "nMeetingsBusiness",
        "=", ";", "[", "]", "[|", "|]", "|", "{", "}", "..", ",", "%", "\n", " ",
        "0", "1", "2", "3", "-1", "99999999999999999999", "12", "40",
    ]
)  # fmt: skip


@FUZZ
@given(st.one_of(st.lists(DZN_WORDS, max_size=80).map(" ".join), st.text(max_size=300)))
def test_dzn_reader_never_crashes(text: str) -> None:
    _outcome("dzn", lambda: parse_dzn(text, name="fuzz.dzn"))


@FUZZ
@given(st.data())
def test_real_dzn_mutated_never_crashes(data: st.DataObject) -> None:
    source = Path("/work/shared/anchors/b2b/tic-12.original.dzn")
    text = source.read_text() if source.exists() else _SMALL_DZN
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    insert = data.draw(st.one_of(DZN_WORDS, st.text(max_size=10)))
    _outcome("dzn", lambda: parse_dzn(text[:start] + insert + text[end:], name="fuzz.dzn"))


_SMALL_DZN = (
    "nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 4; nMorningSlots = 2;\n"
    "requested = [| 1, 2, 3 | 2, 3, 3 |];\n"
)

# ---- JSON problems and schedules -----------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["id", "a", "b", "day", "start", "end", "slot", "table", "weight"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)
PROBLEM_KEYS = ["name", "slots", "tables", "participants", "meetings", "interpreters", "pins"]


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from([*PROBLEM_KEYS, "mode", "fairness_d", "meta"]), JSON_VALUES, max_size=9
    )
)
def test_problem_from_json_never_crashes(data: dict[str, Any]) -> None:
    _outcome("problem json", lambda: problem_from_dict(data))


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["assignments", "unscheduled", "status", "objective", "bound", "stats"]),
        JSON_VALUES,
        max_size=6,
    )
)
def test_solution_from_json_never_crashes(data: dict[str, Any]) -> None:
    _outcome("schedule json", lambda: solution_from_dict(data))


@settings(FUZZ, max_examples=30)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_cli_on_any_problem_file_answers_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    for suffix in (".json", ".dzn"):
        path = folder / f"problem{suffix}"
        path.write_bytes(content)
        stderr = io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stderr", stderr)
            code = main(["validate", str(path), str(folder / "none.json")])
        assert code == 2
        assert "Traceback" not in stderr.getvalue()
        OUTCOMES[("cli", "refused")] += 1


# ---- surveys (CSV, XLSX) and watch lists ------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(
        ["", "KR", "biotech", "oncology;mab", "=1+1", "licensing_out", "x" * 120, "한빛", '"', ";"]
    ),
    st.text(max_size=12),
)


@FUZZ
@given(
    st.lists(st.sampled_from([*COLUMNS, "contact_email", "bogus"]), max_size=18),
    st.lists(st.lists(CELLS, max_size=18), max_size=6),
    st.sampled_from([",", "\t", ";"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp949"]),
)
def test_survey_csv_never_crashes(
    header: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    text = "\n".join(delimiter.join(cells) for cells in [header, *rows])
    data = text.encode(encoding, errors="replace")
    _outcome("survey csv", lambda: read_survey(data, filename="fuzz.csv"))


@FUZZ
@given(st.binary(max_size=400))
def test_survey_reader_on_any_bytes_never_crashes(data: bytes) -> None:
    _outcome("survey bytes", lambda: read_survey(data, filename="fuzz.csv"))
    _outcome("survey bytes", lambda: read_survey(b"PK\x03\x04" + data, filename="fuzz.xlsx"))


def _valid_xlsx() -> bytes:
    rows = [
        SurveyRow(
            org_id=f"o{i}",
            organization=f"Org {i}",
            org_type="biotech",
            country="KR",
            offers=("licensing_out",),
        )
        for i in range(3)
    ]
    buffer = io.BytesIO()
    write_survey(rows, buffer, fmt="xlsx")
    return buffer.getvalue()


VALID_XLSX = _valid_xlsx()
XML_NOISE = st.sampled_from(
    [
        b"<!DOCTYPE x>",
        b'<!ENTITY a "b">',
        b"&a;",
        b'<c r="XFD1048576"><v>1</v></c>',
        b'<row r="1048576"/>',
        b'<dimension ref="A1:B2"/>',
        b"</sheetData>",
        b"<",
        b"\x00",
        b'<c r="A1" t="s"><v>999999</v></c>',
        b'<c r="A1" t="e"><v>#REF!</v></c>',
    ]
)


@FUZZ
@given(
    st.sampled_from(zipfile.ZipFile(io.BytesIO(VALID_XLSX)).namelist()),
    st.integers(0, 3000),
    st.one_of(XML_NOISE, st.binary(max_size=20)),
)
def test_survey_xlsx_with_mutated_xml_never_crashes(member: str, at: int, noise: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(VALID_XLSX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == member:
                at_ = min(at, len(content))
                content = content[:at_] + noise + content[at_:]
            target.writestr(name, content)
    data = out.getvalue()
    _outcome("survey xlsx", lambda: read_survey(data, filename="fuzz.xlsx"))


@FUZZ
@given(st.binary(min_size=0, max_size=300), st.integers(0, len(VALID_XLSX) - 1))
def test_xlsx_check_on_corrupted_zip_never_crashes(noise: bytes, at: int) -> None:
    data = VALID_XLSX[:at] + noise + VALID_XLSX[at + len(noise) :]
    _outcome("xlsx archive", lambda: check_xlsx_archive(data, source="fuzz.xlsx"))


@FUZZ
@given(
    st.lists(
        st.lists(st.text(alphabet=string.printable + "한글", max_size=15), max_size=6),
        max_size=6,
    ),
    st.sampled_from(["name,aliases,country,reason,source", "name", "", "bogus,columns"]),
)
def test_watchlist_reader_never_crashes(rows: list[list[str]], header: str) -> None:
    text = "\n".join([header, *(",".join(cells) for cells in rows)])
    _outcome("watch list", lambda: read_watchlist(text.encode(), filename="fuzz.csv"))


def test_problem_json_text_never_crashes(tmp_path: Path) -> None:
    # Deep nesting and huge numbers through the file path, beside the decoded fuzzing above.
    path = tmp_path / "p.json"
    for text in ("[" * 50_000, json.dumps({"name": "x", "tables": 10**30}), "1e999999"):
        path.write_text(text)
        from partnering_engine.io import read_problem

        _outcome("problem file", lambda: read_problem(path))
