#!/usr/bin/env python3
"""docs/benchmarks.md from docs/benchmarks.json (bench/run.py calls write_markdown; to re-render
without measuring again: python3 bench/report.py docs/benchmarks.json > docs/benchmarks.md).

The tables and the met/missed verdicts are computed here from the numbers; the reasoning behind
them is bench/analysis.md, appended as written.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_PEERS = ["envalid", "env-schema", "t3-env"]
PY_PEERS = ["pydantic-settings", "environs"]
PEERS = {"node": NODE_PEERS, "python": PY_PEERS}
TITLE = {"node": "Node", "python": "Python"}
FLOOR_RATIO, PEER_SPEEDUP, COLD_ADD_MS = 1.5, 5.0, 5.0


def fmt(x: float | None, digits: int | None = None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    return f"{x:,.{digits}f}"


def ratio(x: float | None) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{x:.2f}×"


def yes(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


def warm_us(res: dict, lang: str, n: str, adapter: str, source: str) -> float | None:
    try:
        return res["warm"][lang][n]["warm"][adapter][source]["us"]
    except KeyError:
        return None


def fastest_peer(values: dict[str, float | None]) -> tuple[str | None, float | None]:
    got = [(v, k) for k, v in values.items() if v is not None]
    if not got:
        return None, None
    v, k = min(got)
    return k, v


def warm_table(res: dict, lang: str, source: str) -> list[str]:
    peers = PEERS[lang]
    head = ["N", "noop (floor)", *peers, "env-contract", "env-contract ÷ floor", "fastest peer ÷ env-contract"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for n in map(str, res["sizes"]):
        floor = warm_us(res, lang, n, "noop", source)
        ec = warm_us(res, lang, n, "env-contract", source)
        pv = {p: warm_us(res, lang, n, p, source) for p in peers}
        fp, fv = fastest_peer(pv)
        cells = [f"{int(n):,}", fmt(floor)]
        cells += [fmt(pv[p]) + (" ◀" if p == fp else "") for p in peers]
        cells += [
            fmt(ec),
            ratio(ec / floor if ec and floor else None),
            ratio(fv / ec if ec and fv else None) + (f" ({fp})" if fp else ""),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def cold_entry(res: dict, n: str, lang: str, a: str) -> dict | None:
    try:
        return res["cold"][n][lang][a]
    except KeyError:
        return None


def cold_table(res: dict, lang: str) -> list[str]:
    peers = PEERS[lang]
    head = [
        "N",
        "empty interpreter (wall)",
        "noop",
        *peers,
        "env-contract",
        "env-contract − noop",
        "fastest peer ÷ env-contract",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for n in res.get("cold", {}):
        e = {a: cold_entry(res, n, lang, a) for a in ["empty", "noop", *peers, "env-contract"]}
        over = {a: (v["over_empty_ms"] if v else None) for a, v in e.items()}
        fp, fv = fastest_peer({p: over[p] for p in peers})
        ec, noop = over["env-contract"], over["noop"]
        cells = [f"{int(n):,}", fmt(e["empty"]["wall_ms"]) if e["empty"] else "n/a", fmt(noop)]
        cells += [fmt(over[p]) + (" ◀" if p == fp else "") for p in peers]
        cells += [
            fmt(ec),
            (("+" if ec - noop >= 0 else "") + fmt(ec - noop)) if ec is not None else "n/a",
            ratio(fv / ec if ec and fv and ec > 0 else None),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def phase_table(res: dict, lang: str, key: str, n: str = "100") -> list[str]:
    """Import time, or peak RSS, per adapter at each N."""
    adapters = ["noop", *PEERS[lang], "env-contract"]
    if key == "rss_mib":
        adapters = ["empty", *adapters]
    head = ["N", *adapters]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for n in res.get("cold", {}):
        cells = [f"{int(n):,}"]
        for a in adapters:
            e = cold_entry(res, n, lang, a)
            cells.append(fmt(e.get(key)) if e and key in e else "n/a")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def targets(res: dict) -> list[str]:
    lines = ["| target (N = 100) | Node | met? | Python | met? |", "|---|---:|---|---:|---|"]
    rows = []
    for source, label in (("process", "real process env"), ("map", "plain map")):
        cells_floor, cells_peer = [], []
        for lang in ("node", "python"):
            floor = warm_us(res, lang, "100", "noop", source)
            ec = warm_us(res, lang, "100", "env-contract", source)
            _, fv = fastest_peer({p: warm_us(res, lang, "100", p, source) for p in PEERS[lang]})
            r = ec / floor if ec and floor else None
            s = fv / ec if ec and fv else None
            cells_floor += [
                f"{ratio(r)} ({fmt(ec)} vs {fmt(floor)} µs)" if r else "n/a",
                yes(r <= FLOOR_RATIO if r else None),
            ]
            speed = "n/a" if not s else f"{fmt(s, 1)}× faster" if s >= 1 else f"{fmt(1 / s, 1)}× slower"
            cells_peer += [speed, yes(s >= PEER_SPEEDUP if s else None)]
        rows.append([f"warm check, {label}: ≤ {FLOOR_RATIO}× the noop floor", *cells_floor])
        rows.append([f"warm check, {label}: ≥ {PEER_SPEEDUP:.0f}× faster than the fastest peer", *cells_peer])
    cells, cells_peer = [], []
    for lang in ("node", "python"):
        ec = cold_entry(res, "100", lang, "env-contract")
        noop = cold_entry(res, "100", lang, "noop")
        if ec and noop:
            add = ec["over_empty_ms"] - noop["over_empty_ms"]
            cells += [f"+{fmt(add)} ms", yes(add <= COLD_ADD_MS)]
        else:
            cells += ["n/a", "n/a"]
    rows.append([f"cold boot: adds ≤ {COLD_ADD_MS:.0f} ms over the noop", *cells])
    cells = []
    for lang in ("node", "python"):
        a = warm_us(res, lang, "100", "env-contract", "map")
        b = warm_us(res, lang, "10000", "env-contract", "map")
        if a and b:
            g = (b / 10000) / (a / 100)
            cells += [f"{g:.2f}× the per-variable cost of N = 100", yes(g <= 1.5)]
        else:
            cells += ["n/a", "n/a"]
    rows.append(["linear growth to 10,000 (warm, map; per-variable cost at 10,000 ≤ 1.5× that at 100)", *cells])
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    return lines


def growth_table(res: dict) -> list[str]:
    lines = ["| N | Node µs | Node µs / variable | Python µs | Python µs / variable |", "|---:|---:|---:|---:|---:|"]
    for n in map(str, res["sizes"]):
        cells = [f"{int(n):,}"]
        for lang in ("node", "python"):
            v = warm_us(res, lang, n, "env-contract", "map")
            cells += [fmt(v), fmt(v / int(n), 3) if v else "n/a"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def write_markdown(res: dict) -> str:
    m = res["machine"]
    out = [
        "# Benchmarks: env-contract side by side with its peers",
        "",
        "<!-- Generated by `make bench` (scripts/bench.sh → bench/run.py → bench/report.py). Do not edit by",
        "     hand: the tables come from docs/benchmarks.json, the reasoning from bench/analysis.md. -->",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM; Linux {m['kernel']}; "
        f"Node {m['node']}, Python {m['python']}, {m['rustc']}. Date: {m['date']}. "
        f"Load average {fmt(res.get('load_before'))} before the run, {fmt(res.get('load_after'))} after "
        f"(the machine is shared with other builds: see *Noise* below). Whole run: {res.get('seconds')} s.",
        "",
        "Workload (`bench/gen.py`, one generator for every adapter): N variables cycling through ten kinds —",
        "a secret ≥ 32 characters (`x-secret`), an https URL, a postgres URL that must use port 6432",
        "(`x-url`), a port, an integer in 1..64, a boolean, an enum, an email, a pattern, and an optional",
        "integer with a default (absent from the env). The valid env sets every required variable; the",
        "invalid one breaks one variable in every block of 20 (~5 %), cycling through the kinds. Each peer",
        "expresses the same rules in its own schema language (`bench/node/adapters.mjs`,",
        "`bench/python/adapters.py`); before anything is timed, every adapter is asserted to reach the same",
        "verdict (valid / invalid) on both envs, from the process env and from a map. The noop floor only",
        "reads the same variables (`process.env[name]` / `os.environ.get(name)`) and validates nothing.",
        "env-contract is the packed npm package (`validateEnv`) and the wheel built from `bindings-py`",
        "(`validate_env`), release builds (the `dist` profile).",
        "",
        "## Targets (issue 7)",
        "",
        *targets(res),
        "",
    ]
    for lang in ("node", "python"):
        out += [f"## Warm check, {TITLE[lang]} (µs per call, median of interleaved rounds)", ""]
        for source, label in (
            (
                "process",
                "from the real process environment (variables set in "
                + ("`process.env`" if lang == "node" else "`os.environ`")
                + " before timing)",
            ),
            ("map", "from a plain " + ("object" if lang == "node" else "dict")),
        ):
            out += [f"{label.capitalize()}:", "", *warm_table(res, lang, source), ""]
        if lang == "python":
            out += ["environs reads `os.environ` only, so it has no plain-dict figure.", ""]
    out += ["◀ marks the fastest peer of the row.", ""]
    if "cold" in res:
        for lang in ("node", "python"):
            reps = {n: res["cold"][n]["reps"] for n in res["cold"]}
            out += [
                f"## Cold boot, {TITLE[lang]} (ms)",
                "",
                "A whole fresh process: import + build the schema / load the contract + check the process",
                "environment once, then exit; wall time from spawn to exit, median of "
                + ", ".join(f"{r} (N = {int(n):,})" for n, r in reps.items())
                + " repetitions interleaved with every other adapter. Each figure is minus the empty",
                "interpreter ("
                + ("`node -e 0`" if lang == "node" else "`python -c pass`")
                + ", first column, absolute).",
                "",
                *cold_table(res, lang),
                "",
                f"Import time, {TITLE[lang]} (ms, measured inside the child around the import):",
                "",
                *phase_table(res, lang, "import_ms"),
                "",
                f"Peak RSS, {TITLE[lang]} (MiB, `ru_maxrss` of the whole child process from `wait4`):",
                "",
                *phase_table(res, lang, "rss_mib"),
                "",
            ]
    out += ["## Linear growth (env-contract, warm, plain map)", "", *growth_table(res), ""]
    core = res.get("core")
    if core:
        out += [
            "## Core only (criterion)",
            "",
            "`cargo bench -p env-contract --bench check`: the Rust core without any binding, its own",
            "100-variable workload (the same ten kinds), contract compiled once.",
            "",
        ]
        if "error" in core:
            out += [
                "The criterion run failed in this run (the core was being edited?):",
                "",
                "```",
                *core["error"],
                "```",
                "",
            ]
        else:
            out += ["| benchmark | time (µs) | range |", "|---|---:|---:|"]
            for k, v in core.items():
                out.append(f"| {k} | {fmt(v['us'])} | {fmt(v['low_us'])} – {fmt(v['high_us'])} |")
            out.append("")
    cli = res.get("cli")
    if cli:
        out += [
            "## CLI `check` throughput",
            "",
            f"`env-contract check --contract contract-{cli['n']}.json --env-file F --no-process-env --format json`,",
            f"one process per file, over {cli['files']:,} generated dotenv files of {cli['n']} variables, from a",
            "shell loop: **" + fmt(cli["files_per_s"], 0) + f" files/s** ({fmt(cli['ms_per_file'])} ms per file). "
            "The same loop spawning `/bin/true` runs at "
            + fmt(cli["spawn_floor_files_per_s"], 0)
            + " files/s: that is the process-creation floor of this machine.",
            "",
        ]
    analysis = HERE / "analysis.md"
    if analysis.exists():
        out += [analysis.read_text().rstrip(), ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(write_markdown(json.loads(Path(sys.argv[1]).read_text())))
