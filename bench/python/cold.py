"""Cold boot, Python: one whole fresh process = import + set up the schema / load the contract +
check once, from os.environ or from a dict (the valid env, read from its JSON file: a dict of the
declared variables only, as pydantic-settings refuses extra keys). The parent (bench/run.py) times the
process from spawn to exit and reads its peak RSS; this child reports its own phases as JSON on
the last line of stdout.

    python cold.py ADAPTER WORKDIR N [process|map]
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adapters import BY_NAME  # noqa: E402

name, workdir, n = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
source = sys.argv[4] if len(sys.argv) > 4 else "process"
adapter = BY_NAME[name]
t0 = time.perf_counter()
lib = adapter.load()
t1 = time.perf_counter()
# The peers' schemas are code built from the spec; env-contract reads its contract itself.
spec = None if hasattr(adapter, "style") else json.loads((workdir / f"spec-{n}.json").read_text())
from_process, from_map = adapter.setup(lib, spec, str(workdir / f"contract-{n}.json"))
t2 = time.perf_counter()
ok = from_map(json.loads((workdir / f"env-{n}-valid.json").read_text())) if source == "map" else from_process()
t3 = time.perf_counter()
ms = 1000
print(json.dumps({"ok": ok, "import_ms": (t1 - t0) * ms, "setup_ms": (t2 - t1) * ms, "check_ms": (t3 - t2) * ms}))
