"""The package's shape: stages import only stages below them, no import circles, and the CLI's query side
never loads spaCy (``--help`` and ``quotes`` must start fast)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "quotegraph"

# Layers, lowest first: a module may import its own layer and lower ones, never a higher one.
LAYERS: list[tuple[str, int]] = [
    ("quotegraph.version", 0),
    ("quotegraph.errors", 0),
    ("quotegraph.config", 0),
    ("quotegraph.model", 1),
    ("quotegraph.extraction.read", 10),
    ("quotegraph.extraction.clean", 20),
    ("quotegraph.extraction.doc_ext", 24),
    ("quotegraph.extraction.lexicon", 25),
    ("quotegraph.extraction.names", 25),
    ("quotegraph.extraction.syntax", 26),
    ("quotegraph.extraction.analyze", 30),
    ("quotegraph.extraction.attribute", 40),
    ("quotegraph.extraction.resolve", 50),
    ("quotegraph.extraction.pipeline", 60),
    ("quotegraph.extraction", 60),
    ("quotegraph.corpus.columns", 65),
    ("quotegraph.corpus.store", 70),
    ("quotegraph.corpus.link", 75),
    ("quotegraph.corpus.decisions", 77),
    ("quotegraph.corpus.corrections", 78),
    ("quotegraph.corpus.batch", 79),
    ("quotegraph.corpus.ingest", 80),
    ("quotegraph.corpus.parquet", 85),
    ("quotegraph.corpus", 85),
    ("quotegraph.query", 90),
    ("quotegraph.evaluate", 95),
    ("quotegraph.scale", 95),
    ("quotegraph.train", 95),
    ("quotegraph.web", 100),
    ("quotegraph.cli", 110),
]


def layer(module: str) -> int:
    best = max((p for p, _ in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None)
    if best is None:
        raise AssertionError(f"{module}: not in any layer; add it to LAYERS")
    return dict(LAYERS)[best]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """quotegraph modules a file imports anywhere in it, at the top or inside a function (a lazy import is
    still a dependency), except under ``if TYPE_CHECKING``; ``from X import name`` counts X.name when that is
    a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # annotations only: never imported at run time
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("quotegraph"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + [base]
                ).strip(".")
            if not base.startswith("quotegraph"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found = (SRC.parent / sub.replace(".", "/")).with_suffix(".py").exists() or (
                    SRC.parent / sub.replace(".", "/") / "__init__.py"
                ).exists()
                out.add(sub if found else base)
    return out


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def test_every_module_is_in_a_layer() -> None:
    for name in MODULES:
        if name != "quotegraph":
            layer(name)


def test_lower_stages_never_import_higher_ones() -> None:
    wrong = []
    for name, path in MODULES.items():
        if name == "quotegraph":  # the facade: its public names are imported lazily on first use
            continue
        for target in imports(path):
            if target != "quotegraph" and layer(target) > layer(name):
                wrong.append(f"{name} -> {target}")
    assert not wrong, wrong


def test_no_import_circles() -> None:
    graph = {name: {t for t in imports(path) if t in MODULES} for name, path in MODULES.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt == node:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                cycles.append(cycle)
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles, cycles


@pytest.mark.parametrize("module", ["quotegraph", "quotegraph.cli", "quotegraph.query", "quotegraph.web"])
def test_query_side_does_not_load_spacy(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "heavy = [m for m in ('spacy', 'thinc', 'trafilatura', 'datasketch', 'scipy') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"import {module} loads {out.strip()}"


def test_public_names_are_the_functions_even_after_the_stages_are_imported() -> None:
    """No subpackage may share a name with the public API: importing it would replace the function."""
    code = (
        "import quotegraph.extraction.pipeline, quotegraph.corpus.ingest, quotegraph.query, quotegraph; "
        "from quotegraph.extraction.pipeline import extract, extract_many; "
        "from quotegraph.corpus.ingest import ingest; "
        "assert quotegraph.extract is extract and quotegraph.extract_many is extract_many; "
        "assert quotegraph.ingest is ingest and quotegraph.Corpus is quotegraph.query.Corpus"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
