"""Data flows one way: no stage imports a stage that comes after it.

ingest -> clean -> language -> recognise (resolve) -> attribute -> segment ->
models; api composes them; cli and the command modules sit on top. The
check reads import statements, so it costs nothing at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import clusterfacts

PACKAGE = Path(clusterfacts.__file__).parent

#: module (or subpackage) -> the package modules it must never import
FORBIDDEN = {
    "vocabulary": {"models", "api", "cli"},
    "offsets": {"clean", "api", "cli", "models"},
    "ingest": {"clean", "language", "recognise", "attribute", "segment", "api", "cli"},
    "clean": {"language", "recognise", "attribute", "segment", "api", "cli"},
    "language": {"recognise", "attribute", "segment", "api", "cli"},
    "resolve": {"recognise", "attribute", "segment", "api", "cli", "models"},
    "recognise": {"attribute", "segment", "api", "cli", "models"},
    "attribute": {"segment", "api", "cli", "models"},
    "segment": {"api", "cli"},
    "models": {"api", "cli", "clean", "recognise", "attribute", "segment", "ingest"},
    "api": {"cli", "cli_release", "cli_report", "report", "diff", "store", "releases"},
    "diff": {"api", "cli", "recognise", "attribute", "clean"},
    "evaluate": {"api", "cli"},
}


def _imported_package_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from .x import y / from . import x
                names.update(module.split(".")[:1] if module else [alias.name for alias in node.names])
            elif module.startswith("clusterfacts."):
                names.add(module.split(".")[1])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("clusterfacts."))
    return names


def test_no_stage_imports_a_later_stage():
    violations = []
    for name, forbidden in FORBIDDEN.items():
        target = PACKAGE / name
        files = sorted(target.glob("*.py")) if target.is_dir() else [PACKAGE / f"{name}.py"]
        for path in files:
            wrong = _imported_package_modules(path) & forbidden
            if wrong:
                violations.append(f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}")
    assert not violations, violations
