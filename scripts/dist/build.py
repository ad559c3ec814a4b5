#!/usr/bin/env python3
"""The release build (docs/release.md). For every platform of bindings-node/platforms.json it
writes what a release uploads:

  dist/npm/env-contract-<key>-<version>.tgz     the npm platform package (os/cpu/libc fields)
  dist/npm/env-contract-<version>.tgz           the main npm package (optionalDependencies)
  dist/wheels/env_contract-<version>-cp310-abi3-<tag>.whl, and the sdist
  dist/cli/env-contract-<version>-<target>.tar.gz (.zip on Windows)
  dist/SHA256SUMS

  scripts/dist/build.py [--platform KEY]... [--only npm,wheel,cli] [--out DIR]

Needs the tools of scripts/dist/tools.sh on PATH (`make dist` does both). Builds use the `dist`
Cargo profile, in $CARGO_TARGET_DIR (default target/).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NODE = REPO / "bindings-node"
PLATFORMS = json.loads((NODE / "platforms.json").read_text())["platforms"]
KINDS = ("npm", "wheel", "cli")

# The oldest OS each build promises (docs/release.md). glibc 2.17 is manylinux2014's floor.
GLIBC_FLOOR = "2.17"
MACOS_FLOOR = {"x86_64-apple-darwin": "10.12", "aarch64-apple-darwin": "11.0"}


def log(msg: str) -> None:
    print(f"dist: {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = REPO) -> None:
    log("$ " + " ".join(cmd))
    started = time.monotonic()
    subprocess.run(cmd, check=True, cwd=cwd, env={**os.environ, **(env or {})})
    log(f"  {time.monotonic() - started:.0f} s")


def version() -> str:
    pkg = json.loads((NODE / "package.json").read_text())["version"]
    for line in (REPO / "Cargo.toml").read_text().splitlines():
        if line.startswith("version = "):
            cargo = line.split('"')[1]
            break
    else:
        raise SystemExit("dist: no workspace version in Cargo.toml")
    if pkg != cargo:
        raise SystemExit(f"dist: bindings-node/package.json is {pkg} but Cargo.toml is {cargo}")
    return cargo


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


def env_var_triple(triple: str) -> str:
    return triple.upper().replace("-", "_")


def link_env(triple: str) -> dict[str, str]:
    """What the link of `triple` needs besides cargo-zigbuild's own settings."""
    env: dict[str, str] = {}
    if triple in MACOS_FLOOR:
        env["MACOSX_DEPLOYMENT_TARGET"] = MACOS_FLOOR[triple]
    if triple.endswith("windows-gnu"):
        # napi's build script insists on a MinGW libnode.dll to link against; the addon
        # imports nothing from it (the N-API functions are looked up in node.exe at load,
        # napi's dyn-symbols), so an empty archive stands in. `artifacts.py` checks the imports.
        stub = target_dir() / "libnode-stub"
        stub.mkdir(parents=True, exist_ok=True)
        if not (stub / "libnode.a").exists():
            subprocess.run(["ar", "rcs", str(stub / "libnode.a")], check=True)
        (stub / "libnode.dll").touch()
        env["LIBNODE_PATH"] = str(stub)
    return env


def cargo(triple: str, package: str, *, static: bool = True, glibc: bool = False, tdir: Path | None = None) -> Path:
    """Builds `package` for `triple` with the dist profile; returns the profile's output dir."""
    tdir = tdir or target_dir()
    env = {"CARGO_TARGET_DIR": str(tdir), **link_env(triple)}
    if triple.endswith("musl") and not static:
        # A musl shared library (the Node addon) links the C runtime dynamically.
        env[f"CARGO_TARGET_{env_var_triple(triple)}_RUSTFLAGS"] = "-C target-feature=-crt-static"
    windows = triple.endswith("windows-gnu")
    spec = f"{triple}.{GLIBC_FLOOR}" if glibc else triple
    cmd = ["cargo", "build" if windows else "zigbuild", "--locked", "--profile", "dist", "-p", package, "--target", spec]
    run(cmd, env)
    return tdir / triple / "dist"


def node_addon(p: dict, out: Path) -> Path:
    triple = p["target"]
    built = cargo(triple, "env-contract-node", static=False, glibc=p["libc"] == "glibc")
    name = {"linux": "libenv_contract_node.so", "darwin": "libenv_contract_node.dylib", "win32": "env_contract_node.dll"}[p["os"]]
    dest = out / f"env-contract.{p['key']}.node"
    shutil.copyfile(built / name, dest)
    return dest


def npm_pack(directory: Path, dest: Path) -> Path:
    proc = subprocess.run(
        ["npm", "pack", "--json", "--pack-destination", str(dest)],
        cwd=directory, check=True, capture_output=True, text=True,
    )
    return dest / json.loads(proc.stdout)[0]["filename"]


def base_manifest(v: str) -> dict:
    pkg = json.loads((NODE / "package.json").read_text())
    return {k: pkg[k] for k in ("version", "license", "repository", "engines")} | {"version": v}


