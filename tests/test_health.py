from __future__ import annotations


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["database"] == "ok"


def test_readyz_reports_an_unreachable_redis(app, client):
    app.config["JIMNET_REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/readyz")
    finally:
        app.config["JIMNET_REDIS_URL"] = None
    assert response.status_code == 503
    assert response.json["checks"]["redis"].startswith("unavailable")
