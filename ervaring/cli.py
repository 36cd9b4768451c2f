"""The `ervaring` command: Django's management commands, with dashes allowed in names.

`ervaring create-survey ...` runs the `create_survey` command, so the documented commands read
naturally while the modules keep importable names.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "ervaring"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
