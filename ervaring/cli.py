"""The `ervaring` command: Django's management commands, with dashes allowed in names.

`ervaring create-survey ...` runs the `create_survey` command, so the documented commands read
naturally while the modules keep importable names.

Commands that only read files and write files (`STANDALONE`) run without the installation's
settings: an analyst runs `ervaring analyse` on two CSV files, or `ervaring scrub` on a file
of open answers, on any machine, without a `SECRET_KEY`, a database or `ERVARING_DEV`. They
touch no data of the installation, so there is nothing for those settings to protect.
"""

import importlib
import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line

#: Command name -> its module; each reads and writes files only (no database, no keys).
STANDALONE = {
    "analyse": "ervaring.analysis.management.commands.analyse",
    "scrub": "ervaring.responses.management.commands.scrub",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "ervaring"
    if len(args) > 1 and args[1] in STANDALONE:
        run_standalone(args)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")
    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as error:
        # A missing or unsafe setting is the operator's to fix, not a crash: say which one
        # and how a demo or development checkout gets by, without a traceback.
        sys.stderr.write(
            f"ervaring: {error}\nOp een demo- of ontwikkelinstallatie is ERVARING_DEV=1 genoeg "
            "(README, 'The command line').\n"
        )
        sys.exit(2)


def run_standalone(args: list[str]) -> None:
    """Run a file-only command with Django's defaults instead of the installation's settings."""
    import django
    from django.conf import settings

    settings.configure()  # Django's defaults: no apps, no database, a language for messages
    django.setup()
    command = importlib.import_module(STANDALONE[args[1]]).Command()
    command.run_from_argv(args)


if __name__ == "__main__":
    main()
