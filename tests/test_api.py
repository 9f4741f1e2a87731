"""The HTTP API: reads, filters, the error envelope on every route, bearer-token writes and the revision log."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from apikit import TOKEN, corpus_store_url, fresh_store_url
from rasid.api import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(corpus_store_url(), TOKEN), raise_server_exceptions=False)


@pytest.fixture()
def writable() -> TestClient:
    return TestClient(create_app(fresh_store_url(), TOKEN), raise_server_exceptions=False)


def _assert_envelope(body: dict[str, Any], status: int) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


ERRORS = [
    ("GET", "/api/nowhere", None, {}, 404),
    ("GET", "/api/documents/no-such-doc", None, {}, 404),
    ("GET", "/api/events/no-such-event", None, {}, 404),
    ("GET", "/api/control?place_id=nowhere", None, {}, 404),
    ("GET", "/api/export/xml", None, {}, 422),
    ("GET", "/api/events?limit=0", None, {}, 422),
    ("GET", "/api/events?limit=abc", None, {}, 422),
    ("GET", "/api/events?date_from=yesterday", None, {}, 422),
    ("GET", "/api/events?bbox=1,2,3", None, {}, 422),
    ("PATCH", "/api/events/x:e0", {"field": "doc_key", "value": "x"}, AUTH, 422),
    ("GET", "/api/control/snapshot", None, {}, 422),
    ("GET", "/api/documents?offset=-1", None, {}, 422),
    ("DELETE", "/api/events", None, {}, 405),
    ("PATCH", "/api/events/x:e0", {"field": "actor1", "value": "isis"}, {}, 401),
    ("PATCH", "/api/events/x:e0", {"field": "actor1", "value": "isis"}, {"Authorization": "Bearer wrong"}, 401),
    ("POST", "/api/events/x:e0/reject", {}, {}, 401),
    ("POST", "/api/documents", {"id": "a", "text": "نص"}, {}, 401),
    ("PATCH", "/api/events/x:e0", {"field": "actor1", "value": "isis"}, AUTH, 404),
    ("PATCH", "/api/events/x:e0", {"value": "isis"}, AUTH, 422),
    ("PATCH", "/api/events/x:e0", "not json", AUTH, 422),
    ("POST", "/api/events/x:e0/reject", {}, AUTH, 404),
    ("POST", "/api/documents", {"id": "a"}, AUTH, 422),
]


@pytest.mark.parametrize(("method", "path", "body", "headers", "status"), ERRORS)
def test_every_error_has_the_envelope(client: TestClient, method: str, path: str, body: Any,
                                      headers: dict[str, str], status: int) -> None:
    kwargs: dict[str, Any] = {"headers": headers}
    if isinstance(body, str):
        kwargs["content"] = body
        kwargs["headers"] = {**headers, "Content-Type": "application/json"}
    elif body is not None:
        kwargs["json"] = body
    response = client.request(method, path, **kwargs)
    assert response.status_code == status
    _assert_envelope(response.json(), status)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_unexpected_error_is_a_500_envelope(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import rasid.api.app as app_module

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module, "query_events", broken)
    response = client.get("/api/events")
    assert response.status_code == 500
    _assert_envelope(response.json(), 500)
    assert "boom" not in response.text


def test_writes_refused_without_a_configured_token() -> None:
    client = TestClient(create_app(corpus_store_url(), None), raise_server_exceptions=False)
    response = client.post("/api/events/x:e0/reject", json={}, headers={"Authorization": "Bearer "})
    assert response.status_code == 401
    _assert_envelope(response.json(), 401)


def test_events_and_filters_agree_with_the_full_list(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 5000}).json()
    assert everything["total"] == len(everything["items"]) > 0
    items = everything["items"]
    some = next(e for e in items if e["event_type"] and e["date"] and e["lat"] is not None)
    by_type = client.get("/api/events", params={"event_type": some["event_type"], "limit": 5000}).json()
    assert by_type["total"] == sum(e["event_type"] == some["event_type"] for e in items)
    day = some["date"][:10]
    by_day = client.get("/api/events", params={"date_from": day, "date_to": day, "limit": 5000}).json()
    assert by_day["total"] == sum((e["date"] or "")[:10] == day for e in items)
    box = f"{some['lon'] - 0.01},{some['lat'] - 0.01},{some['lon'] + 0.01},{some['lat'] + 0.01}"
    in_box = client.get("/api/events", params={"bbox": box, "limit": 5000}).json()
    assert some["event_key"] in {e["event_key"] for e in in_box["items"]}
    assert all(abs(e["lat"] - some["lat"]) <= 0.011 for e in in_box["items"])
    page = client.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert [e["event_key"] for e in page["items"]] == [e["event_key"] for e in items[1:3]]


def test_actor_place_and_source_filters(client: TestClient) -> None:
    items = client.get("/api/events", params={"limit": 5000}).json()["items"]
    with_actor = next(e for e in items if e["actor1"])
    got = client.get("/api/events", params={"actor": with_actor["actor1"], "limit": 5000}).json()
    assert got["total"] == sum(with_actor["actor1"] in (e["actor1"], e["actor2"]) for e in items)
    with_place = next(e for e in items if e["place_id"])
    got = client.get("/api/events", params={"place": with_place["place_id"], "limit": 5000}).json()
    assert got["total"] == sum(e["place_id"] == with_place["place_id"] for e in items)
    attributed = next((e for e in items if e["attributed_to"]), None)
    if attributed:
        got = client.get("/api/events", params={"source": attributed["attributed_to"], "limit": 5000}).json()
        assert attributed["event_key"] in {e["event_key"] for e in got["items"]}


def test_text_search_finds_the_document_of_an_event(client: TestClient) -> None:
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    doc = client.get(f"/api/documents/{event['doc_key']}").json()
    place = next(m for m in doc["mentions"]["places"])
    got = client.get("/api/events", params={"q": place["text"], "limit": 5000}).json()
    assert got["total"] >= 1
    assert {e["doc_key"] for e in got["items"]} <= {d["doc_key"] for d in client.get(
        "/api/documents", params={"q": place["text"], "limit": 1000}).json()["items"]}


def test_document_has_text_and_exact_spans(client: TestClient) -> None:
    docs = client.get("/api/documents").json()["items"]
    assert docs
    for summary in docs[:5]:
        doc = client.get(f"/api/documents/{summary['doc_key']}").json()
        text = doc["document"]["text"]
        for layer, mentions in doc["mentions"].items():
            for m in mentions:
                assert text[m["start"]:m["end"]] == m["text"], layer


def test_claims_control_places_actors_exports(client: TestClient) -> None:
    claims = client.get("/api/claims").json()
    assert claims["total"] == len(claims["items"]) > 0
    assert claims["reconciled"] == bool(client.get("/api/claim-groups").json()["total"])
    assert all(g["claims"] for g in claims["items"])
    control = client.get("/api/control").json()["items"]
    assert control
    place = control[0]
    one = client.get("/api/control", params={"place_id": place["place_id"]}).json()["items"]
    assert [p["place_id"] for p in one] == [place["place_id"]]
    last = max(o["date"] for o in place["timeline"] if o["date"])
    snap = {s["place_id"]: s for s in client.get("/api/control/snapshot", params={"date": last}).json()["items"]}
    assert snap[place["place_id"]]["since"] <= last
    assert client.get("/api/places").json()["total"] > 0
    assert client.get("/api/actors").json()["total"] > 0
    geo = client.get("/api/export/geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    csv = client.get("/api/export/acled")
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.count("\n") > 1
    assert client.get("/api/export/jsonl").text.count("\n") == client.get("/api/health").json()["counts"]["documents"]


def test_correction_and_rejection_are_revisions(writable: TestClient) -> None:
    event = writable.get("/api/events", params={"limit": 1}).json()["items"][0]
    key = event["event_key"]
    response = writable.patch(f"/api/events/{key}", json={"field": "fatalities_best", "value": 42, "who": "mona",
                                                          "note": "hospital list"}, headers=AUTH)
    assert response.status_code == 200
    body = response.json()
    assert body["fatalities_best"] == 42 and body["event"]["fatalities"]["best"] == 42
    revision = body["revisions"][-1]
    assert revision["action"] == "correct" and revision["detail"]["who"] == "mona"
    assert revision["detail"]["old"] == (event["event"].get("fatalities") or {}).get("best") and revision["detail"]["new"] == 42
    assert revision["at"].endswith("Z")
    assert writable.get(f"/api/events/{key}").json()["fatalities_best"] == 42
    bad = writable.patch(f"/api/events/{key}", json={"field": "fatalities_best", "value": "many"}, headers=AUTH)
    assert bad.status_code == 422
    total = writable.get("/api/events").json()["total"]
    assert writable.post(f"/api/events/{key}/reject", json={"who": "mona"}, headers=AUTH).status_code == 200
    assert writable.get("/api/events").json()["total"] == total - 1
    assert key not in {e["event_key"] for e in writable.get("/api/events", params={"limit": 5000}).json()["items"]}
    assert writable.get("/api/events", params={"include_rejected": True}).json()["total"] == total
    assert writable.get(f"/api/events/{key}").json()["rejected"] is True
    writable.post(f"/api/events/{key}/restore", json={}, headers=AUTH)
    assert writable.get("/api/events").json()["total"] == total
    log = writable.get("/api/revisions").json()["items"]
    assert [r["action"] for r in log[:3]] == ["restore", "reject", "correct"]


def test_ingest_a_document(writable: TestClient) -> None:
    text = "قتل خمسة مدنيين في قصف مدفعي على قرية في ريف إدلب الجنوبي يوم الثلاثاء."
    doc = {"id": "api-1", "text": text, "published": "2020-02-05", "outlet": "test"}
    mentions_before = sum(p["mentions"] for p in writable.get("/api/places").json()["items"])
    response = writable.post("/api/documents", json=doc, headers=AUTH)
    assert response.status_code == 201
    key = response.json()["doc_key"]
    stored = writable.get(f"/api/documents/{key}").json()
    assert stored["document"]["text"] == text
    mentions_after = sum(p["mentions"] for p in writable.get("/api/places").json()["items"])
    assert mentions_after == mentions_before + len(stored["mentions"]["places"]) > mentions_before
    again = writable.post("/api/documents", json=doc, headers=AUTH)
    assert again.status_code == 409
    _assert_envelope(again.json(), 409)


def test_openapi_schema_lists_the_routes(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/events", "/api/documents/{doc_key}", "/api/claims", "/api/control", "/api/control/snapshot",
                 "/api/places", "/api/actors", "/api/export/{fmt}", "/api/events/{event_key}/reject"):
        assert path in schema["paths"]


def test_dashboard_page_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


def test_schema_field_list_matches_the_store() -> None:
    from typing import get_args

    from rasid.api.app import CorrectableField
    from rasid.store.review import CORRECTABLE

    assert set(get_args(CorrectableField)) == set(CORRECTABLE)


def test_reconciled_views(client: TestClient) -> None:
    merged = client.get("/api/merged-events", params={"limit": 5000}).json()
    assert merged["total"] == len(merged["items"])
    keys = {e["event_key"] for e in client.get("/api/events", params={"limit": 5000}).json()["items"]}
    assert all(set(m["members"]) <= keys for m in merged["items"])
    groups = client.get("/api/claim-groups").json()
    assert all(g["members"] for g in groups["items"])
    timeline = client.get("/api/control/timeline").json()["items"]
    if timeline:
        day = max(r["day"] for r in timeline)
        snap = client.get("/api/control/timeline/snapshot", params={"date": day}).json()["items"]
        assert snap and all(r["day"] <= day for r in snap)


def test_documents_pages(client: TestClient) -> None:
    count = client.get("/api/health").json()["counts"]["documents"]
    everything = client.get("/api/documents", params={"limit": 1000}).json()
    assert everything["total"] == len(everything["items"]) == count
    assert all("text" not in d and d["length"] > 0 for d in everything["items"])
    page = client.get("/api/documents", params={"limit": 3, "offset": 2}).json()["items"]
    assert [d["doc_key"] for d in page] == [d["doc_key"] for d in everything["items"][2:5]]
    nothing = client.get("/api/documents", params={"q": "كلمةلاتوجدابدا"}).json()
    assert nothing["total"] == 0 and nothing["items"] == []
