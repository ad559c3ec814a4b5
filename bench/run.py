#!/usr/bin/env python3
"""Runs every measurement of the benchmark and writes docs/benchmarks.json and docs/benchmarks.md.

Called by scripts/bench.sh (`make bench`) once the builds and installs are done:

    python3 bench/run.py --python bench/.venv/bin/python --cli target/dist/env-contract

Standard library only. Measurements, taken interleaved so that the noise of a shared machine
falls on every adapter alike:
  warm   in passes (sizes alternating), per N one Node and one Python process (bench/node/
         warm.mjs, bench/python/warm.py) timing every adapter in shuffled rounds, from the
         process env and from a plain map
  cold   whole fresh processes (bench/node/cold.mjs, bench/python/cold.py, and an empty
         interpreter), shuffled per repetition; wall time and peak RSS read with wait4()
  cli    `env-contract check --env-file F --no-process-env` over many generated dotenv files
  core   `cargo bench -p env-contract --bench check` (criterion)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
NODE_PEERS = ["envalid", "env-schema", "t3-env"]
PY_PEERS = ["pydantic-settings", "environs"]
NODE_ADAPTERS = ["noop", *NODE_PEERS, "env-contract"]  # "env-contract": its styles, EC below
PY_ADAPTERS = ["noop", *PY_PEERS, "env-contract"]
LANGS = {"node": (NODE_ADAPTERS, NODE_PEERS), "python": (PY_ADAPTERS, PY_PEERS)}


def log(*args: object) -> None:
    print("bench:", *args, file=sys.stderr, flush=True)


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def base_env() -> dict[str, str]:
    """The environment every child starts from: the bare minimum, so that N is what is measured."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return env


