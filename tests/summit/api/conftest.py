"""Fixtures of the API tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real password hashing takes about a second per user on a loaded machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
