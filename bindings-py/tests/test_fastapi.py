"""env_contract.fastapi in-process (TestClient). The real uvicorn runs are in
examples/fastapi/tests."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import fastapi  # a test dependency (requirements-test.txt): missing fails, never skips
import pytest
from conftest import leaks, random_alnum
from fastapi import FastAPI
from fastapi.testclient import TestClient

from env_contract import EnvContractError
from env_contract.fastapi import env_contract_lifespan, readiness_router

CONTRACT = {
    "type": "object",
    "properties": {
        "APP_SECRET": {"type": "string", "minLength": 32, "x-secret": True},
        "WORKERS": {"type": "integer", "default": 1},
        "OPENAI_API_KEY": {"type": "string", "x-secret": True},
    },
    "required": ["APP_SECRET", "OPENAI_API_KEY"],
    "x-environments": {"staging": {"x-warn": ["OPENAI_API_KEY"]}},
}


def make_app(**kw) -> FastAPI:  # type: ignore[no-untyped-def]
    app = FastAPI(lifespan=env_contract_lifespan(CONTRACT, **kw))
    app.include_router(readiness_router(CONTRACT))
    return app


def test_lifespan_alone_gives_typed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_SECRET", random_alnum(40))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-" + random_alnum(40))
    monkeypatch.setenv("WORKERS", "4")
    app = make_app()
    with TestClient(app) as client:
        assert app.state.env_contract["WORKERS"] == 4
        r = client.get("/health/ready")
        assert r.status_code == 200 and r.json() == {"status": "ok", "environment": "development"}


def test_lifespan_composes_with_the_apps_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_SECRET", random_alnum(40))
    monkeypatch.setenv("OPENAI_API_KEY", random_alnum(40))
    events: list[str] = []

    @asynccontextmanager
    async def own(app: FastAPI) -> AsyncIterator[dict[str, str]]:
        events.append(f"start {app.state.env_contract['WORKERS']}")  # runs after the check
        yield {"pool": "ready"}
        events.append("stop")

    app = make_app(lifespan=own)

    @app.get("/pool")
    async def pool(request: fastapi.Request) -> dict[str, str]:
        return {"pool": request.state.pool}

    with TestClient(app) as client:
        assert client.get("/pool").json() == {"pool": "ready"}
    assert events == ["start 1", "stop"]


def test_lifespan_refuses_to_start(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    short = random_alnum(12)
    monkeypatch.setenv("APP_SECRET", short)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    started: list[bool] = []

    @asynccontextmanager
    async def own(app: FastAPI) -> AsyncIterator[None]:
        started.append(True)
        yield

    with caplog.at_level(logging.ERROR, logger="env_contract"), pytest.raises(EnvContractError) as info:
        with TestClient(make_app(lifespan=own)):
            pass
    assert started == []
    assert {(p.var, p.code) for p in info.value.problems} == {
        ("APP_SECRET", "too-short"),
        ("OPENAI_API_KEY", "missing"),
    }
    assert "APP_SECRET" in caplog.text and "OPENAI_API_KEY" in caplog.text
    assert not leaks(caplog.text + str(info.value), short)


def test_readiness_degraded_and_503(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = random_alnum(12)
    monkeypatch.setenv("APP_SECRET", random_alnum(40))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "staging")
    app = FastAPI()
    app.include_router(readiness_router(CONTRACT))
    client = TestClient(app)
    r = client.get("/health/ready")
    assert r.status_code == 200
    assert r.json() == {
        "status": "degraded",
        "environment": "staging",
        "problems": [{"var": "OPENAI_API_KEY", "code": "missing", "severity": "warning"}],
    }
    monkeypatch.delenv("APP_ENV")
    monkeypatch.setenv("APP_SECRET", secret)  # too short now
    r = client.get("/health/ready")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "error"
    assert {(p["var"], p["code"]) for p in body["problems"]} == {
        ("APP_SECRET", "too-short"),
        ("OPENAI_API_KEY", "missing"),
    }
    assert not leaks(r.text, secret)
    monkeypatch.setenv("ENV_CONTRACT_SKIP", "1")
    r = client.get("/health/ready")
    assert r.status_code == 200 and r.json()["status"] == "degraded" and r.json()["skipped"] is True


def test_readiness_custom_path_and_broken_contract() -> None:
    app = FastAPI()
    app.include_router(readiness_router({"type": "object", "required": ["X"]}, path="/ready"))
    r = TestClient(app).get("/ready")
    assert r.status_code == 503 and r.json() == {"status": "error", "contract_error": "undeclared"}
