"""Fixtures shared by every app's tests: the real agreements and units loaded as `renkei setup`
loads them, and users made through the services."""

import pytest

from renkei.accounts.reference_data import units_load
from renkei.agreements.models import Agreement
from renkei.agreements.services import agreements_load, agreements_partner_units_sync
from renkei.registry.reference_data import sectors_load


@pytest.fixture
def agreements(db):
    agreements_load()
    units_load()
    sectors_load()
    agreements_partner_units_sync()
    return {a.code: a for a in Agreement.objects.prefetch_related("provisions", "signatures")}


@pytest.fixture
def demo_users(agreements):
    from renkei.accounts.models import User
    from renkei.agreements.demo import demo_seed

    demo_seed()
    return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture(autouse=True)
def _fast_hashing(settings, request):
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded files go to a fresh directory per test, never into var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _private_ledger_files(settings, tmp_path):
    # The ledger's signing key and checkpoint files per test, never in var/; the process's
    # Merkle tree is rebuilt for each test's ledger.
    from renkei.audit.ledger import _TREE_CACHE

    settings.RENKEI_LEDGER_KEYS = tmp_path / "ledger-keys"
    settings.RENKEI_CHECKPOINTS = tmp_path / "checkpoints"
    settings.RENKEI_LEDGER_JOURNAL = tmp_path / "ledger-journal.jsonl"
    _TREE_CACHE.clear()


@pytest.fixture(autouse=True)
def _reset_axes(settings):
    # Lock-outs are stored in the database, which each test gets fresh; the cache-based
    # handler would leak across tests.
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"


@pytest.fixture(autouse=True)
def _fresh_provision_cache():
    # The process-wide provision cache is keyed by agreement pk, data digest and amendment
    # count; rolled-back tests reuse primary keys, so each test starts with an empty cache.
    from renkei.agreements.models import _PROVISIONS_BY_DIGEST

    _PROVISIONS_BY_DIGEST.clear()


@pytest.fixture(autouse=True)
def _fresh_screening_index():
    # Each process keeps one screening index; a test's names are gone when it rolls back.
    from renkei.screening.matching import _CACHE

    _CACHE.clear()
