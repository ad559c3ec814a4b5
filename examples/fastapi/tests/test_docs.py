"""docs/python.md and the PyPI README (bindings-py/README.md) quote tested files: every block after `<!-- snippet: PATH#NAME -->` must
equal the region between `# [docs:start NAME]` and `# [docs:end NAME]` of PATH (repo-relative),
dedented.
To refresh a block, paste the region of the file again."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DOCS = [REPO / "docs" / "python.md", REPO / "bindings-py" / "README.md"]
SNIPPET = re.compile(r"<!-- snippet: (?P<path>[^#\s]+)#(?P<name>[\w-]+) -->\n```\w*\n(?P<body>.*?)```", re.S)


def region(path: Path, name: str) -> str:
    text = path.read_text()
    m = re.search(rf"^[ \t]*# \[docs:start {re.escape(name)}\]\n(.*?)^[ \t]*# \[docs:end {re.escape(name)}\]", text, re.S | re.M)
    assert m, f"{path}: no region {name}"
    return textwrap.dedent(m.group(1))


def snippets() -> list[tuple[Path, str, str, str]]:
    out = []
    for doc in DOCS:
        if doc.exists():
            for m in SNIPPET.finditer(doc.read_text()):
                out.append((doc, m["path"], m["name"], m["body"]))
    return out


def test_docs_have_snippets() -> None:
    assert len(snippets()) >= 2


@pytest.mark.parametrize("doc,path,name,body", snippets(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_snippet_is_the_tested_file(doc: Path, path: str, name: str, body: str) -> None:
    assert body == region(REPO / path, name), f"{doc.name}: the snippet {path}#{name} differs from the file"
