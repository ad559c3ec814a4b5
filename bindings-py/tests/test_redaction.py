"""No secret value, nor an 8-character run of one, in any message, repr or log line."""

from __future__ import annotations

import logging

import pytest
from conftest import leaks, random_alnum

from env_contract import EnvContractError, assert_env, validate_env

CONTRACT = {
    "type": "object",
    "x-client-prefixes": ["NEXT_PUBLIC_"],
    "properties": {
        "SESSION_SECRET": {"type": "string", "minLength": 64, "pattern": "^[0-9]+$", "x-secret": True},
        "DATABASE_URL": {"type": "string", "x-secret": True, "x-url": {"schemes": ["postgres"], "port": 6432}},
        "API_TOKEN": {"type": "string", "x-secret": True, "enum": ["a", "b"]},
        "STRIPE_SECRET_KEY": {"x-stripe": "secret", "x-secret": True},
        "NEXT_PUBLIC_KEY": {"type": "string"},
        "TIMEOUT": {"type": "integer", "x-secret": True},
    },
    "required": ["SESSION_SECRET", "DATABASE_URL"],
}


def secrets_env() -> dict[str, str]:
    session = random_alnum(40)
    return {
        "SESSION_SECRET": session,
        "DATABASE_URL": f"postgres://app:{random_alnum(24)}@db:5432/app",
        "API_TOKEN": random_alnum(32),
        "STRIPE_SECRET_KEY": "sk_live_" + random_alnum(32),
        "NEXT_PUBLIC_KEY": "copy-" + session,  # a copy of a secret in a client variable
        "TIMEOUT": random_alnum(20),
    }


def test_no_secret_in_exception_report_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    env = secrets_env()
    with caplog.at_level(logging.DEBUG, logger="env_contract"), pytest.raises(EnvContractError) as info:
        assert_env(CONTRACT, env=env)
    e = info.value
    report = validate_env(CONTRACT, env=env)
    assert len(e.problems) >= 4  # the secrets did fail in many ways
    outputs = {
        "str(e)": str(e),
        "repr(e)": repr(e),
        "repr(report)": repr(e.report),
        "report.text": e.report.text,
        "repr(problems)": repr(e.problems),
        "to_dict": repr(report.to_dict()),
        "log": caplog.text,
    }
    for name, text in outputs.items():
        for var in ("SESSION_SECRET", "DATABASE_URL", "API_TOKEN", "STRIPE_SECRET_KEY", "TIMEOUT"):
            value = env[var]
            secret_part = value.split(":")[2].split("@")[0] if var == "DATABASE_URL" else value
            assert not leaks(text, secret_part), f"{name} shows part of {var}"


def test_no_secret_in_skip_logs(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    env = secrets_env()
    monkeypatch.setenv("ENV_CONTRACT_SKIP", "1")
    with caplog.at_level(logging.DEBUG, logger="env_contract"):
        assert_env(CONTRACT, env=env)
    assert "SESSION_SECRET" in caplog.text
    assert not leaks(caplog.text, env["SESSION_SECRET"]) and not leaks(caplog.text, env["API_TOKEN"])
