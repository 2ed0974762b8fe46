"""The `renkei` command: Django's management commands under the project's own name
(`renkei setup`, `renkei serve`, `renkei demo`, `renkei agreements ...`, `renkei tokens ...`,
`renkei audit verify`, `renkei config`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["renkei", *sys.argv[1:]])


if __name__ == "__main__":
    main()
