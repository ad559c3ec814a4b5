"""FastAPI helpers: check the environment in the lifespan, report it on `/health/ready`.

    from env_contract.fastapi import env_contract_lifespan, readiness_router

    app = FastAPI(lifespan=env_contract_lifespan("env.contract.json", lifespan=my_lifespan))
    app.include_router(readiness_router("env.contract.json"))

FastAPI is imported here only, so the package itself does not depend on it
(`pip install "env-contract[fastapi]"` brings it).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, overload

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse

from . import (
    ContractError,
    ContractSource,
    EnvContractError,
    EnvFiles,
    EnvT,
    LogFormat,
    Report,
    _check,
    _native,
    log_skip,
    logger,
)

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[Any]]

__all__ = ["app_env", "env_contract_lifespan", "readiness", "readiness_router"]


def env_contract_lifespan(
    contract: ContractSource = "env.contract.json",
    *,
    lifespan: Lifespan | None = None,
    environment: str | None = None,
    env_files: EnvFiles | None = None,
    log: logging.Logger | None = None,
    log_format: LogFormat | None = None,
) -> Lifespan:
    """A lifespan that checks the environment before the app serves.

    It logs the startup lines of `assert_env` (what was checked, then one line per problem) to
    `log` (default: the `env_contract` logger). On errors it raises `EnvContractError`:
    Starlette reports a failed startup and uvicorn (single worker) exits with status 3 without
    ever serving. On success the typed values are in `app.state.env_contract` and `lifespan`
    (the app's own, if any) runs inside it; its state, if it yields one, is passed through.
    """
    log = log or logger()

    @asynccontextmanager
    async def _lifespan(app: FastAPI) -> AsyncIterator[Any]:
        report, values, skip_notice = _check(
            contract, environment, None, env_files, "runtime", log_to=log, log_format=log_format, report=False
        )
        if skip_notice:
            log_skip(skip_notice, log)
        elif report is not None and not report.ok:
            raise EnvContractError(report)
        # Prints the secret values masked, like what `assert_env` returns.
        app.state.env_contract = values
        if lifespan is None:
            yield None
        else:
            async with lifespan(app) as state:
                yield state

    return _lifespan


@overload
def app_env(app: FastAPI, typed: type[EnvT]) -> EnvT: ...
@overload
def app_env(app: FastAPI, typed: None = ...) -> Mapping[str, Any]: ...
def app_env(app: FastAPI, typed: type[Any] | None = None) -> Any:
    """The values `env_contract_lifespan` checked, typed as `typed` (the `Env` of `env-contract
    docs --format python`) for type checkers: `app_env(request.app, Env)["PORT"]` is an `int`.
    `app.state.env_contract` holds the same mapping, untyped. Raises `RuntimeError` when the
    app has not started through `env_contract_lifespan`."""
    try:
        return app.state.env_contract
    except AttributeError:
        raise RuntimeError(
            "app.state.env_contract is not set: the app did not start with env_contract_lifespan"
        ) from None


def readiness(report: Report, *, skipped: bool = False) -> tuple[int, dict[str, Any]]:
    """(status code, body) of the readiness endpoint for a report: 200 `ok`, 200 `degraded`
    (warnings only, or `skipped`), 503 `error`. The body has problem codes and variable names,
    never values or messages (a health endpoint is often public). Core decides (`ready.rs`),
    as for the Next.js route handler `env-contract/next/ready`."""
    status, body = _native.readiness(json.dumps(report.to_dict()), skipped)
    return status, json.loads(body)


def readiness_router(
    contract: ContractSource = "env.contract.json",
    *,
    environment: str | None = None,
    env_files: EnvFiles | None = None,
    path: str = "/health/ready",
) -> APIRouter:
    """A router with `GET /health/ready` that checks the live environment on each request (the
    compiled contract is cached; a check takes well under a millisecond)."""
    router = APIRouter()

    @router.get(path, tags=["health"], summary="Readiness: the environment meets the contract")
    async def ready() -> JSONResponse:
        try:
            report, _, skip_notice = _check(contract, environment, None, env_files, "runtime")
        except ContractError as e:
            status, text = _native.contract_readiness(e.kind)
            return JSONResponse(json.loads(text), status_code=status)
        assert report is not None  # asked for: never None
        status, body = readiness(report, skipped=bool(skip_notice))
        return JSONResponse(body, status_code=status)

    return router
