"""Typed access to decoded JSON with errors naming the field path and the bad value."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from partnering_engine.errors import InputError

__all__ = ["Fields"]

_MISSING = object()


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Fields:
    """A JSON object at `path` (e.g. ``meetings[3]``) whose members are read with type checks.

    Every getter raises `InputError` naming ``path.key`` and the offending value."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, Mapping):
            raise InputError(path or "top level", f"expected an object, got {_show(value)}")
        self.data: Mapping[str, Any] = value
        self.path = path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, default: Any) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or (value is None and default is not _MISSING):
            # An optional field written as null means the same as leaving it out.
            if default is _MISSING:
                raise InputError(self.where(key), "missing required field")
            return default
        return value

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def text(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str) or not value:
            raise InputError(self.where(key), f"expected a non-empty string, got {_show(value)}")
        return value

    def integer(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(self.where(key), f"expected an integer, got {_show(value)}")
        return value

    def number(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InputError(self.where(key), f"expected a number, got {_show(value)}")
        return value

    def flag(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, bool):
            raise InputError(self.where(key), f"expected true or false, got {_show(value)}")
        return value

    def array(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, list):
            raise InputError(self.where(key), f"expected a list, got {_show(value)}")
        return value

    def mapping(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, Mapping):
            raise InputError(self.where(key), f"expected an object, got {_show(value)}")
        return value

    def texts(self, key: str, default: Any = _MISSING) -> Any:
        values = self.array(key, default)
        if values is default and default is not _MISSING:
            return values
        return [check_str(v, f"{self.where(key)}[{i}]") for i, v in enumerate(values)]

    def items(self, key: str, default: Any = _MISSING) -> Any:
        values = self.array(key, default)
        if values is default and default is not _MISSING:
            return values
        return [Fields(v, f"{self.where(key)}[{i}]") for i, v in enumerate(values)]


def check_str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(where, f"expected a non-empty string, got {_show(value)}")
    return value


def check_items(values: Sequence[Any], where: str) -> list[Fields]:
    return [Fields(v, f"{where}[{i}]") for i, v in enumerate(values)]
