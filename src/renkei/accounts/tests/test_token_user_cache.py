"""A valid token's user is kept in this process for a few seconds (ADR 5): each request gets a
copy of its own, a revocation here takes effect at once, anything else at the deadline, and a
flood of tokens cannot grow the cache without bound."""

import pytest

from renkei.accounts import services
from renkei.accounts.models import User
from renkei.accounts.services import api_token_authenticate, api_token_create, api_token_revoke


@pytest.fixture(autouse=True)
def _empty_cache():
    services._TOKEN_USERS.clear()
    yield
    services._TOKEN_USERS.clear()


def test_each_call_gets_its_own_copy_of_the_cached_user(demo_users):
    _token, secret = api_token_create(actor=None, user=demo_users["kh.contact"], name="t")
    first = api_token_authenticate(secret)
    first.first_name = "changed by one request"
    first._state.fields_cache.pop("unit")
    second = api_token_authenticate(secret)
    assert second is not first and second.pk == first.pk
    assert second.first_name != "changed by one request"
    assert second.unit.country_code == "KH"


def test_the_cached_users_roles_cannot_be_changed_through_a_copy(demo_users):
    _token, secret = api_token_create(actor=None, user=demo_users["kh.contact"], name="t")
    roles = api_token_authenticate(secret).role_set()
    with pytest.raises(AttributeError):
        roles.add("administrator")
    assert "administrator" not in api_token_authenticate(secret).role_set()


def test_revoking_a_token_used_a_moment_ago_takes_effect_at_once(demo_users):
    token, secret = api_token_create(actor=None, user=demo_users["la.contact"], name="t")
    assert api_token_authenticate(secret) is not None
    api_token_revoke(actor=demo_users["la.contact"], token_id=token.pk)
    assert api_token_authenticate(secret) is None


def test_a_change_made_elsewhere_is_seen_at_the_deadline(demo_users, monkeypatch):
    user = demo_users["la.contact"]
    _token, secret = api_token_create(actor=None, user=user, name="t")
    assert api_token_authenticate(secret) is not None
    # Another process deactivates the user: this one keeps the cached user until the deadline.
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert api_token_authenticate(secret) is not None
    later = services.time.monotonic() + services.TOKEN_CACHE_SECONDS + 1
    monkeypatch.setattr(services.time, "monotonic", lambda: later)
    assert api_token_authenticate(secret) is None


def test_a_flood_of_tokens_never_grows_the_cache_past_its_bound(demo_users, monkeypatch):
    monkeypatch.setattr(services, "_TOKEN_USERS_MAX", 3)
    secrets = [
        api_token_create(actor=None, user=demo_users["isa.contact"], name=f"t{i}")[1]
        for i in range(7)
    ]
    for secret in secrets:
        assert api_token_authenticate(secret).username == "isa.contact"
        assert len(services._TOKEN_USERS) <= 3


def test_a_request_copy_is_what_copy_copy_makes(demo_users, recwarn):
    import copy

    user = User.objects.select_related("unit").get(pk=demo_users["kh.contact"].pk)
    user.role_set()
    ours, reference = services._own_copy(user), copy.copy(user)
    assert type(ours) is User and ours is not user
    assert {k: v for k, v in vars(ours).items() if k != "_state"} == {
        k: v for k, v in vars(reference).items() if k != "_state"
    }
    assert (ours._state.db, ours._state.adding) == (user._state.db, user._state.adding)
    assert ours._state is not user._state
    assert ours._state.fields_cache == user._state.fields_cache
    assert ours._state.fields_cache is not user._state.fields_cache
    assert not recwarn.list  # no "pickled model instance's Django version" warning
