"""The structure that keeps personal data behind one door (issue 12, ADR 0013).

These read the source, not the running platform: they fail when a convention-based path
comes back — an access point threaded by hand, a read of names logged by hand, a role
group defined outside the app's `authorisation.py`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import leefwereld

SRC = Path(leefwereld.__file__).parent


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SRC)}:{getattr(node, 'lineno', '?')}"


def test_no_function_takes_an_access_point_or_on_behalf_of_by_hand():
    """Both come from the Actor; a parameter for them is the old, slippery path."""
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                names = {a.arg for a in (*args.args, *args.kwonlyargs, *args.posonlyargs)}
                if names & {"access_point", "on_behalf_of"}:
                    found.append(f"{_where(path, node)} {node.name}")
            if isinstance(node, ast.Call):
                func = node.func
                callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                # Creating the log row itself (AccessLog(...)/_log_row) is where it belongs.
                if callee in {"AccessLog", "_log_row", "create"}:
                    continue
                for keyword in node.keywords:
                    if keyword.arg in {"access_point", "on_behalf_of"}:
                        found.append(f"{_where(path, node)} {callee}({keyword.arg}=…)")
    allowed_prefix = ("core/actor.py", "vault/models.py")
    found = [f for f in found if not f.startswith(allowed_prefix)]
    assert found == [], "Thread the Actor instead: " + "; ".join(found)


def test_no_view_logs_a_read_of_names_by_hand():
    """Names and BSNs shown go through vault.registration, which logs them."""
    found = []
    for path, tree in _modules():
        if path.relative_to(SRC).parts[0] == "vault":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute | ast.Name):
                name = node.attr if isinstance(node, ast.Attribute) else node.id
                if name == "log_basic_registration_read":
                    found.append(_where(path, node))
    assert found == [], "Use leefwereld.vault.registration.show(actor, residents): " + ", ".join(
        found
    )


def _role_literals(node: ast.AST) -> int:
    """How many `Role.X` attributes a literal collection or call holds directly (a table
    of pairs such as the demo accounts' (name, role) is data, not a group)."""
    if isinstance(node, ast.Call):
        items = list(node.args)
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        items = list(node.elts)
    else:
        return 0
    count = 0
    for item in items:
        if isinstance(item, ast.Attribute) and getattr(item.value, "id", None) == "Role":
            count += 1
    return count


def test_role_groups_are_defined_once_in_authorisation_modules():
    """A group of two or more roles is written out only in core/roles.py, core/policy.py
    and the apps' authorisation.py; everything else imports it from there."""
    homes = ("authorisation.py", "roles.py", "policy.py")
    found = []
    for path, tree in _modules():
        if path.name in homes:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Call)
                and _role_literals(node) >= 2
            ):
                found.append(_where(path, node))
    assert sorted(set(found)) == [], "Role groups written out outside authorisation.py: " + (
        ", ".join(sorted(set(found)))
    )
