"""One vocabulary of error codes: every code the source gives is in the catalogue, every code
in the catalogue is given somewhere, and the API guide's table is the catalogue's."""

import ast
from pathlib import Path

from renkei.core.error_codes import BY_CODE, error_table_markdown

SOURCE = Path(__file__).resolve().parents[2]
# Given by the error classes' defaults and the API's own handlers, not at a call site.
DEFAULTS = {"not_found", "forbidden", "unauthorized", "invalid"}
# The calls that make an error: its classes, and their constructors calling up.
ERROR_CALLS = {"ApplicationError", "NotFound", "PermissionDenied", "Conflict", "__init__"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def codes_in_source() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node) in ERROR_CALLS:
                for keyword in node.keywords:
                    if keyword.arg == "code":
                        found |= {
                            c.value
                            for c in ast.walk(keyword.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                        }
    return found


def test_every_code_given_is_in_the_catalogue():
    given = codes_in_source()
    assert len(given) > 50  # the scan finds the call sites
    assert given - set(BY_CODE) == set()


def test_every_code_in_the_catalogue_is_given():
    assert set(BY_CODE) - codes_in_source() - DEFAULTS == set()


def test_the_api_guide_carries_the_catalogue():
    guide = (SOURCE.parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    assert error_table_markdown() in guide, "run `renkei docs --write`"
