"""A contract type for import-linter that its own types do not cover: no module takes a private
name (one leading underscore) from another module. A helper two modules need is public, in the
app's own module for it or in `core/`, so that its users can be found and its name kept."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _source(module: str) -> Path | None:
    """The module's file, found from its top package's folder without importing anything else
    (importing an app's package would need Django's settings)."""
    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


class PrivateNamesContract(Contract):
    """Options: ``containers`` (the packages checked), ``exclude`` (module-name parts that are
    not checked, e.g. ``tests``)."""

    containers = fields.ListField(subfield=fields.StringField())
    exclude = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        excluded = set(self.exclude or [])
        violations = []
        for container in self.containers:
            for module in sorted(graph.find_descendants(container) | {container}):
                if excluded & set(module.split(".")):
                    continue
                violations += self._violations_in(module)
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def _violations_in(self, module: str) -> list[str]:
        path = _source(module)
        if path is None:
            return []
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [a.name for a in node.names if _private(a.name)]
                if names and node.module != module:
                    found.append(
                        f"{module}:{node.lineno} takes {', '.join(names)} from {node.module}"
                    )
        return found

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(f"- {violation}")
            output.new_line()
