"""Translation catalogues without GNU gettext: find the msgids in the source, check the
Japanese catalogue covers them, and compile ``.po`` to ``.mo`` with Babel."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("ja",)  # msgids are English
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "ngettext"}
_TEMPLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1""")
_BLOCK_TAG = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
_BLOCK_VAR = re.compile(r"{{\s*(\w+)\s*}}")


def _python_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT_NAMES
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def source_msgids(root: Path = PACKAGE_DIR) -> set[str]:
    msgids: set[str] = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        msgids |= _python_msgids(path)
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        msgids |= {m.group(2) for m in _TEMPLATE_TAG.finditer(text)}
        # Django turns {{ name }} inside blocktranslate into %(name)s in the msgid.
        msgids |= {_BLOCK_VAR.sub(r"%(\1)s", m.group(1)) for m in _BLOCK_TAG.finditer(text)}
    return msgids


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def read_catalog(language: str):
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def compile_catalogs() -> list[Path]:
    written = []
    for language in LANGUAGES:
        catalog = read_catalog(language)
        target = po_path(language).with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(target)
    return written
