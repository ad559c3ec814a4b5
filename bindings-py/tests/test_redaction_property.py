"""Property test (hypothesis, shrinking to a minimal case): whatever the secret, no
8-character run of it reaches str/repr of the exception, the report, or a log record."""

from __future__ import annotations

import logging
from typing import get_args

import pytest
from conftest import leaks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from env_contract import EnvContractError, ProblemCode, assert_env, validate_env

CODES: tuple[str, ...] = get_args(ProblemCode)

CONTRACT = {
    "type": "object",
    "properties": {
        "S_LEN": {"type": "string", "x-secret": True, "minLength": 500},
        "S_PATTERN": {"type": "string", "x-secret": True, "pattern": "^Z{3}$"},
        "S_FORMAT": {"type": "string", "x-secret": True, "format": "email"},
        "S_ENUM": {"type": "string", "x-secret": True, "enum": ["a", "b"]},
        "S_INT": {"type": "integer", "x-secret": True},
        "S_URL": {
            "type": "string",
            "x-secret": True,
            "x-url": {"schemes": ["postgres"], "port": 6432, "allowCredentials": False},
        },
        "S_STRIPE": {"type": "string", "x-secret": True, "x-stripe": "secret"},
    },
    "required": ["S_LEN"],
}

ALNUM = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", min_size=8, max_size=80)
SECRETS = st.one_of(
    ALNUM,
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=8, max_size=100),
    ALNUM.map(lambda b: f"postgres://user:{b}@localhost:5432/db"),
    ALNUM.map(lambda b: "sk_live_" + b),
    ALNUM.map(lambda b: f"eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.{b}"),
)


def masked(text: str) -> str:
    # Problem codes are fixed public names (a URL on localhost vs the code url-localhost).
    for code in sorted(CODES, key=len, reverse=True):
        text = text.replace(code, "\x01")
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=SECRETS)
def test_no_secret_run_anywhere(secret: str, caplog: pytest.LogCaptureFixture) -> None:
    env = {name: secret for name in CONTRACT["properties"]}
    env["NEXT_PUBLIC_COPY"] = f"x{secret}x"
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="env_contract"), pytest.raises(EnvContractError) as info:
        assert_env(CONTRACT, env=env)
    report = validate_env(CONTRACT, env=env)
    e = info.value
    surfaces = {
        "str(e)": str(e),
        "repr(e)": repr(e),
        "repr(report)": repr(report),
        "report.text": report.text,
        "repr(problems)": repr(e.problems),
        "log": caplog.text,
    }
    for name, text in surfaces.items():
        assert not leaks(masked(text), secret), f"{name} shows part of the secret"
