"""Warm check, Python: every adapter set up once, then timed interleaved (rounds x shuffled
adapters x {os.environ, plain dict}), median of the rounds, in µs per call.

    python warm.py WORKDIR N [ROUNDS] [BATCH_MS]

Prints one JSON object. Before timing, asserts that every adapter (the noop aside) reaches the
same verdict on the valid and on the invalid env, from a dict and from os.environ.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adapters import ADAPTERS  # noqa: E402


def main() -> None:
    workdir = Path(sys.argv[1])
    n = int(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    batch_s = (float(sys.argv[4]) if len(sys.argv) > 4 else 20) / 1000
    spec = json.loads((workdir / f"spec-{n}.json").read_text())
    valid = json.loads((workdir / f"env-{n}-valid.json").read_text())
    invalid = json.loads((workdir / f"env-{n}-invalid.json").read_text())
    contract = str(workdir / f"contract-{n}.json")
    names = [v["name"] for v in spec]

    def set_environ(env):
        for name in names:
            os.environ.pop(name, None)
        os.environ.update(env)

    adapters = []
    for a in ADAPTERS:
        from_process, from_map = a.setup(a.load(), spec, contract)
        adapters.append((a.name, from_process, from_map))

    verdicts = {}
    for name, from_process, from_map in adapters:
        set_environ(invalid)
        bad_process = from_process()
        set_environ(valid)
        v = {"validProcess": from_process(), "invalidProcess": bad_process}
        if from_map is not None:
            v["validMap"] = from_map(dict(valid))
            v["invalidMap"] = from_map(dict(invalid))
        verdicts[name] = v
        if name == "noop":
            continue
        if not v["validProcess"] or v["invalidProcess"] or v.get("validMap") is False or v.get("invalidMap"):
            sys.exit(f"warm.py: {name} disagrees at N={n}: {v}")
    set_environ(valid)

    the_map = dict(valid)
    runs = []
    for name, from_process, from_map in adapters:
        runs.append({"adapter": name, "source": "process", "fn": from_process})
        if from_map is not None:
            runs.append({"adapter": name, "source": "map", "fn": (lambda f=from_map: f(the_map))})

    clock = time.perf_counter
    for r in runs:  # warm-up and calibration
        fn, i, t0 = r["fn"], 0, clock()
        while True:
            fn()
            i += 1
            if clock() - t0 >= 0.1 or i >= 200:
                break
        per = (clock() - t0) / i
        r["iters"] = max(1, int(batch_s / per + 0.999))
        r["samples"] = []

    for _ in range(rounds):
        order = runs[:]
        random.shuffle(order)
        for r in order:
            fn, iters = r["fn"], r["iters"]
            t0 = clock()
            for _ in range(iters):
                fn()
            r["samples"].append((clock() - t0) * 1e6 / iters)

    out = {"n": n, "rounds": rounds, "verdicts": verdicts, "warm": {}}
    for r in runs:
        s = r["samples"]
        out["warm"].setdefault(r["adapter"], {})[r["source"]] = {
            "us": statistics.median(s),
            "min": min(s),
            "max": max(s),
            "iters": r["iters"],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
