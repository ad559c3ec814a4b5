"""A fixture that type-checks without a cast: the values of `assert_env(typed=Env)`."""

from app.env_types import Env
from env_contract import assert_env

env: Env = assert_env("env.contract.json", typed=Env)
workers: int = env["WEB_CONCURRENCY"]
debug: bool = env["DEBUG"]
origins: list[str] = env["ALLOWED_ORIGINS"]
url: str = env["DATABASE_URL"]
level: str = env["LOG_LEVEL"]
optional: str | None = env.get("OPENAI_API_KEY")
