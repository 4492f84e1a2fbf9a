"""Shared test machinery: factories, service gates (PostgreSQL, Redis, chromium), browser.

Factories are fixtures returning plain functions that create real, saved objects:

- ``make_user(username=None, *, password=PASSWORD, staff=False, language="en", email=None)``
- ``make_event(slug=None, *, days=1, session=True, tables=4, organizer=None, **fields)``:
  an event (Asia/Seoul) with ``days`` consecutive days from 2026-10-06, one morning session
  per day (09:00–12:00, 30-minute slots, no breaks → 6 slots a day) and ``tables`` tables;
  ``organizer`` (a user) is added as organizer.
- ``make_organization(event, org_id=None, *, name=None, **fields)``: a biotech from KR with
  a few valid survey answers unless overridden.
- ``make_membership(organization, user=None, *, role="member", **fields)``.

Ready-made roles: ``organizer`` (staff user organizing ``event``), ``participant`` (member of
an organization of ``event``), ``other_participant`` (member of an organization of
``other_event`` only). All log in with `PASSWORD`.

Gates: tests marked ``postgres`` need ``DATABASE_URL`` pointing to PostgreSQL, ``redis`` a
Redis answering at ``REDIS_URL``, ``browser`` Debian's chromium; they skip when it is missing
unless ``SUMMIT_REQUIRE_POSTGRES`` / ``SUMMIT_REQUIRE_REDIS`` / ``SUMMIT_REQUIRE_BROWSER`` is
``1``, in which case they fail (CI sets all three).
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "Partnering-Test-2026!"
CHROMIUM = os.environ.get("SUMMIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
#: axe-core, installed by `make test-tools` (npm ci in tests/node); injected by `axe`.
AXE_SCRIPT = Path(__file__).resolve().parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
_sequence = itertools.count(1)


def _required(variable: str) -> bool:
    return os.environ.get(variable, "").strip() in {"1", "true", "yes"}


def _postgres_problem() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return "postgres: DATABASE_URL does not point to PostgreSQL"
    return None


def _redis_problem() -> str | None:
    from django.conf import settings

    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as error:  # any failure to reach Redis means "not available here"
        return f"redis: no Redis at {settings.REDIS_URL} ({error.__class__.__name__})"
    return None


def _browser_problem() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"browser: chromium not found at {CHROMIUM}"
    return None


_GATES: dict[str, tuple[Callable[[], str | None], str]] = {
    "postgres": (_postgres_problem, "SUMMIT_REQUIRE_POSTGRES"),
    "redis": (_redis_problem, "SUMMIT_REQUIRE_REDIS"),
    "browser": (_browser_problem, "SUMMIT_REQUIRE_BROWSER"),
}
_gate_results: dict[str, str | None] = {}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (or fail, when required) tests whose service is missing."""
    for marker, (probe, variable) in _GATES.items():
        if item.get_closest_marker(marker) is None:
            continue
        if marker not in _gate_results:
            _gate_results[marker] = probe()
        problem = _gate_results[marker]
        if problem is None:
            continue
        if _required(variable):
            pytest.fail(f"{problem}, but {variable}=1", pytrace=False)
        pytest.skip(problem)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request as a Korean user leaves Korean active in the test thread; start and end
    every test in the default language so tests cannot leak it to each other."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing costs ~0.5 s per password on a busy machine; tests need no secrecy."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_login_guard() -> None:
    """The login guard counts failures per address in the cache, and every test client calls
    from 127.0.0.1: start each test with no counts so that one test's wrong passwords cannot
    lock out the next. Only the per-process memory cache is cleared, never a shared one."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Tasks run as soon as they are enqueued (after the transaction commits)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# --- factories -----------------------------------------------------------------------------


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    from django.contrib.auth import get_user_model

    from summit.accounts.models import Profile

    def make(
        username: str | None = None,
        *,
        password: str = PASSWORD,
        staff: bool = False,
        language: str = "en",
        email: str | None = None,
        first_name: str = "",
        last_name: str = "",
    ) -> Any:
        username = username or f"user{next(_sequence)}"
        user = get_user_model().objects.create_user(
            username=username,
            email=email if email is not None else f"{username}@example.org",
            password=password,
            is_staff=staff,
            first_name=first_name,
            last_name=last_name,
        )
        Profile.objects.create(user=user, language=language)
        return user

    return make


@pytest.fixture
def make_event(db: None) -> Callable[..., Any]:
    from summit.events.domain.setup import add_day, add_organizer, add_tables, save_session
    from summit.events.models import Event

    def make(
        slug: str | None = None,
        *,
        days: int = 1,
        session: bool = True,
        tables: int = 4,
        organizer: Any = None,
        **fields: Any,
    ) -> Any:
        number = next(_sequence)
        fields.setdefault("name", f"Test Summit {number}")
        event = Event.objects.create(slug=slug or f"summit-{number}", **fields)
        for offset in range(days):
            day = add_day(event=event, day=date(2026, 10, 6) + timedelta(days=offset))
            if session:
                save_session(
                    day=day,
                    name="Morning",
                    start_time=time(9, 0),
                    end_time=time(12, 0),
                    slot_minutes=30,
                    break_minutes=0,
                )
        if tables:
            add_tables(event=event, kind="table", count=tables)
        if organizer is not None:
            add_organizer(event=event, user=organizer)
        return event

    return make


@pytest.fixture
def make_organization(db: None) -> Callable[..., Any]:
    from summit.organizations.models import Organization

    def make(event: Any, org_id: str | None = None, *, name: str | None = None, **fields: Any):
        number = next(_sequence)
        defaults: dict[str, Any] = {
            "org_type": "biotech",
            "country": "KR",
            "therapeutic_areas": ["oncology"],
            "modalities": ["mab"],
            "offers": ["licensing_out"],
            "seeks": ["funding"],
            "languages": ["ko", "en"],
        }
        defaults.update(fields)
        return Organization.objects.create(
            event=event,
            org_id=org_id or f"ORG{number:04d}",
            name=name or f"Test Bio {number}",
            **defaults,
        )

    return make


@pytest.fixture
def make_membership(make_user: Callable[..., Any]) -> Callable[..., Any]:
    from summit.organizations.models import Membership

    def make(organization: Any, user: Any = None, *, role: str = "member", **fields: Any):
        return Membership.objects.create(
            event=organization.event,
            organization=organization,
            user=user or make_user(),
            role=role,
            **fields,
        )

    return make


@pytest.fixture
def make_scheduled_meeting(
    make_organization: Callable[..., Any], make_membership: Callable[..., Any]
) -> Callable[..., Any]:
    """A published meeting written straight to the tables (accepted request, meeting, seats).

    ``first``/``second`` are memberships (made in new organizations when omitted); ``slot`` and
    ``table`` are model instances or positions (0-based slot index, table number).
    """
    from summit.events.models import Slot, Table
    from summit.meetings.models import MeetingRequest
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    def make(
        event: Any,
        *,
        first: Any = None,
        second: Any = None,
        slot: Any = 0,
        table: Any = 1,
        status: str = "scheduled",
        **fields: Any,
    ) -> Any:
        first = first or make_membership(make_organization(event), role="lead")
        second = second or make_membership(make_organization(event), role="lead")
        if not isinstance(slot, Slot):
            slot = Slot.objects.filter(event=event).order_by("start")[slot]
        if not isinstance(table, Table):
            table = Table.objects.get(event=event, number=table)
        low, high = sorted([first.organization, second.organization], key=lambda o: o.pk)
        meeting_request = MeetingRequest.objects.filter(
            event=event, low_organization=low, high_organization=high, status="accepted"
        ).first() or MeetingRequest.objects.create(
            event=event,
            sender=first,
            sender_organization=first.organization,
            receiver_organization=second.organization,
            receiver_person=second,
            low_organization=low,
            high_organization=high,
            status="accepted",
            answered_by=second,
            answered_by_organization=second.organization,
        )
        meeting = ScheduledMeeting.objects.create(
            event=event,
            meeting_request=meeting_request,
            slot=slot,
            table=table,
            status=status,
            **fields,
        )
        for person in (first, second):
            MeetingSeat.objects.create(
                meeting=meeting, membership=person, slot=slot, active=status == "scheduled"
            )
        return meeting

    return make


# --- ready-made roles ----------------------------------------------------------------------


@pytest.fixture
def organizer(make_user: Callable[..., Any]) -> Any:
    return make_user("organizer", staff=True, first_name="Olivia", last_name="Organizer")


@pytest.fixture
def event(make_event: Callable[..., Any], organizer: Any) -> Any:
    return make_event("bio-summit", organizer=organizer, name="Bio Summit", name_ko="바이오 서밋")


@pytest.fixture
def organization(make_organization: Callable[..., Any], event: Any) -> Any:
    return make_organization(event, "ACME", name="Acme Biologics", name_local="애크미 바이오")


@pytest.fixture
def participant(make_user: Callable[..., Any], make_membership: Any, organization: Any) -> Any:
    user = make_user("participant", first_name="Pat", last_name="Participant")
    make_membership(organization, user, role="lead", job_title="BD Director")
    return user


@pytest.fixture
def other_event(make_event: Callable[..., Any]) -> Any:
    return make_event("other-summit", name="Other Summit")


@pytest.fixture
def other_participant(
    make_user: Callable[..., Any],
    make_membership: Callable[..., Any],
    make_organization: Callable[..., Any],
    other_event: Any,
) -> Any:
    user = make_user("outsider")
    make_membership(make_organization(other_event, "OTHER", name="Other Pharma"), user)
    return user


# --- browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (one per test session)."""
    problem = _browser_problem()
    if problem is not None:
        if _required("SUMMIT_REQUIRE_BROWSER"):
            pytest.fail(f"{problem}, but SUMMIT_REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip(problem)
    # Playwright's sync API keeps an asyncio loop running in this thread; Django refuses ORM
    # calls from a thread with a running loop unless told the calls are really synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page (own cookies) against the live server; timeouts kept short."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """``screenshot(page, "step")`` saves test-artifacts/screenshots/<test>-<step>.png."""

    def take(target_page: Any, step: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        target_page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def event_nav() -> Callable[[Any, str], None]:
    """``event_nav(page, "Tables")`` follows an event-menu link as a person would: opening the
    folded phone menu and the link's group (organizers' menu) first when they are closed."""
    import re

    def follow(target_page: Any, label: str) -> None:
        nav = target_page.locator(".event-nav")
        link = nav.locator("a").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\b")).first
        if not link.is_visible():
            toggle = nav.locator(".nav-toggle")
            if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
                toggle.click()
        if not link.is_visible():
            group = "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' nav-group ')][1]"
            link.locator(group).locator(".nav-group-toggle").click()
        link.click()

    return follow


# axe-core's findings of these impacts fail a page (moderate and minor ones are reported only).
AXE_FAILING_IMPACTS = ("serious", "critical")
_AXE_RUN = """() => axe.run(document).then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + "  " + n.html.slice(0, 200)),
})))"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script; missing means `make test-tools` could not run npm."""
    if not AXE_SCRIPT.is_file():
        problem = (
            f"browser: axe-core is not installed at {AXE_SCRIPT} (run `make test-tools`: needs npm)"
        )
        if _required("SUMMIT_REQUIRE_BROWSER"):
            pytest.fail(f"{problem}, but SUMMIT_REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip(problem)
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source: str) -> Callable[[Any], list[dict[str, Any]]]:
    """``axe(page)`` runs axe-core on the page as it is and returns its serious and critical
    violations (each with id, impact, help and up to five offending elements).

    The script goes in through the DevTools protocol (``page.evaluate``), which the page's
    Content-Security-Policy does not govern, so the CSP stays as strict as in production."""

    def check(target_page: Any) -> list[dict[str, Any]]:
        if not target_page.evaluate("typeof window.axe !== 'undefined'"):
            target_page.evaluate(axe_source)
        found = target_page.evaluate(_AXE_RUN)
        return [v for v in found if v["impact"] in AXE_FAILING_IMPACTS]

    return check


PDF_ARTIFACTS = SCREENSHOTS.parent / "pdf"
#: Text closer to the paper's edge than this (points, 5 mm) has run off its table or page.
PDF_EDGE = 14.0


@pytest.fixture
def checked_pdf(request: pytest.FixtureRequest) -> Callable[[bytes], list[str]]:
    """``checked_pdf(body)`` checks a PDF with poppler and returns the text of each page:
    every font embedded with a Unicode map (``pdffonts``), every word inside the page box
    and away from its edge, no two words overlapping (``pdftotext -bbox``), each page
    rendered to PNG (``pdftoppm``; the PDF and the PNGs are kept in test-artifacts/pdf/ to
    look at). Skips without poppler-utils unless ``SUMMIT_REQUIRE_PDFTOTEXT`` or
    ``SUMMIT_REQUIRE_BROWSER`` is 1."""
    import re
    import subprocess
    from html import unescape

    tools = {name: shutil.which(name) for name in ("pdffonts", "pdftotext", "pdftoppm")}
    if not all(tools.values()):
        if _required("SUMMIT_REQUIRE_PDFTOTEXT") or _required("SUMMIT_REQUIRE_BROWSER"):
            pytest.fail("poppler-utils (pdffonts, pdftotext, pdftoppm) missing", pytrace=False)
        pytest.skip("poppler-utils not installed")

    def run(*command: Any) -> str:
        done = subprocess.run(
            [str(part) for part in command], capture_output=True, check=True, timeout=120
        )
        return done.stdout.decode("utf-8")

    def check(body: bytes) -> list[str]:
        PDF_ARTIFACTS.mkdir(parents=True, exist_ok=True)
        prefix = PDF_ARTIFACTS / request.node.name.replace("[", "-").replace("]", "")
        for stale in PDF_ARTIFACTS.glob(f"{prefix.name}-*.png"):
            stale.unlink()
        path = prefix.with_suffix(".pdf")
        path.write_bytes(body)
        fonts = run(tools["pdffonts"], path).splitlines()
        assert len(fonts) > 2, "the PDF uses no font"
        # Columns as the dashes under the header mark them: name, type, encoding, emb, ...
        spans = [match.span() for match in re.finditer(r"-+", fonts[1])]
        for line in fonts[2:]:
            embedded, unicode_map = (line[slice(*spans[column])].strip() for column in (3, 5))
            assert embedded == "yes", f"font not embedded: {line}"
            assert unicode_map == "yes", f"font without a Unicode map (text unreadable): {line}"
        bbox = run(tools["pdftotext"], "-bbox", "-enc", "UTF-8", path, "-")
        pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
        texts = []
        for number, (width, height, content) in enumerate(pages, start=1):
            words = [
                (float(x0), float(y0), float(x1), float(y1), unescape(word))
                for x0, y0, x1, y1, word in re.findall(
                    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                    r'yMax="([\d.-]+)">(.*?)</word>',
                    content,
                )
            ]
            for x0, y0, x1, y1, word in words:
                inside = x0 >= PDF_EDGE and x1 <= float(width) - PDF_EDGE
                inside = inside and y0 >= PDF_EDGE and y1 <= float(height) - PDF_EDGE
                assert inside, f"page {number}: {word!r} at ({x0}, {y0}, {x1}, {y1}) off the page"
            by_top = sorted(words, key=lambda word: word[1])
            for index, (x0, _y0, x1, y1, word) in enumerate(by_top):
                for ox0, oy0, ox1, _oy1, other in by_top[index + 1 :]:
                    if oy0 >= y1 - 0.5:
                        break
                    overlap = min(x1, ox1) - max(x0, ox0)
                    assert overlap <= 0.5, f"page {number}: {word!r} overlaps {other!r}"
            texts.append(" ".join(word for *_, word in words))
        run(tools["pdftoppm"], "-r", "60", "-png", path, prefix)
        rendered = sorted(PDF_ARTIFACTS.glob(f"{prefix.name}-*.png"))
        assert len(rendered) == len(pages)
        return texts

    return check
