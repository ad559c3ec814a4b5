# Generated from the contract "fastapi-example" by `env-contract docs --format python`. Do not edit by hand:
# regenerate with `env-contract docs --format python --out PATH`, and add `--check` in CI to fail
# when this file is stale. Formatters leave it as generated, so that check stays exact:
# fmt: off
"""The typed environment: `env = assert_env("env.contract.json", typed=Env)`."""

from typing import Literal, TypedDict

__all__ = ["Env"]


class _EnvRequired(TypedDict):
    """The keys every successful check returns."""

    ALLOWED_ORIGINS: list[str]
    """CORS origins, comma-separated.
    Default: [].
    """
    DATABASE_URL: str
    """Postgres through PgBouncer (port 6432), never Postgres' own 5432.
    Secret: never log it.
    """
    DEBUG: bool
    """Default: False."""
    LOG_LEVEL: Literal["trace", "debug", "info", "warn", "warning", "error", "critical", "fatal", "silent", "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL", "SILENT"]
    """Default: "info"."""
    SESSION_SECRET: str
    """Signs session cookies. Generate: openssl rand -base64 32
    Secret: never log it.
    """
    WEB_CONCURRENCY: int
    """Default: 1."""


class Env(_EnvRequired, total=False):
    """The typed, coerced environment, defaults filled in (a read-only mapping)."""

    OPENAI_API_KEY: str
    """Optional provider: summaries.
    Secret: never log it.
    """
