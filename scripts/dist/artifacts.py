#!/usr/bin/env python3
"""Checks the structure of what `scripts/dist/build.py` wrote, for every platform, whether or
not this machine can run it (docs/release.md):

- each npm platform package: name, os/cpu/libc fields, its one binary, packed size;
- the main npm package: no binary, every platform package as an optional dependency;
- each wheel: its tags, the extension module inside; the sdist; `twine check`;
- each CLI archive: the executable inside;
- each binary: the machine, the exported entry point (napi_register_module_v1 / PyInit__native),
  the libraries it needs (nothing a fresh machine lacks), the glibc symbol versions (at most
  2.17) on gnu Linux, static linking for the Linux CLI, a valid ad-hoc code signature and the
  macOS floor on darwin, no MinGW runtime or libnode.dll import on Windows.

  scripts/dist/artifacts.py [DIST] [--platform KEY]... [--only npm,wheel,cli] [--json]

Prints one line per artifact and exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLATFORMS = json.loads((REPO / "bindings-node" / "platforms.json").read_text())["platforms"]

GLIBC_FLOOR = (2, 17)
MACOS_FLOOR = {"x64": (10, 12), "arm64": (11, 0)}
# Bytes per packed platform package. The goal is 2 MB (docs/release.md: reached on none of the
# platforms yet, 2.02 MB on linux x64); this ceiling catches a regression, e.g. a build that
# lost the dist profile (3.2 MB at opt-level 3, 4.2 MB unstripped).
NPM_PACKED_LIMIT = 2_500_000
NPM_PACKED_GOAL = 2_000_000
ELF_MACHINE = {"x64": "Advanced Micro Devices X86-64", "arm64": "AArch64"}
ENTRY = {"node": "napi_register_module_v1", "py": "PyInit__native", "cli": None}
# What a gnu binary may need: glibc's own libraries and libgcc's unwinder (part of every glibc
# system's base).
GNU_LIBS = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libgcc_s.so.1",
            "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}
MUSL_LIBS = {"libc.so", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"}
# Windows DLLs every Windows 10+ has; a MinGW runtime DLL (libgcc_s_seh-1, libwinpthread-1,
# libstdc++-6) or libnode.dll would fail to load on a user's machine.
WINDOWS_DLLS = re.compile(r"^(kernel32|msvcrt|ntdll|bcryptprimitives|advapi32|ws2_32|userenv|ole32|shell32|user32|api-ms-win-[a-z0-9-]+)\.dll$", re.I)


class Failure(Exception):
    pass


def tool(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


# ---------------------------------------------------------------- ELF (through binutils' readelf)


def check_elf(data: bytes, p: dict, kind: str) -> list[str]:
    notes = []
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        header = tool("readelf", "-h", f.name)
        machine = re.search(r"Machine:\s+(.+)", header).group(1).strip()
        if machine != ELF_MACHINE[p["cpu"]]:
            raise Failure(f"machine is {machine}, want {ELF_MACHINE[p['cpu']]}")
        dynamic = tool("readelf", "-d", "-W", f.name)
        needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
        interp = "Requesting program interpreter" in tool("readelf", "-l", "-W", f.name)
        versions = tool("readelf", "-V", "-W", f.name)
        glibc = sorted({tuple(int(x) for x in v.split(".")) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", versions)})
        syms = tool("readelf", "--dyn-syms", "-W", f.name)
    if kind == "cli":
        if needed or interp:
            raise Failure(f"the CLI is not static: interpreter={interp}, needs {sorted(needed)}")
        notes.append("static")
        return notes
    entry = ENTRY[kind]
    if not re.search(rf"\sFUNC\s+GLOBAL\s+DEFAULT\s+\d+\s+{entry}$", syms, re.M):
        raise Failure(f"{entry} is not exported")
    if p["libc"] == "glibc":
        if glibc and glibc[-1] > GLIBC_FLOOR:
            raise Failure(f"needs GLIBC_{'.'.join(map(str, glibc[-1]))}, above the {'.'.join(map(str, GLIBC_FLOOR))} floor")
        extra = needed - GNU_LIBS
        notes.append(f"glibc <= {'.'.join(map(str, glibc[-1])) if glibc else 'none'}")
    else:
        if glibc:
            raise Failure("a musl binary refers to glibc symbol versions")
        extra = needed - MUSL_LIBS
        notes.append("musl")
    if extra:
        raise Failure(f"needs libraries a fresh machine may lack: {sorted(extra)}")
    notes.append(f"needs {', '.join(sorted(needed))}")
    return notes


# ---------------------------------------------------------------- PE (through objdump)


def check_pe(data: bytes, p: dict, kind: str) -> list[str]:
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        out = tool("objdump", "-p", f.name)
    if "file format pei-x86-64" not in out:
        raise Failure("not a PE32+ x86-64 image")
    dlls = sorted(set(re.findall(r"DLL Name: (\S+)", out)), key=str.lower)
    allowed = {"py": {"python3.dll"}}.get(kind, set())
    bad = [d for d in dlls if not WINDOWS_DLLS.match(d) and d.lower() not in allowed]
    if bad:
        raise Failure(f"imports DLLs a Windows machine may lack: {bad}")
    if kind == "py" and "python3.dll" not in {d.lower() for d in dlls}:
        raise Failure("the extension does not import python3.dll (not abi3)")
    entry = ENTRY[kind]
    if entry and not re.search(rf"\[\s*\d+\]\s+{entry}$", out, re.M):
        raise Failure(f"{entry} is not exported")
    return [f"imports {', '.join(dlls)}"]


# ---------------------------------------------------------------- Mach-O (parsed here)

MH_MAGIC_64 = 0xFEEDFACF
CPU = {0x01000007: "x64", 0x0100000C: "arm64"}
LC_SYMTAB, LC_LOAD_DYLIB, LC_CODE_SIGNATURE = 0x2, 0xC, 0x1D
LC_BUILD_VERSION, LC_VERSION_MIN_MACOSX = 0x32, 0x24
CS_SUPERBLOB, CS_CODEDIRECTORY = 0xFADE0CC0, 0xFADE0C02
CS_ADHOC, CS_LINKER_SIGNED = 0x2, 0x20000
HASHES = {1: "sha1", 2: "sha256"}


def macho_signature(data: bytes, dataoff: int, size: int) -> str:
    """Verifies the code signature's page hashes against the file; returns a description."""
    magic, _length, count = struct.unpack_from(">III", data, dataoff)
    if magic != CS_SUPERBLOB:
        raise Failure("the code signature is not a SuperBlob")
    for i in range(count):
        _slot, off = struct.unpack_from(">II", data, dataoff + 12 + 8 * i)
        cd = dataoff + off
        if struct.unpack_from(">I", data, cd)[0] != CS_CODEDIRECTORY:
            continue
        (_m, _l, _version, flags, hash_off, _ident, _n_special, n_code, code_limit,
         hash_size, hash_type, _platform, page_log2) = struct.unpack_from(">IIIIIIIIIBBBB", data, cd)
        if hash_type not in HASHES:
            raise Failure(f"unknown code signature hash type {hash_type}")
        page = 1 << page_log2
        for slot in range(n_code):
            start = slot * page
            chunk = data[start:min(start + page, code_limit)]
            want = data[cd + hash_off + slot * hash_size: cd + hash_off + (slot + 1) * hash_size]
            if hashlib.new(HASHES[hash_type], chunk).digest()[:hash_size] != want:
                raise Failure(f"code signature page {slot} does not match the file (signature invalid)")
        kind = "linker-signed ad-hoc" if flags & CS_LINKER_SIGNED else "ad-hoc" if flags & CS_ADHOC else "signed"
        return f"{kind} signature valid ({n_code} pages, {HASHES[hash_type]})"
    raise Failure("the code signature has no CodeDirectory")