def platform_package(p: dict, v: str, out: Path) -> Path:
    stage = out / "stage" / f"env-contract-{p['key']}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    addon = node_addon(p, stage)
    manifest = {
        "name": f"env-contract-{p['key']}",
        **base_manifest(v),
        "description": f"The {p['key']} binary of env-contract (installed by env-contract itself)",
        "main": addon.name,
        "files": [addon.name],
        "os": [p["os"]],
        "cpu": [p["cpu"]],
    }
    if p["libc"]:
        manifest["libc"] = [p["libc"]]
    (stage / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (stage / "README.md").write_text(
        f"# env-contract-{p['key']}\n\nThe `{p['key']}` native binary of "
        "[env-contract](https://www.npmjs.com/package/env-contract). Install `env-contract`, "
        "not this package: npm picks the binary that fits the machine.\n"
    )
    shutil.copyfile(REPO / "LICENSE", stage / "LICENSE")
    return npm_pack(stage, out)


def main_package(v: str, out: Path) -> Path:
    """The main package: the JS API and the WebAssembly build (the Edge, Worker and browser
    entries, and the fallback where no platform package fits), the platform packages as
    optional deps."""
    run(["node", "scripts/copy-schema.js"], cwd=NODE)
    run(["node", "scripts/build-esm.js"], cwd=NODE)  # index.mjs, the ESM entry
    # env-contract.wasm and wasm-inline.mjs, listed in package.json's "files".
    run(["scripts/build-wasm.sh"], {"CARGO_TARGET_DIR": str(target_dir())})
    pkg = json.loads((NODE / "package.json").read_text())
    stage = out / "stage" / "env-contract"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    files = [f for f in pkg["files"] if not f.endswith(".node")]
    for f in files:
        src = NODE / f
        (stage / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, stage / f)
    for f in ("README.md",):
        shutil.copyfile(REPO / f, stage / f)
    shutil.copyfile(REPO / "LICENSE", stage / "LICENSE")
    for k in ("scripts", "devDependencies", "napi"):
        pkg.pop(k, None)
    pkg["files"] = files
    pkg["optionalDependencies"] = {f"env-contract-{p['key']}": v for p in PLATFORMS}
    (stage / "package.json").write_text(json.dumps(pkg, indent=2) + "\n")
    return npm_pack(stage, out)


def wheel(p: dict, out: Path) -> None:
    triple = p["target"]
    cmd = ["maturin", "build", "--locked", "--profile", "dist", "-m", "bindings-py/Cargo.toml",
           "--target", triple, "--out", str(out)]
    if p["os"] == "linux":
        compat = "manylinux2014" if p["libc"] == "glibc" else "musllinux_1_2"
        cmd += ["--zig", "--compatibility", compat]
    elif p["os"] == "darwin":
        cmd += ["--zig"]
    env = {"CARGO_TARGET_DIR": str(target_dir()), **link_env(triple)}
    run(cmd, env)


def sdist(out: Path) -> None:
    run(["maturin", "sdist", "-m", "bindings-py/Cargo.toml", "--out", str(out)])


def cli_archive(p: dict, v: str, out: Path) -> Path:
    triple = p["cliTarget"]
    # The static musl CLI and the dynamic musl addon differ in RUSTFLAGS: separate dirs keep
    # both cached.
    built = cargo(triple, "env-contract-cli", static=True, tdir=target_dir() / "static")
    exe = "env-contract.exe" if p["os"] == "win32" else "env-contract"
    name = f"env-contract-{v}-{triple}"
    if p["os"] == "win32":
        dest = out / f"{name}.zip"
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(built / exe, f"{name}/{exe}")
            z.write(REPO / "LICENSE", f"{name}/LICENSE")
    else:
        dest = out / f"{name}.tar.gz"

        def executable(info: tarfile.TarInfo) -> tarfile.TarInfo:
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            return info

        with tarfile.open(dest, "w:gz") as t:
            t.add(built / exe, f"{name}/{exe}", filter=executable)
            t.add(REPO / "LICENSE", f"{name}/LICENSE", filter=executable)
    return dest


def checksums(out: Path) -> None:
    lines = []
    for f in sorted(out.rglob("*")):
        if f.is_file() and f.suffix in {".tgz", ".whl", ".gz", ".zip"} and "stage" not in f.parts:
            lines.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.relative_to(out)}")
    (out / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--platform", action="append", choices=[p["key"] for p in PLATFORMS],
                    help="build only these platforms (default: all)")
    ap.add_argument("--only", default=",".join(KINDS), help="npm,wheel,cli (default: all three)")
    ap.add_argument("--out", type=Path, default=REPO / "dist")
    args = ap.parse_args()
    kinds = set(args.only.split(","))
    if not kinds <= set(KINDS):
        ap.error(f"--only takes {', '.join(KINDS)}")
    chosen = [p for p in PLATFORMS if not args.platform or p["key"] in args.platform]
    v = version()
    out = args.out.resolve()
    for d in ("npm", "wheels", "cli"):
        (out / d).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if "npm" in kinds:
        log(f"main package: {main_package(v, out / 'npm').name}")
    archived: set[str] = set()
    for p in chosen:
        log(f"== {p['key']}")
        if "npm" in kinds:
            log(f"npm package: {platform_package(p, v, out / 'npm').name}")
        if "wheel" in kinds:
            wheel(p, out / "wheels")
        if "cli" in kinds and p["cliTarget"] not in archived:
            archived.add(p["cliTarget"])
            log(f"cli: {cli_archive(p, v, out / 'cli').name}")
    if "wheel" in kinds:
        sdist(out / "wheels")
    shutil.rmtree(out / "npm" / "stage", ignore_errors=True)
    checksums(out)
    log(f"done in {time.monotonic() - started:.0f} s: {out}")


if __name__ == "__main__":
    main()
