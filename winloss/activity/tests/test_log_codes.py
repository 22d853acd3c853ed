"""Every log code the code base writes is ``thing.verb`` and has a sentence.

The codes are read from the source (every call of ``log_action``/``log_actions`` outside the
tests), so a new code without a sentence in its stage's ``sentences.py`` fails here by name
before any history page shows it as a bare code.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from winloss.activity.display import CODE_FORM, SENTENCES, register

ROOT = Path(__file__).resolve().parents[2]  # the winloss package
LOGGERS = {"log_action", "log_actions"}  # both take the code second, or as ``action=``


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(), filename=str(path))
        self.parent = {
            child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)
        }

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def calls_to(self, name: str) -> Iterator[ast.Call]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and _called(node) == name:
                yield node

    def module_value(self, name: str) -> ast.expr | None:
        for node in self.tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                return node.value
            # An annotated one (``CODES: dict[str, str] = {...}``) holds its codes as well.
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == name
            ):
                return node.value
        return None


def _called(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _argument(call: ast.Call, position: int | None, name: str) -> ast.expr | None:
    if position is not None and len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _codes(expr: ast.expr, module: _Module, depth: int = 0) -> set[str] | None:
    """The codes ``expr`` can hold, or None when the source does not say: a literal, either
    side of ``a if … else b``, a module-level dict's values (``CODES[k]``, ``CODES.get(k,
    default)``), a local variable's assignments, or a parameter as the module's calls pass it."""
    if depth > 5:
        return None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return _union([_codes(e, module, depth + 1) for e in (expr.body, expr.orelse)])
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
        return _dict_values(expr.value.id, module, depth)
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "get"
        and isinstance(expr.func.value, ast.Name)
        and len(expr.args) == 2
    ):
        values = _dict_values(expr.func.value.id, module, depth)
        default = _codes(expr.args[1], module, depth + 1)
        return _union([values, default])
    if isinstance(expr, ast.Name):
        return _name(expr, module, depth)
    return None


def _dict_values(name: str, module: _Module, depth: int) -> set[str] | None:
    table = module.module_value(name)
    if not isinstance(table, ast.Dict):
        return None
    return _union([_codes(v, module, depth + 1) for v in table.values])


def _name(expr: ast.Name, module: _Module, depth: int) -> set[str] | None:
    function = module.function_of(expr)
    if function is None:
        value = module.module_value(expr.id)
        return None if value is None else _codes(value, module, depth + 1)
    assigned = [
        node.value
        for node in ast.walk(function)
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
        )
        or (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == expr.id
            and node.value is not None
        )
    ]
    if assigned:
        return _union([_codes(v, module, depth + 1) for v in assigned])
    params = [a.arg for a in function.args.posonlyargs + function.args.args]
    keyword_only = [a.arg for a in function.args.kwonlyargs]
    if expr.id not in params + keyword_only:
        return None
    position = params.index(expr.id) if expr.id in params else None
    passed = [_argument(call, position, expr.id) for call in module.calls_to(function.name)]
    if not passed or None in passed:
        return None
    return _union([_codes(p, module, depth + 1) for p in passed if p is not None])


def _union(parts: list[set[str] | None]) -> set[str] | None:
    if any(part is None for part in parts):
        return None
    return set().union(*parts)  # type: ignore[arg-type]


def written_codes() -> tuple[dict[str, list[str]], list[str]]:
    """{code: [where it is written]} for every log call in winloss outside the tests, and the
    places whose code the source does not say."""
    codes: dict[str, list[str]] = {}
    unreadable: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        module = _Module(path)
        for call in ast.walk(module.tree):
            if not isinstance(call, ast.Call) or _called(call) not in LOGGERS:
                continue
            where = f"{relative}:{call.lineno}"
            action = _argument(call, 1, "action")
            found = None if action is None else _codes(action, module)
            if found is None:
                unreadable.append(where)
                continue
            for code in found:
                codes.setdefault(code, []).append(where)
    return codes, unreadable


def test_every_log_code_written_is_thing_verb_with_a_sentence():
    codes, unreadable = written_codes()
    assert not unreadable, (
        "Write these log codes as literals (or a module-level dict of literals): "
        + ", ".join(unreadable)
    )
    wrong = [
        f"{code!r} ({', '.join(where)})"
        for code, where in sorted(codes.items())
        if not CODE_FORM.fullmatch(code)
    ]
    assert not wrong, "Log codes not in thing.verb form: " + "; ".join(wrong)
    missing = [
        f"{code} ({', '.join(where)})"
        for code, where in sorted(codes.items())
        if code not in SENTENCES
    ]
    assert not missing, (
        "Log codes without a sentence (add them to the stage's sentences.py): " + "; ".join(missing)
    )


def test_the_scan_reads_codes_however_they_are_passed():
    codes, _ = written_codes()
    assert {
        "interview.validated",  # a literal
        "program.status_changed",  # a variable set from a conditional
        "sample.unreachable",  # a module-level table
        "deals.enriched",  # a table's default
        "guide.question_moved",  # passed through a module's own logging helper
        "log.words_removed",  # logged by the audit trail itself
    } <= set(codes)


def test_a_code_has_one_sentence_in_thing_verb_form():
    with pytest.raises(ImproperlyConfigured, match=r"not thing\.verb"):
        register("reports", {"quote added": "{actor} added a quote"})
    with pytest.raises(ImproperlyConfigured, match="in deals and in coding"):
        register("coding", {"deal.changed": "{actor} changed {object}"})
