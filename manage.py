#!/usr/bin/env python
"""Django's command-line utility for Rihai."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    from rihai.core.request_context import acting_through

    # Anything a management command writes is audited as coming from the command line.
    with acting_through("cli"):
        execute_from_command_line(sys.argv)
