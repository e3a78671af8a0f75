"""The import graph: `core` is below both stages, `ingest` never imports `assistant`, and no
module imports another that (through its own module-level imports) imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

from core.config import REPO_ROOT

PACKAGES = ("assistant", "core", "ingest", "evals")


def _module(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Our modules imported at module level (imports inside functions are lazy on purpose)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if m.split(".")[0] in PACKAGES}


def _graph() -> dict[str, set[str]]:
    paths = [p for pkg in PACKAGES for p in (REPO_ROOT / pkg).rglob("*.py")]
    modules = {_module(p): p for p in paths}
    return {m: {i for i in _imports(p) if i in modules and i != m} for m, p in modules.items()}


def test_core_is_below_both_stages_and_ingest_never_imports_assistant() -> None:
    for module, imported in _graph().items():
        tops = {i.split(".")[0] for i in imported}
        if module.startswith("core"):
            assert tops <= {"core"}, (module, imported)
        if module.startswith("ingest"):
            assert "assistant" not in tops, (module, imported)


def test_no_module_level_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(graph[module]):
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*path, module, nxt])
            if nxt not in state:
                visit(nxt, [*path, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_only_the_store_modules_import_chromadb() -> None:
    paths = [p for pkg in PACKAGES for p in (REPO_ROOT / pkg).rglob("*.py")]
    importers = {_module(p) for p in paths if _imports_chromadb(p)}
    assert importers == {"core.store", "core.store_client"}


def _imports_chromadb(path: Path) -> bool:
    """Any import of chromadb, at module level or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "chromadb"
                                                for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "chromadb":
            return True
    return False
