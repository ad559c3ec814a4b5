"""Property test (hypothesis, shrinking to a minimal case): whatever the secret, no
8-character run of it reaches str/repr of the exception, the report, or a log record."""

from __future__ import annotations

import logging
from typing import get_args

import pytest
from conftest import leaks
from fastapi import FastAPI, Request  # module level: the route's annotations resolve here
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from env_contract import EnvContractError, ProblemCode, assert_env, validate_env
from env_contract.fastapi import env_contract_lifespan

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


# What `assert_env` returns: every printing path shows the secret values as core's mask, and
# every name and every other value as it is; reading a key gives the real value.
PRINT_CONTRACT = {
    "type": "object",
    "x-client-prefixes": ["NEXT_PUBLIC_"],
    "properties": {
        "API_SECRET": {"type": "string", "x-secret": True},
        "NESTED": {"type": "object", "x-secret": True},
        "KEYS": {"type": "array", "x-secret": True},
        "COPY": {"type": "string"},  # a copy of API_SECRET: found, so masked too
        "DATABASE_URL": {"type": "string"},  # a URL password: masked, whatever its length
        "NEXT_PUBLIC_STRIPE": {"type": "string"},  # a Stripe secret key the leak rule finds
        "REGION": {"type": "string"},
        "ORIGINS": {"type": "array", "items": {"type": "string"}},
        "PORT": {"type": "integer", "default": 3000},
    },
}
SECRET_NAMES = {"API_SECRET", "NESTED", "KEYS", "COPY", "DATABASE_URL", "NEXT_PUBLIC_STRIPE"}


def printed(env: object, caplog: pytest.LogCaptureFixture) -> dict[str, str]:
    """Every implicit way a user prints the values, by name."""
    import io
    import pprint
    from contextlib import redirect_stdout

    caplog.clear()
    log = logging.getLogger("app")
    with caplog.at_level(logging.INFO, logger="app"):
        log.info("config %r", env)
        log.info("config %s", env)
        log.info("nested %s", {"config": env})
    out = io.StringIO()
    with redirect_stdout(out):
        print(env)
    return {
        "repr": repr(env),
        "str": str(env),
        "f-string": f"{env} {env!r}",
        "format": "{}".format(env),
        "pprint": pprint.pformat(env),
        "pprint nested": pprint.pformat({"config": env, "other": [env]}, width=40),
        "print": out.getvalue(),
        "logging": caplog.text,
        "items()": repr(env.items()),  # type: ignore[attr-defined]
        "values()": repr(env.values()),  # type: ignore[attr-defined]
        "json default=str": __import__("json").dumps({"config": env}, default=str),
    }


def public_masked(text: str, public: list[str]) -> str:
    """`text` with every public piece (names, shown values, the mask) cut out: what is left
    is punctuation, shorter than a run, unless a secret shows."""
    for piece in sorted(public, key=len, reverse=True):
        text = text.replace(piece, "\x01")
    return text


def check_printing(env: object, secret: str, public: list[str], surfaces: dict[str, str]) -> None:
    from env_contract import _native

    for name, text in surfaces.items():
        assert not leaks(public_masked(text, public), secret), f"{name} shows part of the secret: {text}"
        for var in PRINT_CONTRACT["properties"]:
            assert var in text, f"{name} does not name {var}"
        assert _native.MASK in text, name
    for name in ("repr", "str", "print", "pprint"):
        assert surfaces[name].count(_native.MASK) == len(SECRET_NAMES), surfaces[name]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=SECRETS)
def test_the_values_print_their_secrets_masked(
    secret: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copy
    import pickle

    from conftest import random_alnum

    from env_contract import _native

    password = random_alnum(5)
    stripe = "sk_live_" + random_alnum(30)
    region = "eu-" + random_alnum(12)
    given_env = {
        "API_SECRET": secret,
        "NESTED": json_text({"inner": {"key": secret}, "list": [secret]}),
        "KEYS": json_text([1, secret]),
        "COPY": f"x{secret}x",
        "DATABASE_URL": f"postgres://app:{password}@db.internal:5432/app",
        "NEXT_PUBLIC_STRIPE": stripe,
        "REGION": region,
        "ORIGINS": "https://a.example,https://b.example",
    }
    # The Stripe key in a client variable is an error: ENV_CONTRACT_SKIP lets the values through.
    monkeypatch.setenv("ENV_CONTRACT_SKIP", "1")
    with caplog.at_level(logging.WARNING, logger="env_contract"):
        env = assert_env(PRINT_CONTRACT, env=given_env)
    assert "[FAIL] NEXT_PUBLIC_STRIPE client-secret-leak" in caplog.text
    assert env.secret_names == SECRET_NAMES  # type: ignore[attr-defined]
    public = [*PRINT_CONTRACT["properties"], "EnvValues", "ItemsView", "ValuesView", "config", "other", _native.MASK]
    public += [region, "3000", "https://a.example", "https://b.example"]
    surfaces = printed(env, caplog)
    check_printing(env, secret, public, surfaces)
    for name, text in surfaces.items():
        assert region in text and "3000" in text and "https://b.example" in text, f"{name} hides a public value"
        assert not leaks(text, stripe) and f":{password}@" not in text, f"{name} shows a secret the rules found"
    # Reading a key, and the explicit conversions, give the real values.
    assert env["API_SECRET"] == secret and env["NESTED"]["inner"]["key"] == secret
    assert env["KEYS"] == [1, secret] and env["NEXT_PUBLIC_STRIPE"] == stripe
    assert dict(env)["API_SECRET"] == secret and {**env}["COPY"] == f"x{secret}x"
    # Pickling and copying keep the real values, and the copy prints masked again.
    for again in (pickle.loads(pickle.dumps(env)), copy.copy(env), copy.deepcopy(env)):
        assert again == env and again["API_SECRET"] == secret
        assert repr(again) == repr(env)


def json_text(value: object) -> str:
    import json

    return json.dumps(value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=ALNUM)
def test_the_fastapi_state_prints_its_secrets_masked(
    secret: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = {
        "type": "object",
        "properties": {
            "APP_SECRET": {"type": "string", "x-secret": True},
            "SETTINGS": {"type": "object", "x-secret": True},
            "WORKERS": {"type": "integer", "default": 2},
        },
        "required": ["APP_SECRET"],
    }
    monkeypatch.setenv("APP_SECRET", secret)
    monkeypatch.setenv("SETTINGS", json_text({"token": secret}))
    app = FastAPI(lifespan=env_contract_lifespan(contract))
    log = logging.getLogger("app")

    @app.get("/debug")
    async def debug(request: Request) -> dict[str, str]:
        state = request.app.state.env_contract
        log.info("state %r", state)
        return {"repr": repr(state), "str": f"{state}", "read": state["APP_SECRET"]}

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="app"), TestClient(app) as client:
        body = client.get("/debug").json()
        assert app.state.env_contract["SETTINGS"] == {"token": secret}
    assert set(body) == {"repr", "str", "read"}, body
    assert body["read"] == secret  # a read is the real value
    for text in (body["repr"], body["str"], caplog.text):
        assert not leaks(text.replace("APP_SECRET", "\x01").replace("SETTINGS", "\x01"), secret), text
        assert "APP_SECRET" in text and "SETTINGS" in text and "'WORKERS': 2" in text
    assert body["repr"] == "EnvValues({'APP_SECRET': [withheld], 'SETTINGS': [withheld], 'WORKERS': 2})"
