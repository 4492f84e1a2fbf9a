"""Fixtures of the organisation tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real password hashing takes about a second per user on a loaded machine; these tests
    # create many users and test nothing about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path):
    settings.SUMMIT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.SUMMIT_UPLOAD_DIR


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    # Invitation e-mails are sent by a task; run it at once so tests see the e-mails.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
