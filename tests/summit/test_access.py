"""Who may read (GET) and write (POST) every URL pattern of the site.

Every named URL pattern of the root URLconf (except Django's admin, tested below) needs a
rule; a new pattern without one fails `test_every_url_pattern_has_an_access_rule`.

Rules live in `RULES` here and in ``access_rules.py`` files under ``tests/summit/`` (one per
app, e.g. ``tests/summit/organizations/access_rules.py``), each defining::

    RULES = {"organizations:directory": {"read": "members", "write": "nobody"},
             "organizations:edit": {"read": "editors", "write": "editors",
                                    "kwargs": {"org_id": "organization.org_id"}}}

``read``/``write`` name a role set (see `ROLE_SETS`) or list roles explicitly. URL kwargs are
filled from the `World` by name (`DEFAULT_KWARGS`); ``kwargs`` maps a kwarg to a dotted path
into the world to override that. A rule file may define ``prepare_world(world)`` to add
attributes (objects its URLs need, e.g. ``world.meeting_request``).

A request is *allowed* when it is not refused: refused means 401, 403, 404 or 405, or a
redirect to the log-in page carrying ``next=`` (what ``login_required`` does).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from summit.accounts.domain.invitations import create_invitation
from summit.events.domain.setup import add_organizer
from summit.events.models import EventDay, Session, Table

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ANONYMOUS, OTHER, PARTICIPANT, ORGANIZER = "anonymous", "other", "participant", "organizer"
ROLES = (ANONYMOUS, OTHER, PARTICIPANT, ORGANIZER)
ROLE_SETS: dict[str, frozenset[str]] = {
    "everyone": frozenset(ROLES),
    "users": frozenset({OTHER, PARTICIPANT, ORGANIZER}),
    "members": frozenset({PARTICIPANT, ORGANIZER}),
    # The participant's own organization is the default target of organization URLs.
    "editors": frozenset({PARTICIPANT, ORGANIZER}),
    "organizers": frozenset({ORGANIZER}),
    "nobody": frozenset(),
}

RULES: dict[str, dict[str, Any]] = {
    "home": {"read": "users", "write": "nobody"},
    # The installable app's service worker and offline page are the same for everyone.
    "service_worker": {"read": "everyone", "write": "nobody"},
    "offline": {"read": "everyone", "write": "nobody"},
    # The country picker's search: public names, but only for people who are logged in.
    "pick_countries": {"read": "users", "write": "nobody"},
    "login": {"read": "everyone", "write": "everyone"},
    "logout": {"read": "nobody", "write": "everyone"},
    "password_reset": {"read": "everyone", "write": "everyone"},
    "password_reset_done": {"read": "everyone", "write": "nobody"},
    "password_reset_confirm": {"read": "everyone", "write": "everyone"},
    "password_reset_complete": {"read": "everyone", "write": "nobody"},
    "set_language": {"read": "nobody", "write": "everyone"},
    # The token itself is the credential: whoever holds the link may set the password.
    "accounts:invitation": {"read": "everyone", "write": "everyone"},
    # Event creation is for staff; the organizer role is a staff user.
    "events:create": {"read": "organizers", "write": "organizers"},
    "events:home": {"read": "members", "write": "nobody"},
    "events:edit": {"read": "organizers", "write": "organizers"},
    "events:send_invitations": {"read": "nobody", "write": "organizers"},
    "events:organizers": {"read": "organizers", "write": "organizers"},
    "events:organizer_remove": {"read": "nobody", "write": "organizers"},
    "events:days": {"read": "organizers", "write": "organizers"},
    "events:day_delete": {"read": "nobody", "write": "organizers"},
    "events:session_add": {"read": "organizers", "write": "organizers"},
    "events:session_edit": {"read": "organizers", "write": "organizers"},
    "events:session_preview": {"read": "organizers", "write": "nobody"},
    "events:session_delete": {"read": "nobody", "write": "organizers"},
    "events:slots": {"read": "organizers", "write": "nobody"},
    "events:tables": {"read": "organizers", "write": "organizers"},
    "events:table_delete": {"read": "nobody", "write": "organizers"},
}


#: ``prepare_world(world)`` functions of rule files: they add objects their URLs need.
WORLD_HOOKS: list[Any] = []


def _load_rule_files() -> dict[str, dict[str, Any]]:
    rules = dict(RULES)
    for path in sorted(Path(__file__).parent.rglob("access_rules.py")):
        spec = importlib.util.spec_from_file_location(f"_access_rules_{path.parent.name}", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, rule in module.RULES.items():
            assert name not in rules, f"{path}: rule for {name!r} is declared twice"
            rules[name] = rule
        if hasattr(module, "prepare_world"):
            WORLD_HOOKS.append(module.prepare_world)
    return rules


ALL_RULES = _load_rule_files()


def _roles(value: str | list[str]) -> frozenset[str]:
    if isinstance(value, str):
        return ROLE_SETS[value]
    unknown = set(value) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return frozenset(value)


def _walk(patterns: list[Any], namespace: str, params: tuple[str, ...]):
    for entry in patterns:
        entry_params = params + tuple(_route_params(entry.pattern))
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            child = namespace
            if entry.namespace:
                child = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, child, entry_params)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name"
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry_params


def _route_params(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    return list(pattern.regex.groupindex)


URL_PARAMS: dict[str, tuple[str, ...]] = dict(_walk(get_resolver().url_patterns, "", ()))


@dataclass
class World:
    """One event with an organizer and a participant; another event with its participant."""

    event: Any
    other_event: Any
    organization: Any
    day: Any
    session: Any
    table: Any
    invitation: Any
    organizer_entry: Any
    users: dict[str, Any]


DEFAULT_KWARGS = {
    "slug": "event.slug",
    "day_id": "day.pk",
    "session_id": "session.pk",
    "table_id": "table.pk",
    "organizer_id": "organizer_entry.pk",
    "token": "invitation.token",
    "org_id": "organization.org_id",
    "organization_id": "organization.pk",
}
# Password-reset links carry an encoded user id and a token; nonsense ones show "invalid link".
LITERAL_KWARGS = {"uidb64": "MQ", "token_reset": "set-password"}


def _resolve(world: World, dotted: str) -> Any:
    value: Any = world
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def _url(world: World, name: str) -> str:
    rule = ALL_RULES[name]
    overrides = rule.get("kwargs", {})
    kwargs = {}
    for param in URL_PARAMS[name]:
        if param in overrides:
            kwargs[param] = _resolve(world, overrides[param])
        elif name == "password_reset_confirm":
            kwargs[param] = LITERAL_KWARGS["uidb64" if param == "uidb64" else "token_reset"]
        else:
            assert param in DEFAULT_KWARGS, f"{name}: no value for URL kwarg {param!r}"
            kwargs[param] = _resolve(world, DEFAULT_KWARGS[param])
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def world(event, organization, participant, organizer, other_participant, other_event, make_user):
    made = World(
        event=event,
        other_event=other_event,
        organization=organization,
        day=EventDay.objects.filter(event=event).first(),
        session=Session.objects.filter(day__event=event).first(),
        table=Table.objects.filter(event=event).first(),
        invitation=create_invitation(user=participant, event=event),
        # A second organizer, so removing one is allowed.
        organizer_entry=add_organizer(event=event, user=make_user("co-organizer", staff=True)),
        users={OTHER: other_participant, PARTICIPANT: participant, ORGANIZER: organizer},
    )
    for prepare in WORLD_HOOKS:
        prepare(made)
    return made


def _refused(response: Any) -> bool:
    if response.status_code in {401, 403, 404, 405}:
        return True
    if response.status_code in {301, 302, 303, 307, 308}:
        location = response["Location"]
        return location.startswith(reverse(settings.LOGIN_URL)) and "next=" in location
    return False


def test_every_url_pattern_has_an_access_rule():
    assert sorted(set(URL_PARAMS) - set(ALL_RULES)) == []


def test_every_access_rule_matches_a_url_pattern():
    assert sorted(set(ALL_RULES) - set(URL_PARAMS)) == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(set(URL_PARAMS) & set(ALL_RULES)))
def test_access(client, world, name, role):
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    url = _url(world, name)
    rule = ALL_RULES[name]
    read = client.get(url)
    assert (not _refused(read)) == (role in _roles(rule["read"])), (
        f"GET {url} as {role}: {read.status_code} {read.get('Location', '')}"
    )
    write = client.post(url, {})
    assert (not _refused(write)) == (role in _roles(rule["write"])), (
        f"POST {url} as {role}: {write.status_code} {write.get('Location', '')}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(client, world, role):
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    response = client.get(reverse("admin:index"))
    staff = role == ORGANIZER
    assert response.status_code == (200 if staff else 302)
    if not staff:
        assert response["Location"].startswith(reverse("admin:login"))
