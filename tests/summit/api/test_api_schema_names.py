"""Schema class names are the OpenAPI document's component names: django-ninja keeps one
component per name, so two apps' ``SlotOut`` would silently describe each other's answers
(schemathesis then reports answers that violate the document)."""

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "summit"


def _schema_modules() -> list[Path]:
    return [*SRC.glob("*/api.py"), SRC / "api" / "schemas.py", SRC / "api" / "lists.py"]


def test_api_schema_class_names_are_unique_across_apps():
    where = defaultdict(list)
    for module in _schema_modules():
        for node in ast.parse(module.read_text()).body:
            if isinstance(node, ast.ClassDef) and node.bases:
                where[node.name].append(str(module.relative_to(SRC)))
    clashes = {name: modules for name, modules in where.items() if len(modules) > 1}
    assert clashes == {}
