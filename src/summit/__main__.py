"""`python -m summit <command>`: Django's manage.py for the summit project."""

import os
import sys


def main() -> None:
    """Run a Django management command with the summit settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
