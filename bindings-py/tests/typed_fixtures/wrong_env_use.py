"""A fixture that must NOT type-check: test_typing.py expects exactly the errors marked here."""

from app.env_types import Env
from env_contract import assert_env

env = assert_env("env.contract.json", typed=Env)
workers: str = env["WEB_CONCURRENCY"]  # error: an int is not a str
level: int = env["LOG_LEVEL"]  # error: a Literal of strings is not an int
typo = env["DATABSE_URL"]  # error: not a key of Env
