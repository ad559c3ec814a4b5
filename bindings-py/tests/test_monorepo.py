"""examples/monorepo: an API whose contract takes its DATABASE_URL from the shared one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, random_alnum

from env_contract import ContractError, EnvContractError, assert_env, validate_env

MONOREPO = REPO / "examples" / "monorepo"
API = MONOREPO / "apps" / "api" / "env.contract.json"


def test_a_path_follows_the_ref_into_the_shared_contract() -> None:
    env = assert_env(API, env={"DATABASE_URL": f"postgres://api:{random_alnum(16)}@db.internal:6432/app"})
    assert (env["LOG_LEVEL"], env["WEB_CONCURRENCY"]) == ("info", 2)
    with pytest.raises(EnvContractError) as info:
        assert_env(API, env={"DATABASE_URL": f"postgres://api:{random_alnum(16)}@db.internal:5432/app"})
    assert [(p.var, p.code) for p in info.value.report.problems] == [("DATABASE_URL", "url-port")]


def test_the_web_contract_takes_in_the_shared_one() -> None:
    report = validate_env(MONOREPO / "apps" / "web" / "env.contract.json", env={}, environment="production")
    missing = sorted(p.var or "" for p in report.problems if p.code == "missing")
    assert missing == ["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL", "REDIS_URL", "STRIPE_SECRET_KEY"]


def test_a_mapping_that_takes_in_files_is_refused_naming_the_way_out() -> None:
    contract = json.loads(API.read_text())
    with pytest.raises(ContractError) as info:
        validate_env(contract, env={})
    assert info.value.kind == "ref"
    assert info.value.location.pointer == "/properties/DATABASE_URL/$ref"
    assert "docs --format contract" in str(info.value)


def test_editing_the_shared_contract_is_seen_at_the_next_check(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "app").mkdir()
    shared = tmp_path / "shared" / "env.contract.json"
    shared.write_text(json.dumps({"type": "object", "properties": {"A": {"type": "integer"}}}))
    top = tmp_path / "app" / "env.contract.json"
    top.write_text(json.dumps({"type": "object", "x-root": "..", "x-extends": "../shared/env.contract.json"}))
    assert validate_env(top, env={"A": "x"}).problems[0].code == "type"
    shared.write_text(json.dumps({"type": "object", "properties": {"A": {"type": "string"}}}))
    assert validate_env(top, env={"A": "x"}).ok
