"""An example FastAPI service that refuses to start on a bad environment.

Run it:  uvicorn app.main:app            (from examples/fastapi/)
Several workers:  python -m env_contract run --contract env.contract.json -- uvicorn app.main:app --workers 2
Types:   env-contract docs --contract env.contract.json --format python --out app/env_types.py
"""

# [docs:start fastapi-app]
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request

from env_contract.fastapi import app_env, env_contract_lifespan, readiness_router

from .env_types import Env  # generated from the contract: typed keys

CONTRACT = Path(__file__).resolve().parent.parent / "env.contract.json"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The app's own startup: runs only once the environment has passed the contract.
    env = app_env(app, Env)  # typed values: env["WEB_CONCURRENCY"] is an int
    app.state.db_pool = f"pool of {env['WEB_CONCURRENCY'] * 5} connections"  # e.g. open a pool here
    yield


app = FastAPI(lifespan=env_contract_lifespan(CONTRACT, lifespan=lifespan))
app.include_router(readiness_router(CONTRACT))  # GET /health/ready
# [docs:end fastapi-app]


@app.get("/")
async def root(request: Request) -> dict[str, object]:
    env = app_env(request.app, Env)
    return {"service": "fastapi-example", "debug": env["DEBUG"], "origins": env["ALLOWED_ORIGINS"]}
