"""Every environment variable the code reads is documented in docs/settings.md, and nothing more."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DOC = ROOT / "docs" / "settings.md"
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list"}


def _python_files() -> list[Path]:
    files = [*ROOT.joinpath("config").rglob("*.py"), *ROOT.joinpath("stegvis").rglob("*.py")]
    return [path for path in files if "migrations" not in path.parts]


def _callee(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def _is_os_environ(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _env_reads(tree: ast.AST, where: str) -> set[str]:
    """Names passed to the env_* helpers, plus raw os.environ/os.getenv reads of STEGVIS_* names."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) in ENV_HELPERS and node.args:
            first = node.args[0]
            is_name = isinstance(first, ast.Constant) and isinstance(first.value, str)
            # A computed name could not be checked against the docs.
            assert is_name, f"{where}:{node.lineno}: {_callee(node)}() must get a literal variable name"
            names.add(first.value)
            continue
        raw: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args:
            is_getenv = isinstance(node.func, ast.Attribute) and node.func.attr == "getenv"
            is_environ_get = (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and _is_os_environ(node.func.value)
            )
            if is_getenv or is_environ_get:
                raw = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            raw = node.slice
        if isinstance(raw, ast.Constant) and isinstance(raw.value, str) and raw.value.startswith("STEGVIS_"):
            names.add(raw.value)
    return names


def read_variables() -> set[str]:
    names: set[str] = set()
    for path in _python_files():
        where = str(path.relative_to(ROOT))
        names |= _env_reads(ast.parse(path.read_text(encoding="utf-8"), filename=where), where)
    return names


def documented_variables() -> set[str]:
    """First-column names of the Markdown tables in docs/settings.md, e.g. | `STEGVIS_DEBUG` | ..."""
    names = set()
    for line in SETTINGS_DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", line)
        if match:
            names.add(match.group(1))
    return names


def test_settings_read_the_expected_variables() -> None:
    # Guards the parser itself: if it finds nothing, the other tests would pass vacuously.
    assert {"DATABASE_URL", "STEGVIS_DEBUG", "STEGVIS_SECRET_KEY"} <= read_variables()


def test_every_environment_variable_is_documented() -> None:
    missing = read_variables() - documented_variables()
    assert not missing, f"add to docs/settings.md: {sorted(missing)}"


def test_every_documented_variable_is_read() -> None:
    stale = documented_variables() - read_variables()
    assert not stale, f"docs/settings.md documents variables nothing reads: {sorted(stale)}"
