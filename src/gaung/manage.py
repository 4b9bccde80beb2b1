"""The `gaung` command: Django's manage.py, installed as a console script."""

import os
import sys


def main() -> None:
    """Run a management command with Gaung's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaung.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
