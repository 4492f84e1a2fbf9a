"""The load bench's visitors (run by ``python -m bench load``; reads ``BENCH_LOAD_CONFIG``).

Participants (one login each, taken in turn from the config) read their home page (the inbox),
recommendations, agenda and the directory, send meeting requests and accept the requests
waiting for them; organizers read the lounge grid, its live fragment and the dashboard. Pages
are grouped by name (not by URL) in the statistics. A page counts as failed when it answers
4xx/5xx, cannot be read (a connection error, named as it is) or lacks what it must show (the
login form answers 200 too). Every request waits up to `TIMEOUT_S` for its answer: on a shared
2-core machine a page may queue for tens of seconds, which is slow, not failed; the table's
times show it.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

CONFIG = json.loads(Path(os.environ["BENCH_LOAD_CONFIG"]).read_text())
EVENT = f"/e/{CONFIG['event']}"
_PARTICIPANTS = itertools.cycle(CONFIG["participants"])
_ORGANIZERS = itertools.cycle(CONFIG["organizers"])
_LOCK = threading.Lock()
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT_S = 300


class _Visitor(HttpUser):
    abstract = True
    wait_time = between(2, 6)

    def login(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="login form", timeout=TIMEOUT_S)
        token = _CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": username,
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log in",
            catch_response=True,
            timeout=TIMEOUT_S,
        ) as response:
            if response.error:
                response.failure(response.error)
            elif 'name="password"' in response.text:
                response.failure(f"log-in of {username} refused")

    def page(self, url: str, name: str, must_show: str) -> Any:
        with self.client.get(url, name=name, catch_response=True, timeout=TIMEOUT_S) as response:
            if response.error:
                response.failure(response.error)
            elif response.status_code >= 400:
                response.failure(f"{response.status_code}")
            elif must_show not in response.text or 'name="password"' in response.text:
                title = _TITLE.search(response.text)
                response.failure(
                    f"{name}: expected content missing ({response.status_code}, "
                    f"{response.url}, title {title.group(1).strip() if title else '?'!r})"
                )
            return response

    def post(self, url: str, data: dict[str, str], name: str) -> None:
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}{url}", "X-CSRFToken": token},
            name=name,
            catch_response=True,
            allow_redirects=False,
            timeout=TIMEOUT_S,
        ) as response:
            if response.error:
                response.failure(response.error)
            elif response.status_code >= 400:
                response.failure(f"{response.status_code}")


class Participant(_Visitor):
    weight = len(CONFIG["participants"])

    def on_start(self) -> None:
        with _LOCK:
            me = next(_PARTICIPANTS)
        self.waiting = list(me["waiting"])
        self.login(me["username"])

    @task(5)
    def inbox(self) -> None:
        self.page(f"{EVENT}/", "inbox (event home)", "<main")

    @task(3)
    def recommendations(self) -> None:
        self.page(f"{EVENT}/recommendations/", "recommendations", "<main")

    @task(3)
    def agenda(self) -> None:
        self.page(f"{EVENT}/agenda/", "agenda", "<main")

    @task(1)
    def directory(self) -> None:
        self.page(f"{EVENT}/organizations/", "directory", "<main")

    @task(1)
    def send_request(self) -> None:
        org_id = random.choice(CONFIG["org_ids"])
        url = f"{EVENT}/meetings/request/{org_id}/"
        self.page(url, "request form", "<form")
        self.post(url, {"priority": "normal", "message": "Shall we meet?"}, "send request")

    @task(1)
    def accept_waiting(self) -> None:
        if not self.waiting:
            self.page(f"{EVENT}/meetings/", "my requests", "<main")
            return
        request_id = self.waiting.pop()
        self.post(
            f"{EVENT}/meetings/r/{request_id}/answer/", {"action": "accept"}, "accept request"
        )


class Organizer(_Visitor):
    fixed_count = len(CONFIG["organizers"])

    def on_start(self) -> None:
        with _LOCK:
            name = next(_ORGANIZERS)
        self.login(name)

    @task(3)
    def lounge(self) -> None:
        self.page(f"{EVENT}/lounge/", "lounge grid", "<main")

    @task(3)
    def lounge_fragment(self) -> None:
        self.page(f"{EVENT}/lounge/grid/", "lounge grid (live fragment)", "<")

    @task(2)
    def dashboard(self) -> None:
        self.page(f"{EVENT}/report/", "dashboard", "<main")
