"""The plain `assert_env` usage quoted in docs/python.md (no FastAPI needed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[1]


def test_assert_env_at_startup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "env.contract.json").write_text((APP_DIR / "env.contract.json").read_text())
    (tmp_path / ".env").write_text("DATABASE_URL=postgres://app:local@127.0.0.1:6432/app\nDEBUG=yes\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SESSION_SECRET", os.urandom(24).hex())
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("APP_ENV", raising=False)

    # [docs:start assert-env]
    from env_contract import EnvContractError, assert_env

    try:
        env = assert_env("env.contract.json", env_files=[".env"])  # .env under the real environment
    except EnvContractError as e:
        raise SystemExit(f"refusing to start: {e}")  # every problem, one per line, no values

    workers: int = env["WEB_CONCURRENCY"]  # typed: 1 (the default)
    debug: bool = env["DEBUG"]  # True, from "yes"
    origins: list[str] = env["ALLOWED_ORIGINS"]  # [] (the default)
    # [docs:end assert-env]

    assert (workers, debug, origins) == (1, True, [])

    monkeypatch.setenv("DATABASE_URL", "postgres://app:x@db:5432/app")
    with pytest.raises(SystemExit, match=r"\[FAIL\] DATABASE_URL url-port: "):
        try:
            env = assert_env("env.contract.json", env_files=[".env"])
        except EnvContractError as e:
            raise SystemExit(f"refusing to start: {e}")
