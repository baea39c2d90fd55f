"""Interface-string catalogs: extract, update, compile, init."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
