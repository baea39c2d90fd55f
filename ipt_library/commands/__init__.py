"""Subcommands of ``ipt-library``, grouped by who uses them."""
