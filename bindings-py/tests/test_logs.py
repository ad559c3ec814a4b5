"""The startup log lines (core/src/log.rs) through the `env_contract` logger: the head line,
one line per problem, the JSON form (`ENV_CONTRACT_LOG_FORMAT`, `log_format=`), the FastAPI
lifespan, and the documented alert rule (docs/python.md) firing on a missing secret. Never a
value: generated secrets."""

from __future__ import annotations

import json
import logging
import re

import pytest
from conftest import leaks, random_alnum
from fastapi import FastAPI
from fastapi.testclient import TestClient

from env_contract import EnvContractError, assert_env
from env_contract.fastapi import env_contract_lifespan

# The alert rule of docs/python.md, docs/node.md and docs/cli.md (env_contract::log::ALERT_PATTERN;
# cli/tests/commands.rs checks the docs give it).
ALERT = re.compile(r"\[FAIL\] (\S+) missing\b")

CONTRACT = {
    "type": "object",
    "properties": {
        "SESSION_SECRET": {"type": "string", "x-secret": True},
        "API_TOKEN": {"type": "string", "x-secret": True, "minLength": 64},
        "OLD_NAME": {"type": "string", "x-deprecated-by": "API_TOKEN"},
    },
    "required": ["SESSION_SECRET", "API_TOKEN"],
}


def records(caplog: pytest.LogCaptureFixture) -> list[tuple[str, int, str]]:
    return [(r.name, r.levelno, r.getMessage()) for r in caplog.records]


def test_a_failing_check_logs_a_head_and_one_line_per_problem(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk_live_" + random_alnum(40)
    with caplog.at_level(logging.DEBUG, logger="env_contract"), pytest.raises(EnvContractError):
        assert_env(CONTRACT, env={"API_TOKEN": secret, "OLD_NAME": secret}, environment="production")
    got = records(caplog)
    assert [(name, level) for name, level, _ in got] == [
        ("env_contract", logging.ERROR),
        ("env_contract", logging.ERROR),
        ("env_contract", logging.WARNING),
        ("env_contract", logging.ERROR),
    ]
    lines = [m for _, _, m in got]
    assert lines[0] == (
        'env-contract: error: 3 variables checked, environment "production", contract given as an object: '
        "0 passed, 1 warning, 2 failed"
    )
    assert lines[1].startswith("env-contract: [FAIL] API_TOKEN too-short: ")
    assert lines[2].startswith("env-contract: [WARN] OLD_NAME deprecated: ")
    assert lines[3] == "env-contract: [FAIL] SESSION_SECRET missing: required in every environment"
    assert [m.group(1) for line in lines if (m := ALERT.search(line))] == ["SESSION_SECRET"]
    assert not leaks(caplog.text, secret)


def test_a_passing_check_logs_one_info_line(caplog: pytest.LogCaptureFixture) -> None:
    env = {"SESSION_SECRET": random_alnum(40), "API_TOKEN": random_alnum(64)}
    with caplog.at_level(logging.INFO, logger="env_contract"):
        assert_env(CONTRACT, env=env, environment="staging")
    assert records(caplog) == [
        (
            "env_contract",
            logging.INFO,
            'env-contract: ok: 3 variables checked, environment "staging", contract given as an object: '
            "2 passed, 0 warnings, 0 failed, 1 not set",
        )
    ]


def test_json_lines_from_the_variable_or_the_option(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "sk_live_" + random_alnum(40)
    monkeypatch.setenv("ENV_CONTRACT_LOG_FORMAT", "json")
    with caplog.at_level(logging.DEBUG, logger="env_contract"), pytest.raises(EnvContractError):
        assert_env(CONTRACT, env={"API_TOKEN": secret}, environment="production")
    events = [json.loads(m) for _, _, m in records(caplog)]
    assert [(e["level"], e["event"], e.get("var"), e.get("code")) for e in events] == [
        ("error", "check", None, None),
        ("error", "problem", "API_TOKEN", "too-short"),
        ("error", "problem", "SESSION_SECRET", "missing"),
    ]
    assert events[0]["status"] == "error" and events[0]["errors"] == 2 and events[0]["checked"] == 3
    assert list(events[2]) == [
        "level",
        "logger",
        "event",
        "environment",
        "contract",
        "var",
        "code",
        "severity",
        "message",
        "hint",
        "text",
    ]
    assert ALERT.search(events[2]["text"])
    assert not leaks(caplog.text, secret)
    caplog.clear()
    # The option wins over the variable.
    with caplog.at_level(logging.DEBUG, logger="env_contract"), pytest.raises(EnvContractError):
        assert_env(CONTRACT, env={}, log_format="text")
    assert records(caplog)[0][2].startswith("env-contract: error: ")
    with pytest.raises(ValueError, match="logFormat must be one of"):
        assert_env(CONTRACT, env={}, log_format="xml")  # type: ignore[arg-type]


def test_the_lines_follow_what_the_logger_emits(caplog: pytest.LogCaptureFixture) -> None:
    """Core makes only the lines at the logger's level or louder (`_native.check(log=…)`): a
    logger at WARNING gets no head line for a passing check, one at ERROR no warning, and a
    custom logger (the lifespan's `log=`) is asked the same."""
    from env_contract import _native

    env = {"SESSION_SECRET": random_alnum(40), "API_TOKEN": random_alnum(64), "OLD_NAME": "x"}
    levels = lambda least: [level for level, _ in _native.check(None, CONTRACT, env=env, log=least)[7]]  # noqa: E731
    assert levels("info") == ["warning", "warning"]  # the head (degraded) and OLD_NAME
    assert levels("error") == []
    assert levels(None) == []
    with pytest.raises(ValueError, match="log must be one of"):
        levels("debug")
    del env["OLD_NAME"]
    assert levels("info") == ["info"] and levels("warning") == []
    with caplog.at_level(logging.WARNING, logger="env_contract"):
        assert_env(CONTRACT, env=env)
        assert records(caplog) == []
        env["OLD_NAME"] = "x"
        assert_env(CONTRACT, env=env)
        assert [level for _, level, _ in records(caplog)] == [logging.WARNING] * 2
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="env_contract"), pytest.raises(EnvContractError):
        assert_env(CONTRACT, env={"OLD_NAME": "x"})
    assert [level for _, level, _ in records(caplog)] == [logging.ERROR] * 3


def test_the_lifespan_logs_the_same_lines(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk_live_" + random_alnum(40)
    monkeypatch.setenv("API_TOKEN", secret)
    monkeypatch.delenv("SESSION_SECRET", raising=False)
    app = FastAPI(lifespan=env_contract_lifespan(CONTRACT))
    with caplog.at_level(logging.DEBUG, logger="env_contract"), pytest.raises(EnvContractError) as info:
        with TestClient(app):
            pass
    fired = [m.group(1) for _, _, line in records(caplog) if (m := ALERT.search(line))]
    assert fired == ["SESSION_SECRET"]
    # And the message of the error, as a crash log shows it.
    assert [m.group(1) for line in str(info.value).splitlines() if (m := ALERT.search(line))] == ["SESSION_SECRET"]
    assert not leaks(caplog.text + str(info.value), secret)
