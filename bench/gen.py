#!/usr/bin/env python3
"""The benchmark's one workload generator, used by every adapter (Node and Python).

For each N it writes into the work directory (default bench/work/, gitignored):

  spec-N.json          the variables as neutral data: [{name, kind}], read by the peer adapters,
                       which express each kind in their own schema language
  contract-N.json      the same variables as an env.contract.json
  env-N-valid.json     a valid environment (JSON object of strings)
  env-N-invalid.json   the same with ~5 % invalid values (one in every block of 20 variables,
                       cycling through the kinds, so every kind gets an invalid value)
  cli/NNNN.env         (N = 100 only) dotenv files for the CLI throughput run, all valid

Secret values are generated here, at run time, with `secrets`: nothing generated is committed.

  python3 bench/gen.py [--out DIR] [--sizes 15,100,1000,10000] [--cli-files 1000]
"""

from __future__ import annotations

import argparse
import json
import secrets
from pathlib import Path

# The kinds, cycled by index (i % 10). The same list is mirrored by every adapter.
KINDS = [
    "secret",  # string >= 32 chars, x-secret
    "https_url",  # an https URL, sent to the browser (NEXT_PUBLIC_: what a Next.js app has)
    "postgres_url",  # postgres://... on port 6432 (PgBouncer), x-secret
    "port",  # integer 1..65535
    "int_range",  # integer 1..64
    "boolean",
    "enum",  # debug | info | warn | error
    "email",
    "pattern",  # ^[a-z]{2}-[a-z]+-[0-9]$ (a cloud region)
    "optional_int",  # integer, optional, default 5000 (absent from the valid env)
]
PREFIX = {
    "secret": "SESSION_SECRET",
    "https_url": "NEXT_PUBLIC_API_URL",
    "postgres_url": "DATABASE_URL",
    "port": "PORT",
    "int_range": "WORKERS",
    "boolean": "FEATURE_ENABLED",
    "enum": "LOG_LEVEL",
    "email": "ADMIN_EMAIL",
    "pattern": "REGION",
    "optional_int": "TIMEOUT_MS",
}
LEVELS = ["debug", "info", "warn", "error"]
PATTERN = "^[a-z]{2}-[a-z]+-[0-9]$"
REGIONS = ["eu-west-1", "us-east-2", "ap-south-1", "eu-central-1"]
BOOLS = ["true", "false"]  # the words every peer accepts (Ajv coerces only these two)
DEFAULT_TIMEOUT = 5000

CONTRACT_SCHEMA = {
    "secret": {"type": "string", "minLength": 32, "x-secret": True},
    "https_url": {"type": "string", "format": "uri", "x-url": {"schemes": ["https"]}},
    "postgres_url": {
        "type": "string",
        "x-secret": True,
        "x-url": {"schemes": ["postgres", "postgresql"], "port": 6432},
    },
    "port": {"$ref": "env-contract:port"},
    "int_range": {"type": "integer", "minimum": 1, "maximum": 64},
    "boolean": {"type": "boolean"},
    "enum": {"enum": LEVELS},
    "email": {"type": "string", "format": "email"},
    "pattern": {"type": "string", "pattern": PATTERN},
    "optional_int": {"type": "integer", "default": DEFAULT_TIMEOUT},
}


def kind_of(i: int) -> str:
    return KINDS[i % len(KINDS)]


def valid_value(kind: str, i: int) -> str | None:
    if kind == "secret":
        return secrets.token_urlsafe(36)  # 48 characters
    if kind == "https_url":
        return f"https://api{i}.acme.io/v1"
    if kind == "postgres_url":
        return f"postgres://app:{secrets.token_hex(12)}@db{i}.internal:6432/app"
    if kind == "port":
        return str(1024 + (i * 7919) % 60000)
    if kind == "int_range":
        return str(1 + i % 64)
    if kind == "boolean":
        return BOOLS[i % len(BOOLS)]
    if kind == "enum":
        return LEVELS[i % len(LEVELS)]
    if kind == "email":
        return f"ops{i}@acme.io"
    if kind == "pattern":
        return REGIONS[i % len(REGIONS)]
    if kind == "optional_int":
        return None  # not set: the default applies
    raise AssertionError(kind)


def invalid_value(kind: str, i: int) -> str:
    return {
        "secret": secrets.token_hex(8),  # 16 characters: too short
        "https_url": f"http://api{i}.acme.io/v1",  # wrong scheme
        "postgres_url": f"postgres://app:{secrets.token_hex(12)}@db{i}.internal:5432/app",  # not PgBouncer
        "port": "70000",
        "int_range": "0",
        "boolean": "maybe",
        "enum": "verbose",
        "email": f"ops{i}.acme.io",
        "pattern": "EU_WEST_1",
        "optional_int": "soon",
    }[kind]


def invalid_indices(n: int) -> list[int]:
    """One variable in each block of 20 (~5 %), cycling through the kinds block by block."""
    return [b * 20 + b % 10 for b in range((n + 19) // 20) if b * 20 + b % 10 < n]


def generate(n: int, out: Path) -> None:
    spec, props, required, env = [], {}, [], {}
    for i in range(n):
        kind = kind_of(i)
        name = f"{PREFIX[kind]}_{i}"
        spec.append({"name": name, "kind": kind})
        props[name] = CONTRACT_SCHEMA[kind]
        if kind != "optional_int":
            required.append(name)
        value = valid_value(kind, i)
        if value is not None:
            env[name] = value
    contract = {
        "title": f"bench-{n}",
        "type": "object",
        "properties": props,
        "required": required,
    }
    bad = dict(env)
    for i in invalid_indices(n):
        bad[spec[i]["name"]] = invalid_value(spec[i]["kind"], i)
    (out / f"spec-{n}.json").write_text(json.dumps(spec))
    (out / f"contract-{n}.json").write_text(json.dumps(contract, indent=1))
    (out / f"env-{n}-valid.json").write_text(json.dumps(env))
    (out / f"env-{n}-invalid.json").write_text(json.dumps(bad))


def dotenv_files(n: int, count: int, out: Path) -> None:
    cli = out / "cli"
    cli.mkdir(exist_ok=True)
    for old in cli.glob("*.env"):
        old.unlink()
    for f in range(count):
        lines = []
        for i in range(n):
            value = valid_value(kind_of(i), i + f * n)
            if value is not None:
                lines.append(f"{PREFIX[kind_of(i)]}_{i}={value}")
        (cli / f"{f:04d}.env").write_text("\n".join(lines) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "work"))
    ap.add_argument("--sizes", default="15,100,1000,10000")
    ap.add_argument("--cli-files", type=int, default=1000)
    ap.add_argument("--cli-n", type=int, default=100)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for n in (int(s) for s in args.sizes.split(",")):
        generate(n, out)
    if args.cli_files:
        dotenv_files(args.cli_n, args.cli_files, out)


if __name__ == "__main__":
    main()
