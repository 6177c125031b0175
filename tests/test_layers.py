"""Architecture rules checked on the source: imports point one way, and SQL is never built from strings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "coach_desktop"
NO_QT = ("domain", "vault", "sync")
SQL_CALLS = {"execute", "executemany", "query", "scalar"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _modules(*packages: str) -> list[Path]:
    return [p for package in packages for p in sorted((PACKAGE / package).rglob("*.py"))]


@pytest.mark.parametrize("path", _modules(*NO_QT), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_layers_import_no_qt_and_no_ui(path: Path) -> None:
    for name in _imports(path):
        assert not name.startswith("PySide6"), f"{path.name} imports {name}"
        assert ".ui" not in name and not name.startswith("coach_desktop.ui"), f"{path.name} imports {name}"


def test_domain_does_no_io() -> None:
    for path in _modules("domain"):
        for name in _imports(path):
            root = name.split(".")[0]
            assert root not in {"sqlite3", "sqlcipher3", "requests", "socket", "subprocess", "keyring"}, path.name
            assert not name.startswith((".." + "vault", "..sync", "..app")), f"{path.name} imports {name}"


def test_only_ui_imports_qt_widgets() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts or path.name == "main.py":
            continue
        assert not any(n.startswith("PySide6.QtWidgets") for n in _imports(path)), path.name


def _string_built(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def test_no_sql_built_inside_execute_calls() -> None:
    """SECURITY R23: no f-string, % or + inside execute(); a reviewed exception says "sql-reviewed:" and why."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS
                    and node.args and _string_built(node.args[0])
                    and "sql-reviewed:" not in lines[node.lineno - 1]):  # fmt: skip
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
