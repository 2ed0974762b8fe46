"""Japanese and English everywhere: every source string is translated, and the committed
.mo is exactly what the .po compiles to (so no GNU gettext is needed to run)."""

import pytest
from babel.messages.mofile import read_mo

from renkei.core.i18n_catalog import po_path, read_catalog, source_msgids


def test_every_source_string_has_a_japanese_translation():
    catalog = read_catalog("ja")
    missing = sorted(m for m in source_msgids() if not (catalog.get(m) and catalog.get(m).string))
    assert missing == []


def _plain(value):
    # A plural message's id and strings are sequences (lists from the .mo, tuples from the .po).
    return tuple(value) if isinstance(value, list | tuple) else value


def test_committed_mo_matches_the_po():
    po = {_plain(m.id): _plain(m.string) for m in read_catalog("ja") if m.id}
    with po_path("ja").with_suffix(".mo").open("rb") as handle:
        mo = {_plain(m.id): _plain(m.string) for m in read_mo(handle) if m.id}
    assert mo == po


@pytest.mark.parametrize("placeholder", ["%(roles)s"])
def test_placeholders_survive_translation(placeholder):
    catalog = read_catalog("ja")
    for message in catalog:
        if message.id and placeholder in message.id:
            assert placeholder in message.string
