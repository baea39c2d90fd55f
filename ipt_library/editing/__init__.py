"""Editors' and translators' tools: scaffolding, translations, languages and coverage.

The command-line wrappers live in ``ipt_library.commands.editing``; the functions here do
the work and report problems without printing, so tests call them directly.
"""
