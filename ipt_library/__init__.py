"""IPT Library: the static-site generator of an open, multilingual library of IPT resources."""

__version__ = "0.1.0"
