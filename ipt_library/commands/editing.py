"""Editors' and translators' commands: new, translate, new-language, status."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
