"""A custom import-linter contract (pyproject [tool.importlinter]): only the owner module defines the
application's states. It reads the owner's status enum from its source and fails on any other module of
the project (tests and migrations aside) that defines an enum with those values, or a collection naming
several of them (`EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)`). The per-state facts
and the derived sets live in the workflow table; everyone else imports them."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter import Contract, ContractCheck, fields, output


def _member_values(node: ast.ClassDef) -> list[str]:
    """The values a choices class declares: the first item of each `NAME = "value", "label"`."""
    return [
        stmt.value.elts[0].value
        for stmt in node.body
        if isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Tuple)
        and stmt.value.elts
        and isinstance(stmt.value.elts[0], ast.Constant)
    ]


def _enum_values(tree: ast.Module, enum_name: str) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == enum_name:
            return set(_member_values(node))
    return set()


def _defines_states(tree: ast.Module, values: set[str], enum_name: str) -> list[int]:
    """Line numbers where a module defines states: a class repeating half the enum's values (another
    status enum may share a word or two, like "draft"), or a collection of two or more `<enum>.<member>`
    (or of an alias of the enum), at any level: a condition `status in (S.A, S.B)` is a set of states
    that belongs in the workflow table too."""
    aliases = {enum_name} | {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == enum_name
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            own = _member_values(node)
            if len(set(own) & values) >= max(3, len(values) // 2):  # a copy of the enum, not a neighbour
                lines.append(node.lineno)
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            members = [
                e
                for e in node.elts
                if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id in aliases
            ]
            if len(members) >= 2:
                lines.append(node.lineno)
    return lines


class StatesOwnedContract(Contract):
    """type = config.contracts.StatesOwnedContract: `owner` (a module) and `enum` (its class name)."""

    owner = fields.StringField()
    enum = fields.StringField()

    def check(self, graph, verbose: bool) -> ContractCheck:
        owner, enum_name = str(self.owner), str(self.enum)
        values = _enum_values(ast.parse(_source(owner)), enum_name)
        offenders = []
        for module in sorted(graph.modules):
            parts = module.split(".")
            if module == owner or "tests" in parts or "migrations" in parts:
                continue
            source = _source(module)
            if source is None:
                continue
            offenders += [(module, line) for line in _defines_states(ast.parse(source), values, enum_name)]
        return ContractCheck(kept=not offenders and bool(values), metadata={"offenders": offenders, "found": values})

    def render_broken_contract(self, check: ContractCheck) -> None:
        if not check.metadata["found"]:
            output.print_error(f"{self.owner} does not define {self.enum}.")
        for module, line in check.metadata["offenders"]:
            output.print_error(f"{module}:{line} defines {self.enum} states outside {self.owner}.")
            output.new_line()


ROOT = Path(__file__).resolve().parents[1]


def _source(module: str) -> str | None:
    """The module's source, read from the project folder (nothing is imported)."""
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None
