"""One base exception for Rasid; each subclass names a cause and its message says how to fix it."""

from __future__ import annotations


class RasidError(Exception):
    """Base of every error Rasid raises on purpose."""


class ResourceError(RasidError):
    """A bundled data file is missing or malformed (reinstall the package or rebuild the resource)."""


class InputError(RasidError):
    """One input item cannot be processed (bad JSON, missing field, empty text, wrong encoding)."""


class ConfigurationError(RasidError):
    """A command-line option or setting is invalid."""
