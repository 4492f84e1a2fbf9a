"""Hypothesis fuzzing of the web's survey file reader (issue 14): whatever is uploaded, the
preview answers with rows and problems (row and column named), never an exception, and an
import either writes every row or nothing. Bounded (about a minute); prints its counts."""

import csv
import io
import time
import zipfile
from collections import Counter

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from summit.organizations.domain.imports import (
    CONTACT_COLUMNS,
    SurveyImportError,
    import_survey,
    preview_survey_import,
)
from summit.organizations.models import Organization

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = 40
COLUMNS = [
    "org_id",
    "organization",
    "org_type",
    "country",
    "therapeutic_areas",
    "modalities",
    "offers",
    "seeks",
    "regions_of_interest",
    "description_offer",
    "description_seek",
    "wishlist",
    *CONTACT_COLUMNS,
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "ORG1",
            "ORG2",
            "X" * 70,
            "KR",
            "biotech",
            "oncology",
            "licensing_out",
            "funding",
            "a@b.example.org",
            "a@b.example.org;c@d.example.org",
            "Kim;Lee",
            "=HYPERLINK(1)",
            "N" * 260,
            "\x00",
        ]
    ),
    st.text(max_size=15),
)
VALID_ANSWERS = ["biotech", "KR", "oncology", "mab", "licensing_out", "funding", "europe"]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    # No shrinking: a failure is reported as found, so the run stays bounded.
    phases=[Phase.explicit, Phase.generate],
)


def _csv(header, rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="replace")


def _xlsx(header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in [header, *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_survey_import_never_crashes_and_never_half_writes(event, request):
    outcomes = Counter()
    started = time.perf_counter()

    @FUZZ
    @given(
        header=st.lists(st.sampled_from([*COLUMNS, "bogus"]), max_size=16, unique=True)
        | st.just(COLUMNS),
        rows=st.lists(st.lists(CELLS, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=4),
        kind=st.sampled_from(["csv", "xlsx", "bytes", "zip", "valid"]),
        names=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=3),
        noise=st.binary(max_size=200),
    )
    def run(header, rows, kind, noise, names):
        if kind == "valid":
            # Well-formed rows whose free text is arbitrary: most import, all or nothing.
            valid = [
                [f"ORG{i}", name, *VALID_ANSWERS, name, "", "", "", "", ""]
                for i, name in enumerate(names)
            ]
            data, name = _csv(COLUMNS, valid), "survey.csv"
        elif kind == "csv":
            data, name = _csv(header, rows), "survey.csv"
        elif kind == "xlsx":
            data, name = _xlsx(header, rows), "survey.xlsx"
        elif kind == "zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("xl/workbook.xml", noise)
            data, name = buffer.getvalue(), "survey.xlsx"
        else:
            data, name = noise, "survey.csv"
        preview = preview_survey_import(event=event, data=data, filename=name)
        for problem in preview.errors:
            assert problem.message
        before = Organization.objects.filter(event=event).count()
        try:
            result = import_survey(event=event, data=data, filename=name)
        except SurveyImportError:
            assert Organization.objects.filter(event=event).count() == before
            outcomes[f"{kind} refused"] += 1
            return
        assert result.created + result.updated == len(preview.rows)
        outcomes[f"{kind} imported"] += 1

    run()
    summary = ", ".join(f"{key}: {n}" for key, n in sorted(outcomes.items()))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        reporter.write_line(
            f"\nweb survey import fuzz: {sum(outcomes.values())} files in "
            f"{time.perf_counter() - started:.0f} s; {summary}"
        )
