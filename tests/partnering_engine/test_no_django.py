"""The engine imports, and its tests run, in a Python where Django cannot be imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.unit, pytest.mark.slow]  # a fresh interpreter imports everything

ENGINE_TESTS = Path(__file__).parent

#: Runs in a fresh interpreter: Django is made unimportable before anything else happens.
SCRIPT = """
import importlib
import pkgutil
import sys

sys.modules["django"] = None  # any `import django` now raises ImportError

import partnering_engine

names = sorted(
    info.name
    for info in pkgutil.walk_packages(partnering_engine.__path__, "partnering_engine.")
)
for name in names:
    importlib.import_module(name)
print(f"imported {len(names)} engine modules")
loaded = [name for name, module in sys.modules.items() if name.startswith("django") and module]
assert not loaded, loaded

import pytest

sys.exit(pytest.main(sys.argv[1:]))
"""


def test_engine_imports_and_tests_run_without_django() -> None:
    subset = [
        ENGINE_TESTS / "test_types.py",
        ENGINE_TESTS / "test_validate.py",
        ENGINE_TESTS / "test_metrics.py",
        ENGINE_TESTS / "io",
        ENGINE_TESTS / "solvers" / "test_greedy.py",
        ENGINE_TESTS / "solvers" / "test_tables.py",
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            "-q",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            # The web project's pytest settings (DJANGO_SETTINGS_MODULE) are unknown here.
            "-W",
            "ignore::pytest.PytestConfigWarning",
            # Stop at the engine's own conftest: the web project's tests/conftest.py needs Django.
            f"--confcutdir={ENGINE_TESTS}",
            *map(str, subset),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "imported" in result.stdout
    assert " passed" in result.stdout
    assert "failed" not in result.stdout
