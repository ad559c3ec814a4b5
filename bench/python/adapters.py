"""The Python adapters: the same workload (bench/gen.py's spec-N.json / contract-N.json) expressed
in each library's own schema language.

Each adapter has `load()` (the import, timed on its own by cold.py) and
`setup(lib, spec, contract_path)` returning `(from_process, from_map)`: two functions that run one
full check and return the verdict (True = valid). `setup` builds the schema once, as an app does
at boot; the check functions are what a warm loop calls. `from_map` is None where the library
cannot read anything but the process environment.
"""

from __future__ import annotations

import importlib
import os
import re
from urllib.parse import urlsplit

LEVELS = ["debug", "info", "warn", "error"]
PATTERN = r"^[a-z]{2}-[a-z]+-[0-9]$"
DEFAULT_TIMEOUT = 5000


# ---- noop: the floor. Reads the same variables, validates nothing. ----
class Noop:
    name = "noop"

    @staticmethod
    def load():
        return None

    @staticmethod
    def setup(_lib, spec, _contract):
        names = [v["name"] for v in spec]

        # Builds the dict (the work measured), then returns True like the other adapters.
        def from_process():
            environ = os.environ
            return {n: environ.get(n) for n in names} is not None  # noqa: F632

        def from_map(m):
            return {n: m.get(n) for n in names} is not None  # noqa: F632

        return from_process, from_map


# ---- pydantic-settings: a BaseSettings model, built with create_model from the spec. ----
class PydanticSettings:
    name = "pydantic-settings"

    @staticmethod
    def load():
        import pydantic
        import pydantic_settings

        return pydantic, pydantic_settings

    @staticmethod
    def setup(lib, spec, _contract):
        from typing import Annotated, Literal

        pydantic, ps = lib
        from pydantic import (
            AfterValidator,
            EmailStr,
            Field,
            HttpUrl,
            PostgresDsn,
            SecretStr,
            UrlConstraints,
            ValidationError,
            create_model,
        )

        def pgbouncer(url):
            if url.hosts()[0]["port"] != 6432:
                raise ValueError("must use port 6432")
            return url

        kinds = {
            "secret": (Annotated[SecretStr, Field(min_length=32)], ...),
            "https_url": (Annotated[HttpUrl, UrlConstraints(allowed_schemes=["https"])], ...),
            "postgres_url": (Annotated[PostgresDsn, AfterValidator(pgbouncer)], ...),
            "port": (Annotated[int, Field(ge=1, le=65535)], ...),
            "int_range": (Annotated[int, Field(ge=1, le=64)], ...),
            "boolean": (bool, ...),
            "enum": (Literal["debug", "info", "warn", "error"], ...),
            "email": (EmailStr, ...),
            "pattern": (Annotated[str, Field(pattern=PATTERN)], ...),
            "optional_int": (int, DEFAULT_TIMEOUT),
        }
        # Field names in lower case, as Python apps write them (matched case-insensitively).
        fields = {v["name"].lower(): kinds[v["kind"]] for v in spec}
        Settings = create_model("Settings", __base__=ps.BaseSettings, **fields)

        class MapSettings(Settings):
            @classmethod
            def settings_customise_sources(cls, settings_cls, init_settings, **_sources):
                return (init_settings,)

        def run(make):
            try:
                make()
                return True
            except ValidationError:
                return False

        return (lambda: run(Settings)), (lambda m: run(lambda: MapSettings(**m)))


# ---- environs: marshmallow fields and validators, deferred validation (eager=False). ----
class Environs:
    name = "environs"

    @staticmethod
    def load():
        import environs
        import marshmallow.validate

        return environs, marshmallow

    @staticmethod
    def setup(lib, spec, _contract):
        environs, marshmallow = lib
        from marshmallow.validate import URL, Email, Length, OneOf, Range, Regexp

        def pgbouncer(value):
            if urlsplit(value).port != 6432:
                raise marshmallow.ValidationError("must use port 6432")

        pg_url = URL(schemes={"postgres", "postgresql"}, require_tld=False)
        secret_len, port_range, workers = Length(min=32), Range(1, 65535), Range(1, 64)
        levels, email, region = OneOf(LEVELS), Email(), Regexp(re.compile(PATTERN))
        kinds = {
            "secret": lambda env, n: env.str(n, validate=secret_len),
            "https_url": lambda env, n: env.url(n, schemes={"https"}),
            "postgres_url": lambda env, n: env.str(n, validate=[pg_url, pgbouncer]),
            "port": lambda env, n: env.int(n, validate=port_range),
            "int_range": lambda env, n: env.int(n, validate=workers),
            "boolean": lambda env, n: env.bool(n),
            "enum": lambda env, n: env.str(n, validate=levels),
            "email": lambda env, n: env.str(n, validate=email),
            "pattern": lambda env, n: env.str(n, validate=region),
            "optional_int": lambda env, n: env.int(n, DEFAULT_TIMEOUT),
        }
        plan = [(kinds[v["kind"]], v["name"]) for v in spec]

        def from_process():
            env = environs.Env(eager=False)
            for parse, name in plan:
                parse(env, name)
            try:
                env.seal()
                return True
            except environs.EnvValidationError:
                return False

        return from_process, None  # environs reads os.environ only


# ---- env-contract: the package built from bindings-py (pip install ./bindings-py). ----
# One adapter per calling style: validate_env or assert_env, the contract as a path or as a dict
# (the parsed JSON), each from os.environ (no `env`: the extension reads the process environment
# natively) and from a dict. assert_env logs to the `env_contract` logger, unconfigured here.
class EnvContract:
    def __init__(self, fn, contract_style):
        self.fn, self.contract_style = fn, contract_style
        self.name = f"env-contract {fn} {contract_style}"
        self.style = {"fn": fn, "contract": contract_style}

    @staticmethod
    def load():
        return importlib.import_module("env_contract")

    def setup(self, lib, _spec, contract_path):
        if self.contract_style == "path":
            contract = contract_path
        else:
            import json

            with open(contract_path, encoding="utf-8") as f:
                contract = json.load(f)
        if self.fn == "validate_env":
            validate_env = lib.validate_env
            return (lambda: validate_env(contract).ok), (lambda m: validate_env(contract, env=m).ok)
        assert_env, invalid = lib.assert_env, lib.EnvContractError

        def run(**kw):
            try:
                assert_env(contract, **kw)
                return True
            except invalid:
                return False

        return (lambda: run()), (lambda m: run(env=m))


EC_STYLES = [EnvContract(fn, c) for fn in ("validate_env", "assert_env") for c in ("path", "dict")]
ADAPTERS = [Noop, PydanticSettings, Environs, *EC_STYLES]
PEERS = ["pydantic-settings", "environs"]
BY_NAME = {a.name: a for a in ADAPTERS}
