"""Property-based API tests from the OpenAPI schema (schemathesis): no 500s, responses match the schema."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from apikit import TOKEN, fresh_store_url
from rasid.api import create_app

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

APP = create_app(fresh_store_url(), TOKEN)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any) -> None:
    excluded = []
    if case.method == "PATCH":
        # A correction's value type depends on the field (numbers for fatalities and coordinates), which the
        # schema states in words, so a schema-valid body may still be refused with 422.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded)