def check_macho(data: bytes, p: dict, kind: str) -> list[str]:
    magic, cputype, _sub, filetype, ncmds, _size, _flags, _res = struct.unpack_from("<IiiIIIII", data, 0)
    if magic != MH_MAGIC_64:
        raise Failure("not a 64-bit Mach-O file")
    if CPU.get(cputype & 0xFFFFFFFF) != p["cpu"]:
        raise Failure(f"CPU type {cputype:#x} is not {p['cpu']}")
    off = 32
    symbols: set[str] = set()
    dylibs: list[str] = []
    signature = None
    minos = None
    for _ in range(ncmds):
        cmd, cmdsize = struct.unpack_from("<II", data, off)
        if cmd == LC_SYMTAB:
            symoff, nsyms, stroff, _strsize = struct.unpack_from("<IIII", data, off + 8)
            for i in range(nsyms):
                strx, ntype, _sect, _desc, _value = struct.unpack_from("<IBBHQ", data, symoff + 16 * i)
                if ntype & 0x01 and ntype & 0x0E == 0x0E:  # N_EXT and N_SECT: defined, exported
                    end = data.index(b"\0", stroff + strx)
                    symbols.add(data[stroff + strx:end].decode())
        elif cmd == LC_LOAD_DYLIB:
            name_off = struct.unpack_from("<I", data, off + 8)[0]
            dylibs.append(data[off + name_off:data.index(b"\0", off + name_off)].decode())
        elif cmd == LC_CODE_SIGNATURE:
            signature = struct.unpack_from("<II", data, off + 8)
        elif cmd == LC_BUILD_VERSION:
            v = struct.unpack_from("<I", data, off + 12)[0]
            minos = (v >> 16, (v >> 8) & 0xFF)
        elif cmd == LC_VERSION_MIN_MACOSX:
            v = struct.unpack_from("<I", data, off + 8)[0]
            minos = (v >> 16, (v >> 8) & 0xFF)
        off += cmdsize
    notes = []
    entry = ENTRY[kind]
    if entry and f"_{entry}" not in symbols:
        raise Failure(f"{entry} is not exported")
    want_type = 2 if kind == "cli" else (6, 8)  # MH_EXECUTE; MH_DYLIB or MH_BUNDLE
    if filetype != want_type and filetype not in (want_type if isinstance(want_type, tuple) else ()):
        raise Failure(f"Mach-O file type {filetype} is not what a {kind} binary is")
    odd = [d for d in dylibs if not d.startswith(("/usr/lib/", "/System/Library/"))]
    if odd:
        raise Failure(f"links libraries outside the system: {odd}")
    if minos is None or minos > MACOS_FLOOR[p["cpu"]]:
        raise Failure(f"minimum macOS is {minos}, above {MACOS_FLOOR[p['cpu']]}")
    notes.append(f"macOS >= {minos[0]}.{minos[1]}")
    if signature is None:
        if p["cpu"] == "arm64":
            raise Failure("no code signature: Apple Silicon refuses to run unsigned arm64 code")
        notes.append("unsigned (allowed on x86_64)")
    else:
        notes.append(macho_signature(data, *signature))
    return notes


