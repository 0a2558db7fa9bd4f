"""The shape of `bot/`: no import cycle (every import counts, also those inside functions
and under TYPE_CHECKING), no module using another module's private names, and no file
over 700 lines except the message catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
MAX_LINES = 700
LONG_ALLOWED = {
    "messages.py",  # the one message catalogue
}


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(BOT.glob("*.py"))}


def _imports(tree: ast.Module, names: set[str]) -> set[str]:
    """The bot modules a module imports, anywhere in it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "bot" and len(parts) > 1 and parts[1] in names:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] != "bot":
                continue
            if len(parts) > 1:
                if parts[1] in names:
                    found.add(parts[1])
            else:  # from bot import a, b
                found.update(alias.name for alias in node.names if alias.name in names)
    return found


def graph() -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    return {name: _imports(tree, names) - {name} for name, tree in modules.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_in_bot():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle in bot/: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_function_level_imports_count():
    tree = ast.parse("def f():\n    from bot.service import Flexpool\n\ndef g():\n    from bot import office\n")
    assert _imports(tree, {"service", "office"}) == {"service", "office"}


def test_no_module_uses_another_modules_private_names():
    modules = _modules()
    names = set(modules)
    found = []
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot"):
                found += [f"{name}: from {node.module} import {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and isinstance(node.value, ast.Name) and node.value.id in names | {"service"}):
                found.append(f"{name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not found, found


def test_no_long_files_in_bot():
    long = {path.name: n for path in BOT.glob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES and path.name not in LONG_ALLOWED}
    assert not long, f"over {MAX_LINES} lines: {long}"
