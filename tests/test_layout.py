"""The house's rules, read from the code's imports: the fast lane is a wing only main.py
enters, the services know nothing of the web, and the routes nothing of the fast lane."""

import ast
import shutil
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

FAST_LANE = {"inside": "app", "forbidden": ("app.fast",), "allowed": ("app.main", "app.fast")}
SERVICES = {
    "inside": "app.services",
    "forbidden": ("fastapi", "starlette", "app.web", "app.fast", "app.deps", "app.main"),
}
ROUTES = {"inside": "app.web", "forbidden": ("app.fast", "app.main")}


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, as dotted names (`from a import b` gives a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, packages) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def offenders(root: Path, *, inside: str, forbidden: tuple, allowed: tuple = ()) -> list[str]:
    """'module imports name' for each module of package `inside` under `root` (the
    project's folder) that imports something in `forbidden`, but for `allowed` ones."""
    found = []
    for path in sorted((root / "app").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not _within(name, [inside]) or _within(name, allowed):
            continue
        found += [f"{name} imports {i}" for i in sorted(imports_of(path)) if _within(i, forbidden)]
    return found


def test_nothing_but_main_imports_the_fast_lane():
    assert offenders(PROJECT_ROOT, **FAST_LANE) == []


def test_the_services_know_nothing_of_the_web():
    assert offenders(PROJECT_ROOT, **SERVICES) == []


def test_the_routes_know_nothing_of_the_fast_lane():
    assert offenders(PROJECT_ROOT, **ROUTES) == []


@pytest.mark.parametrize(
    ("module", "line", "rule"),
    [
        ("app/web/ideas/lists.py", "from app.fast.member_pages import MemberPages", ROUTES),
        ("app/cli.py", "from app.fast import FastLane", FAST_LANE),
        ("app/services/ideas/votes.py", "from fastapi import Request", SERVICES),
    ],
)
def test_each_rule_sees_a_forbidden_import(tmp_path, module, line, rule):
    """The rules above fail when broken: in a copy of app/ with one import added, the
    rule that forbids it names the module."""
    shutil.copytree(PROJECT_ROOT / "app", tmp_path / "app")
    broken = tmp_path / module
    broken.write_text(line + "\n" + broken.read_text())

    found = offenders(tmp_path, **rule)

    name = module.removesuffix(".py").replace("/", ".")
    assert any(entry.startswith(f"{name} imports ") for entry in found), found
