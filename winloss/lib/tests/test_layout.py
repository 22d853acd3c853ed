"""The code's layout holds: no import cycles between files or between stages, the base library
imports no stage, and no import hides below the code (``noqa: E402``).

Imports are read from the source (``ast``), so a lazy import inside a function counts: it is
the same dependency, only later. Imports under ``if TYPE_CHECKING:`` do not run and do not
count. Tests and migrations are left out.
"""

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the winloss package
# accounts, activity and jobs are one layer under the stages: the audit trail records what
# accounts change, and its pages are shown under accounts' roles.
BASE_LAYER = {"accounts", "activity", "jobs"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        else:
            yield from _imports(child)


def _known(name: str) -> str | None:
    """The winloss module ``name`` is, or is inside; None for anything else."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name if name in MODULES else None


def _targets(module: str, path: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in _imports(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            # ``from package import module`` depends on that module, not only the package.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        found.update(target for name in names if (target := _known(name)) not in (None, module))
    return found


GRAPH = {module: _targets(module, path) for module, path in MODULES.items()}


def _stage(module: str) -> str:
    stage = module.split(".")[1] if "." in module else module
    return "base layer" if stage in BASE_LAYER else stage


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []


def test_the_graph_is_read():
    # A reader that found nothing would pass every test below.
    assert len(GRAPH) > 300
    assert "winloss.interviews.review.services" in GRAPH["winloss.interviews.review.views"]
    assert "winloss.lib.errors" in GRAPH["winloss.lib.concurrency"]


def test_no_file_imports_itself_through_others():
    assert _cycle(GRAPH) == []


def test_no_stage_imports_itself_through_others():
    stages: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        stages.setdefault(_stage(module), set()).update(
            _stage(target) for target in targets if _stage(target) != _stage(module)
        )
    assert _cycle(stages) == []


def test_the_library_imports_no_stage():
    outside = {
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.startswith("winloss.lib")
        for target in targets
        if not target.startswith("winloss.lib")
    }
    assert outside == set()


@pytest.mark.parametrize("code", ["E402"])
def test_no_import_hides_below_the_code(code):
    hiding = [
        str(path.relative_to(ROOT.parent))
        for path in ROOT.rglob("*.py")
        if f"noqa: {code}" in path.read_text() and path != Path(__file__)
    ]
    assert hiding == []