def check_binary(data: bytes, p: dict, kind: str) -> list[str]:
    if p["os"] == "linux":
        return check_elf(data, p, kind)
    if p["os"] == "win32":
        return check_pe(data, p, kind)
    return check_macho(data, p, kind)


# ---------------------------------------------------------------- the artifacts


def npm_platform(dist: Path, p: dict, v: str) -> list[str]:
    tgz = dist / "npm" / f"env-contract-{p['key']}-{v}.tgz"
    if not tgz.exists():
        raise Failure(f"{tgz.name} is missing")
    with tarfile.open(tgz) as t:
        names = set(t.getnames())
        manifest = json.load(t.extractfile("package/package.json"))
        want = {"name": f"env-contract-{p['key']}", "version": v, "os": [p["os"]], "cpu": [p["cpu"]]}
        if p["libc"]:
            want["libc"] = [p["libc"]]
        for k, val in want.items():
            if manifest.get(k) != val:
                raise Failure(f"package.json {k} is {manifest.get(k)!r}, want {val!r}")
        if p["libc"] is None and "libc" in manifest:
            raise Failure("a non-Linux package has a libc field")
        binary = f"package/{manifest['main']}"
        if binary not in names or not binary.endswith(f"env-contract.{p['key']}.node"):
            raise Failure(f"main {manifest['main']!r} is not the package's binary")
        notes = check_binary(t.extractfile(binary).read(), p, "node")
    size = tgz.stat().st_size
    if size > NPM_PACKED_LIMIT:
        raise Failure(f"{size / 1e6:.2f} MB packed, over the {NPM_PACKED_LIMIT / 1e6:.0f} MB limit")
    goal = "" if size <= NPM_PACKED_GOAL else f" ({(size / NPM_PACKED_GOAL - 1) * 100:.1f} % over the 2 MB goal)"
    return [f"{size / 1e6:.3f} MB packed{goal}", *notes]


