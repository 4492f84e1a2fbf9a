"""``python -m summit create_api_token USERNAME [--name NAME] [--scope SCOPE ...]``: print a new
API token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summit.api.domain.tokens import SCOPES, create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="script", help="what the token is for")
        parser.add_argument(
            "--scope",
            action="append",
            choices=SCOPES,
            dest="scopes",
            help="what the token may do (repeat for several; default: all of "
            "read, write and organizer)",
        )

    def handle(
        self, *args: Any, username: str, name: str, scopes: list[str] | None, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        try:
            _token, secret = create_api_token(user=user, name=name, scopes=scopes or SCOPES)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(secret)