# ---------------------------------------------------------------- machine


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass

    def version(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
        except (OSError, subprocess.CalledProcessError, IndexError):
            return "unknown"

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": mem_gib,
        "kernel": platform.release(),
        "node": version(["node", "--version"]),
        "python": version([ARGS.python, "-c", "import sys; print(sys.version.split()[0])"]),
        "rustc": version(["rustc", "--version"]),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def loadavg() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except OSError:
        return float("nan")


# ---------------------------------------------------------------- warm


def warm(sizes: list[int]) -> dict:
    """In passes: each pass runs one process per size and language, the sizes alternating, so
    that a drift of the shared machine over the minutes of the run falls on every size alike
    (the growth target is a ratio of two sizes, which separate phases measured minutes apart).
    Per adapter and env source: the median of the passes' medians, the extremes of all rounds."""
    passes = max(1, ARGS.warm_passes)
    runs: dict = {"node": {}, "python": {}}
    for p in range(passes):
        for n in sizes:
            total = ARGS.rounds if n < 10_000 else max(5, ARGS.rounds // 2)
            rounds = str(max(2, -(-total // passes)))
            for lang in ("node", "python"):
                log(f"warm check, {lang}, N={n} (pass {p + 1} of {passes})")
                if lang == "node":
                    cmd = ["node", str(BENCH / "node" / "warm.mjs"), str(ARGS.work), str(n), rounds, str(ARGS.batch_ms)]
                else:
                    cmd = [
                        ARGS.python,
                        str(BENCH / "python" / "warm.py"),
                        str(ARGS.work),
                        str(n),
                        rounds,
                        str(ARGS.batch_ms),
                    ]
                r = subprocess.run(cmd, env=base_env(), capture_output=True, text=True)
                if r.returncode != 0:
                    sys.exit(f"bench: warm check failed ({lang}, N={n}):\n{r.stderr}")
                runs[lang].setdefault(str(n), []).append(last_json(r.stdout))
    out: dict = {"node": {}, "python": {}}
    for lang, by_n in runs.items():
        for n, results in by_n.items():
            merged = {**results[0], "rounds": sum(r["rounds"] for r in results), "passes": len(results), "warm": {}}
            for adapter, sources in results[0]["warm"].items():
                merged["warm"][adapter] = {}
                for source in sources:
                    each = [r["warm"][adapter][source] for r in results]
                    merged["warm"][adapter][source] = {
                        "us": median([e["us"] for e in each]),
                        "min": min(e["min"] for e in each),
                        "max": max(e["max"] for e in each),
                        "iters": each[0]["iters"],
                    }
            out[lang][n] = merged
    return out


# ---------------------------------------------------------------- cold


def spawn(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Runs one process; returns (wall ms, peak RSS KiB, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = p.stdout.read()
    stderr = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    p.stderr.close()
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited {p.returncode}:\n{stderr.decode(errors='replace')}")
    return wall, usage.ru_maxrss, stdout.decode()


# env-contract's calling styles (bench/node/adapters.mjs, bench/python/adapters.py).
EC = {
    "node": [f"env-contract {f} {c}" for f in ("validateEnv", "assertEnv") for c in ("path", "object")],
    "python": [f"env-contract {f} {c}" for f in ("validate_env", "assert_env") for c in ("path", "dict")],
}
NO_MAP = {("python", "environs")}  # environs reads os.environ only


def last_json(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def cold(sizes: list[int]) -> dict:
    out: dict = {}
    for n in sizes:
        env = base_env()
        env.update(json.loads((ARGS.work / f"env-{n}-valid.json").read_text()))
        cold_mjs = str(BENCH / "node" / "cold.mjs")
        cmds: dict[tuple[str, str, str], list[str]] = {
            ("node", "empty", "-"): ["node", "-e", "0"],
            ("python", "empty", "-"): [ARGS.python, "-c", "pass"],
            # The floor of importing any npm package: the noop after an import() of an empty one.
            ("node", "empty-package", "process"): ["node", cold_mjs, "empty-package", str(ARGS.work), str(n)],
        }
        for lang, (adapters, _) in LANGS.items():
            for a in [*adapters[:-1], *EC[lang]]:
                for source in ("process", "map"):
                    if (lang, a) in NO_MAP and source == "map":
                        continue
                    if lang == "node":
                        cmd = ["node", str(BENCH / "node" / "cold.mjs"), a, str(ARGS.work), str(n), source]
                    else:
                        cmd = [ARGS.python, str(BENCH / "python" / "cold.py"), a, str(ARGS.work), str(n), source]
                    cmds[(lang, a, source)] = cmd
        reps = ARGS.cold_reps if n <= 1000 else max(3, ARGS.cold_reps // 8)
        log(f"cold boot, N={n}: {len(cmds)} commands x {reps} repetitions, shuffled")
        samples: dict = {k: {"wall": [], "rss": [], "phases": [], "over_noop": []} for k in cmds}
        for k, cmd in cmds.items():  # one untimed run each: bytecode caches, page cache
            _, _, stdout = spawn(cmd, env)
            if k[1] not in ("empty", "noop") and not last_json(stdout)["ok"]:
                sys.exit(f"bench: {k} says the valid env is invalid (N={n})")
        for _ in range(reps):
            order = list(cmds)
            random.shuffle(order)
            walls = {}
            for k in order:
                wall, rss, stdout = spawn(cmds[k], env)
                walls[k] = wall
                samples[k]["wall"].append(wall)
                samples[k]["rss"].append(rss)
                if k[1] != "empty":
                    samples[k]["phases"].append(last_json(stdout))
            # Each process against the noop of the same env source in the same repetition: the
            # machine's load moves over seconds, so a paired difference cancels what both saw.
            for (lang, a, source), wall in walls.items():
                noop = walls.get((lang, "noop", source))
                if noop is not None:
                    samples[(lang, a, source)]["over_noop"].append(wall - noop)
        res: dict = {"node": {}, "python": {}, "reps": reps}
        for (lang, a, source), s in samples.items():
            entry = {
                "wall_ms": median(s["wall"]),
                "wall_ms_iqr": iqr(s["wall"]),
                "rss_mib": median(s["rss"]) / 1024,
            }
            if s["over_noop"]:
                entry["over_noop_ms"] = median(s["over_noop"])
            if s["phases"]:
                for key in ("import_ms", "setup_ms", "check_ms"):
                    entry[key] = median([p[key] for p in s["phases"]])
            res[lang].setdefault(a, {})[source] = entry
        for lang in ("node", "python"):
            empty = res[lang]["empty"]["-"]["wall_ms"]
            for by_source in res[lang].values():
                for e in by_source.values():
                    e["over_empty_ms"] = e["wall_ms"] - empty
        out[str(n)] = res
    return out


def iqr(xs: list[float]) -> float:
    if len(xs) < 4:
        return float("nan")
    q = statistics.quantiles(xs, n=4)
    return q[2] - q[0]


# ---------------------------------------------------------------- CLI


def cli_throughput() -> dict:
    files = sorted((ARGS.work / "cli").glob("*.env"))
    contract = ARGS.work / f"contract-{ARGS.cli_n}.json"
    env = base_env()
    script = (
        'bin="$1"; contract="$2"; shift 2; '
        'for f in "$@"; do "$bin" check --contract "$contract" --env-file "$f" --no-process-env --format json '
        '>/dev/null || { echo "check failed on $f" >&2; exit 1; }; done'
    )
    floor_script = 'shift 2; for f in "$@"; do /bin/true "$f"; done'
    log(f"CLI throughput: {len(files)} files of {ARGS.cli_n} variables")
    runs, floors = [], []
    for _ in range(3):
        for s, sink in ((script, runs), (floor_script, floors)):
            t0 = time.perf_counter()
            r = subprocess.run(
                ["bash", "-c", s, "bash", ARGS.cli, str(contract), *map(str, files)],
                env=env,
                capture_output=True,
                text=True,
            )
            if r.returncode != 0:
                sys.exit(f"bench: CLI throughput run failed: {r.stderr}")
            sink.append(time.perf_counter() - t0)
    best, floor = median(runs), median(floors)
    return {
        "files": len(files),
        "n": ARGS.cli_n,
        "seconds": best,
        "files_per_s": len(files) / best,
        "ms_per_file": best * 1000 / len(files),
        "spawn_floor_files_per_s": len(files) / floor,
    }


# ---------------------------------------------------------------- criterion

UNITS = {"ps": 1e-6, "ns": 1e-3, "µs": 1.0, "us": 1.0, "ms": 1e3, "s": 1e6}


def criterion() -> dict:
    log("core: cargo bench -p env-contract --bench check")
    cmd = [
        "cargo",
        "bench",
        "-q",
        "-p",
        "env-contract",
        "--bench",
        "check",
        "--",
        "--warm-up-time",
        "1",
        "--measurement-time",
        str(ARGS.criterion_secs),
        "--noplot",
    ]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        log("cargo bench failed; the core figures are left out")
        return {"error": (r.stderr or r.stdout).strip().splitlines()[-5:]}
    pat = re.compile(r"^(\S[^\n]*?)\s*\n?\s*time:\s+\[([\d.]+) (\S+) ([\d.]+) (\S+) ([\d.]+) (\S+)\]", re.M)
    res = {}
    for m in pat.finditer(r.stdout):
        name = m.group(1).strip()
        res[name] = {
            "low_us": float(m.group(2)) * UNITS[m.group(3)],
            "us": float(m.group(4)) * UNITS[m.group(5)],
            "high_us": float(m.group(6)) * UNITS[m.group(7)],
        }
    return res


# ---------------------------------------------------------------- main


def main() -> None:
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", required=True, help="the bench venv's interpreter")
    ap.add_argument("--cli", required=True, help="the env-contract binary")
    ap.add_argument("--work", type=Path, default=BENCH / "work")
    ap.add_argument("--sizes", default="100,10000")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--batch-ms", type=float, default=20)
    ap.add_argument(
        "--warm-passes", type=int, default=3, help="warm processes per size and language, sizes alternating"
    )
    ap.add_argument("--cold-reps", type=int, default=25)
    ap.add_argument("--cli-files", type=int, default=1000)
    ap.add_argument("--cli-n", type=int, default=100)
    ap.add_argument("--criterion-secs", type=int, default=3)
    ap.add_argument(
        "--skip",
        default="core",
        help="comma list of parts to skip: warm,cold,cli,core (default: core, the longest to build; 'none' skips nothing)",
    )
    ap.add_argument("--json", type=Path, default=ROOT / "docs" / "benchmarks.json")
    ap.add_argument("--md", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ARGS = ap.parse_args()
    ARGS.work = ARGS.work.resolve()
    skip = set(filter(None, ARGS.skip.split(",")))
    sizes = [int(s) for s in ARGS.sizes.split(",")]

    log("generating the workloads")
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "gen.py"),
            "--out",
            str(ARGS.work),
            "--sizes",
            ARGS.sizes,
            "--cli-files",
            str(ARGS.cli_files),
            "--cli-n",
            str(ARGS.cli_n),
        ],
        check=True,
    )
    result: dict = {"machine": machine(), "load_before": loadavg(), "sizes": sizes}
    t0 = time.time()
    if "warm" not in skip:
        result["warm"] = warm(sizes)
    if "cold" not in skip:
        result["cold"] = cold(sizes)
    if "cli" not in skip:
        result["cli"] = cli_throughput()
    if "core" not in skip:
        result["core"] = criterion()
    result["load_after"] = loadavg()
    result["seconds"] = round(time.time() - t0)
    ARGS.json.write_text(json.dumps(result, indent=1) + "\n")
    sys.path.insert(0, str(BENCH))
    from report import update_readme, write_markdown

    ARGS.md.write_text(write_markdown(result))
    update_readme(result)
    log(f"wrote {ARGS.json}, {ARGS.md} and README.md's table in {result['seconds']} s")


ARGS: argparse.Namespace

if __name__ == "__main__":
    main()
