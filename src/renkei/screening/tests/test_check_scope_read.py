"""A check reads the caller's agreements and the index version in one statement; its scope must
be what the ORM's scoping (``agreements_visible_to``) gives, plus Japan's own registers for
Japan's side (a stray assignment row opens nothing, a deactivated user sees nothing), and a name
stored since the last check must be seen at once."""

import pytest

from renkei.accounts.models import Side
from renkei.agreements.models import AgreementAssignment
from renkei.agreements.scoping import agreements_visible_to
from renkei.core.errors import NotFound
from renkei.screening import selectors, services
from renkei.screening.matching import Query
from renkei.screening.tests.factories import support_organisation


def test_one_read_gives_the_scoping_rules_agreements_and_the_index(demo_users, agreements):
    AgreementAssignment.objects.create(user=demo_users["la.contact"], agreement=agreements["KH"])
    checked = 0
    for user in demo_users.values():
        if not selectors.may_screen(user):
            with pytest.raises(NotFound):
                selectors.scope_and_index_for(user)
            continue
        scope, index = selectors.scope_and_index_for(user)
        expected = set(agreements_visible_to(user).values_list("pk", flat=True))
        if user.side == Side.JP:
            expected.add(None)
        assert scope == expected, user.username
        assert index is selectors.index_for_screening()
        checked += 1
    assert checked >= 3
    la_scope, _index = selectors.scope_and_index_for(demo_users["la.contact"])
    assert la_scope == frozenset({agreements["LA"].pk})  # not KH, whatever the stray row says
    jp_scope, _index = selectors.scope_and_index_for(demo_users["isa.contact"])
    assert None in jp_scope and agreements["KH"].pk in jp_scope


def test_a_deactivated_user_reads_no_agreement(demo_users):
    user = demo_users["kh.contact"]
    assert user.side == Side.PARTNER
    user.is_active = False
    scope, _index = selectors.scope_and_index_for(user)
    assert scope == frozenset()


def test_a_name_stored_after_a_check_is_found_by_the_next(demo_users):
    officer = demo_users["isa.contact"]
    query = Query(name="Mekong Bridge Staffing Cooperative", kind="organisation")
    before = selectors.screening_check_for(officer, query)
    assert not any(c.stored.name == query.name for c in before)
    services.screened_names_replace(
        entries=[support_organisation(7001, [query.name])], agreement=None, side=Side.JP
    )
    services.index_version_bump()
    after = selectors.screening_check_for(officer, query)
    assert any(c.stored.name == query.name and c.score == 1.0 for c in after)