def npm_main(dist: Path, v: str) -> list[str]:
    tgz = dist / "npm" / f"env-contract-{v}.tgz"
    if not tgz.exists():
        raise Failure(f"{tgz.name} is missing")
    with tarfile.open(tgz) as t:
        names = t.getnames()
        manifest = json.load(t.extractfile("package/package.json"))
    nodes = [n for n in names if n.endswith(".node")]
    if nodes:
        raise Failure(f"the main package carries binaries: {nodes}")
    want = {f"env-contract-{p['key']}": v for p in PLATFORMS}
    if manifest.get("optionalDependencies") != want:
        raise Failure(f"optionalDependencies are {manifest.get('optionalDependencies')}, want {want}")
    for f in ("package/native.js", "package/platforms.json", "package/index.js", "package/LICENSE",
              "package/env-contract.wasm", "package/wasm-inline.mjs", "package/edge-light.mjs",
              "package/worker.mjs", "package/browser.mjs"):
        if f not in names:
            raise Failure(f"{f} is missing")
    if "scripts" in manifest:
        raise Failure("the published package.json has scripts")
    with tarfile.open(tgz) as t:
        wasm = t.extractfile("package/env-contract.wasm").read()
    if wasm[:4] != b"\0asm":
        raise Failure("env-contract.wasm is not a WebAssembly module")
    # The goal of issue 13 is 600 KB gzipped; docs/node.md has the figure and what weighs.
    wasm_gz = len(gzip.compress(wasm, 9))
    return [f"{tgz.stat().st_size / 1e3:.0f} kB packed", f"{len(want)} optional platform packages",
            f"env-contract.wasm {len(wasm) / 1e3:.0f} kB, {wasm_gz / 1e3:.0f} kB gzipped"]


def wheel(dist: Path, p: dict, v: str) -> list[str]:
    found = sorted((dist / "wheels").glob(f"env_contract-{v}-cp310-abi3-*{p['wheel']}*.whl"))
    if len(found) != 1:
        raise Failure(f"want one cp310-abi3 {p['wheel']} wheel, found {[f.name for f in found]}")
    whl = found[0]
    with zipfile.ZipFile(whl) as z:
        names = z.namelist()
        tags = re.findall(r"^Tag: (\S+)$", z.read(f"env_contract-{v}.dist-info/WHEEL").decode(), re.M)
        if not any(t.startswith("cp310-abi3-") and t.endswith(p["wheel"]) for t in tags):
            raise Failure(f"WHEEL tags {tags} lack cp310-abi3-{p['wheel']}")
        ext = [n for n in names if re.fullmatch(r"env_contract/_native(\.abi3\.so|\.pyd)", n)]
        if len(ext) != 1:
            raise Failure(f"want one extension module, found {ext}")
        if "env_contract/py.typed" not in names:
            raise Failure("py.typed is missing")
        notes = check_binary(z.read(ext[0]), p, "py")
    return [whl.name.split("-abi3-")[1].removesuffix(".whl"), f"{whl.stat().st_size / 1e6:.2f} MB", *notes]


