"""One error format for every 4xx answer of the API, as docs/api.md documents it:
``{"detail": "<what went wrong>", "errors": {"<field>": ["<message>", ...]}}``.

`install_error_handlers` replaces django-ninja's defaults (``{"detail": [{"type": ...}]}`` for
invalid input, bare ``{"detail": "..."}`` elsewhere); `document_errors` adds the error answers
every operation can give to the OpenAPI document, so clients and schema checks know them.
Both are generic: endpoints added by any app are covered without listing them here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

__all__ = [
    "ERROR_SCHEMA_NAME",
    "BodyError",
    "ObjectBodyParser",
    "document_errors",
    "field_errors",
    "install_error_handlers",
]

ERROR_SCHEMA_NAME = "ProblemOut"
#: Where a request part's errors are filed when the part itself is wrong (e.g. a body that
#: is not a JSON object).
_SOURCES = {"body": "body", "query": "query", "path": "path", "header": "header"}
_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Authentication required",
    403: "Not allowed",
    404: "Not found or not visible to you",
    409: "Conflicts with what exists (e.g. a name already taken)",
    422: "Invalid input: `errors` names each field",
    429: "Too many attempts; try again later",
}


class BodyError(ValueError):
    """A request body that is not a JSON object (ninja answers 400 with this as the cause)."""


class ObjectBodyParser(Parser):
    """JSON bodies must be objects: ninja reads a body schema from any value's attributes,
    so ``false`` or ``-1`` would otherwise pass as an empty (valid) object. No text of a
    body or query may hold a NUL character."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):
            raise BodyError("the request body is not valid JSON") from None
        if not isinstance(data, dict):
            raise BodyError("the request body must be a JSON object")
        where = _nul_path(data)
        if where is not None:
            # No database stores a NUL character in text (PostgreSQL refuses it outright).
            raise BodyError(f"{where or 'a key'}: {_NUL_MESSAGE}")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        """Query parameters as ninja reads them; a NUL character in one is a 422 naming it
        (PostgreSQL refuses it in any text comparison, so it would be a 500)."""
        problems = [
            {"loc": ("query", key), "msg": "text may not contain NUL characters"}
            for key, values in data.lists()
            if "\x00" in key or any("\x00" in str(value) for value in values)
        ]
        if problems:
            raise NinjaValidationError(problems)
        return super().parse_querydict(data, list_fields, request)


def _nul_path(value: Any, path: str = "") -> str | None:
    """Where the JSON value holds a NUL character (a key or a text), or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                return here
            found = _nul_path(item, here)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _field_name(location: Sequence[Any], body_params: set[str]) -> str:
    """``("body", "payload", "modalities", 0)`` -> ``"modalities[0]"``."""
    parts = list(location)
    source = str(parts.pop(0)) if parts and parts[0] in _SOURCES else ""
    if source == "body" and parts and parts[0] in body_params:
        parts.pop(0)
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or _SOURCES.get(source, "request")


def field_errors(
    problems: Iterable[Mapping[str, Any]], *, body_params: set[str] | None = None
) -> dict[str, list[str]]:
    """ninja/pydantic error dicts (``loc``, ``msg``) as field -> messages."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        field = _field_name(problem.get("loc", ()), body_params or set())
        errors.setdefault(field, []).append(str(problem.get("msg", "invalid value")))
    return errors


def _problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    errors: Mapping[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "errors": dict(errors or {})}, status=status
    )


_NUL_MESSAGE = "text may not contain NUL characters"
View = Callable[..., HttpResponse]


def _nul_guard(api: NinjaAPI) -> Callable[[View], View]:
    """Refuse a NUL character in the path before anything reaches the database, which cannot
    compare it: 404, nothing has such a name (the query's are refused by the parser)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if any(isinstance(value, str) and "\x00" in value for value in kwargs.values()):
                return api.on_exception(request, Http404())
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every refused request with ``{"detail", "errors"}``."""

    def invalid_params(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
        # ninja names a body parameter in its location ("payload"); the API's clients
        # know fields by their own names.
        return _problem(
            api,
            request,
            422,
            "invalid input",
            field_errors(error.errors, body_params={"payload", "body", "data"}),
        )

    def invalid_values(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
        if hasattr(error, "error_dict"):
            errors = error.message_dict
        else:
            errors = {"__all__": list(error.messages)}
        if hasattr(error, "error_dict"):
            codes = {p.code for problems in error.error_dict.values() for p in problems}
        else:
            codes = {problem.code for problem in error.error_list}
        if codes == {"unique"}:
            # Well-formed input that clashes with what exists (a taken slug): a conflict.
            return _problem(api, request, 409, "conflict", errors)
        return _problem(api, request, 422, "invalid input", errors)

    def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        return _problem(api, request, 403, "permission denied")

    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return _problem(api, request, 404, "not found")

    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        response = _problem(api, request, 401, "authentication required")
        response["WWW-Authenticate"] = "Bearer"
        return response

    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        cause = error.__cause__
        if isinstance(cause, BodyError):
            return _problem(api, request, 400, str(cause), {"body": [str(cause)]})
        return _problem(api, request, error.status_code, str(error.message or "error"))

    api.add_decorator(_nul_guard(api), mode="view")
    api.add_exception_handler(NinjaValidationError, invalid_params)
    api.add_exception_handler(DjangoValidationError, invalid_values)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers each operation can give (400, 401, 403, 404, 422, 429) with the
    error schema to an OpenAPI document, where the operation does not describe them itself."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        ERROR_SCHEMA_NAME,
        {
            "title": ERROR_SCHEMA_NAME,
            "type": "object",
            "description": "Why a request was refused; `errors` maps fields to messages.",
            "properties": {
                "detail": {"title": "Detail", "type": "string"},
                "errors": {
                    "title": "Errors",
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["detail"],
        },
    )
    reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            # ninja keys responses by int; JSON turns both int and str keys into one string,
            # so a str key beside an int one would be a duplicate key in the document.
            given = {str(key) for key in responses}
            for status, description in _DESCRIPTIONS.items():
                if str(status) in given:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return schema
