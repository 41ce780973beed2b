"""The floors of the code: an app imports only the apps below it.

    demo, portal        the top: home pages, navigation, backups, demo data
    notifications       events of every app below, their outbox, e-mail and LINE
    reports             reads meetings, evaluations and programs
    meetings, evaluations   side by side, never each other
    accounts            the user (its province is a programs row)
    programs            geography, programs, clubs, indicators
    audit               change history
    core, thai          plumbing and Thai rules; they import no app

``make lint`` runs this file too. Strings (URLconf includes, app labels) are not
imports and are not checked; tests and benchmarks may import anything.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
FLOOR = {"thai", "core"}
ALLOWED = {
    "thai": set(),
    "core": {"thai"},
    "config": {"thai", "core"},
    "audit": FLOOR,
    "programs": FLOOR | {"config", "audit"},
    "accounts": FLOOR | {"config", "audit", "programs"},
    "meetings": FLOOR | {"config", "audit", "programs", "accounts"},
    "evaluations": FLOOR | {"config", "audit", "programs", "accounts"},
    "reports": FLOOR | {"config", "audit", "programs", "accounts", "meetings", "evaluations"},
    "notifications": FLOOR
    | {"config", "audit", "programs", "accounts", "meetings", "evaluations", "reports"},
    "portal": FLOOR
    | {
        "config",
        "audit",
        "programs",
        "accounts",
        "meetings",
        "evaluations",
        "reports",
        "notifications",
    },
    "demo": FLOOR
    | {
        "config",
        "audit",
        "programs",
        "accounts",
        "meetings",
        "evaluations",
        "reports",
        "notifications",
        "portal",
    },
}


def imports_of(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def upward_imports(app: str) -> list[str]:
    found = []
    for path in sorted((BASE / app).rglob("*.py")):
        for line, module in imports_of(path):
            top = module.partition(".")[0]
            if top in ALLOWED and top != app and top not in ALLOWED[app]:
                found.append(f"{path.relative_to(BASE)}:{line} imports {module}")
    return found


def test_every_project_package_has_a_floor():
    packages = {p.parent.name for p in BASE.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_no_import_runs_upward(app):
    assert upward_imports(app) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "views.py").write_text("from evaluations.selectors import x\n")
    monkeypatch.setattr("tests.test_layers.BASE", tmp_path)
    assert upward_imports("programs") == ["programs/views.py:1 imports evaluations.selectors"]


def test_every_imported_package_is_declared():
    """A package the code imports is named in pyproject.toml, not only pulled in by
    another one (which may drop it in any release)."""
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    from packaging.requirements import Requirement

    def norm(name: str) -> str:
        return name.lower().replace("_", "-").replace(".", "-")

    project = tomllib.loads((BASE / "pyproject.toml").read_text())["project"]
    declared = {norm(Requirement(r).name) for r in project["dependencies"]}
    declared |= {norm(Requirement(r).name) for r in project["optional-dependencies"]["dev"]}
    distributions = packages_distributions()
    undeclared = set()
    for app in ALLOWED:
        for path in (BASE / app).rglob("*.py"):
            for _line, module in imports_of(path):
                top = module.partition(".")[0]
                if top in ALLOWED or top in sys.stdlib_module_names:
                    continue
                names = {norm(d) for d in distributions.get(top, [top])}
                if not names & declared:
                    undeclared.add(f"{top} ({path.relative_to(BASE)})")
    assert sorted(undeclared) == []