def cli(dist: Path, p: dict, v: str) -> list[str]:
    name = f"env-contract-{v}-{p['cliTarget']}"
    if p["os"] == "win32":
        path = dist / "cli" / f"{name}.zip"
        if not path.exists():
            raise Failure(f"{path.name} is missing")
        with zipfile.ZipFile(path) as z:
            data = z.read(f"{name}/env-contract.exe")
    else:
        path = dist / "cli" / f"{name}.tar.gz"
        if not path.exists():
            raise Failure(f"{path.name} is missing")
        with tarfile.open(path) as t:
            member = t.getmember(f"{name}/env-contract")
            if not member.mode & 0o100:
                raise Failure("the executable lacks its x bit")
            data = t.extractfile(member).read()
    return [path.name, *check_binary(data, p, "cli")]


def sdist(dist: Path, v: str) -> list[str]:
    path = dist / "wheels" / f"env_contract-{v}.tar.gz"
    if not path.exists():
        raise Failure(f"{path.name} is missing")
    with tarfile.open(path) as t:
        names = t.getnames()
    for want in ("core/src/lib.rs", "bindings-py/Cargo.toml", "pyproject.toml"):
        if not any(n.endswith(want) for n in names):
            raise Failure(f"the sdist lacks {want}")
    return [f"{len(names)} files"]


def twine(dist: Path) -> list[str]:
    if shutil.which("twine") is None:
        raise Failure("twine is not on PATH (scripts/dist/tools.sh installs it)")
    files = sorted(str(f) for f in (dist / "wheels").iterdir() if f.suffix in {".whl", ".gz"})
    proc = subprocess.run(["twine", "check", "--strict", *files], capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure(proc.stdout + proc.stderr)
    return [f"{len(files)} files PASSED"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dist", nargs="?", type=Path, default=REPO / "dist")
    ap.add_argument("--out", type=Path, help="the same as DIST (so build.py's arguments fit)")
    ap.add_argument("--platform", action="append", choices=[p["key"] for p in PLATFORMS])
    ap.add_argument("--only", default="npm,wheel,cli", help="what to check: npm,wheel,cli (default: all)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    if args.out:
        args.dist = args.out
    sys.path.insert(0, str(Path(__file__).parent))
    from build import version

    v = version()
    chosen = [p for p in PLATFORMS if not args.platform or p["key"] in args.platform]
    checks = []
    kinds = set(args.only.split(","))
    for p in chosen:
        if "npm" in kinds:
            checks.append((f"npm {p['key']}", lambda p=p: npm_platform(args.dist, p, v)))
        if "wheel" in kinds:
            checks.append((f"wheel {p['key']}", lambda p=p: wheel(args.dist, p, v)))
        if "cli" in kinds:
            checks.append((f"cli {p['key']}", lambda p=p: cli(args.dist, p, v)))
    if "npm" in kinds:
        checks.append(("npm main", lambda: npm_main(args.dist, v)))
    if "wheel" in kinds:
        checks.append(("twine", lambda: twine(args.dist)))
        if not args.platform:
            checks.append(("sdist", lambda: sdist(args.dist, v)))
    results = []
    for name, check in checks:
        try:
            results.append({"artifact": name, "ok": True, "notes": check()})
        except (Failure, KeyError, OSError, subprocess.CalledProcessError) as e:
            results.append({"artifact": name, "ok": False, "notes": [f"{type(e).__name__}: {e}" if not isinstance(e, Failure) else str(e)]})
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(f"{'ok  ' if r['ok'] else 'FAIL'} {r['artifact']:<24} {'; '.join(r['notes'])}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
