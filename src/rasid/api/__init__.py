"""The HTTP API and the dashboard it serves (`rasid serve`)."""

from __future__ import annotations

from rasid.api.app import create_app, serving

__all__ = ["create_app", "serving"]
