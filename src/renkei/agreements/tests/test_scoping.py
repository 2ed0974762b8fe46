"""Attacks on scoping: a partner sees its own agreement only, through pages and the API."""

from datetime import date

import pytest

from renkei.accounts.services import api_token_create
from renkei.agreements.models import Agreement, AgreementAssignment
from renkei.agreements.scoping import agreement_codes_visible_to
from renkei.agreements.services import assignment_add
from renkei.core.errors import ApplicationError

OTHERS = ["KH", "PK", "KG", "TJ"]


def bearer(user):
    _token, secret = api_token_create(actor=None, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_partner_sees_only_its_own_agreement(demo_users):
    assert agreement_codes_visible_to(demo_users["la.contact"]) == {"LA"}
    assert agreement_codes_visible_to(demo_users["isa.contact"]) == {"KG", "KH", "LA", "PK", "TJ"}
    assert agreement_codes_visible_to(demo_users["renkei.admin"]) == set()


@pytest.mark.parametrize("code", OTHERS)
def test_partner_probing_other_workspace_pages_gets_404(demo_users, client, code):
    client.force_login(demo_users["la.contact"])
    assert client.get("/work/LA/").status_code == 200
    response = client.get(f"/work/{code}/")
    assert response.status_code == 404
    assert code not in response.content.decode().split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("code", [*OTHERS, "XX", "LA'--"])
def test_partner_probing_other_workspace_endpoints_gets_404(demo_users, client, code):
    headers = bearer(demo_users["la.contact"])
    assert client.get("/api/v1/workspaces/LA", **headers).status_code == 200
    response = client.get(f"/api/v1/workspaces/{code}", **headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_missing_and_forbidden_answer_the_same(demo_users, client):
    headers = bearer(demo_users["la.contact"])
    forbidden = client.get("/api/v1/workspaces/KH", **headers)
    missing = client.get("/api/v1/workspaces/XX", **headers)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


def test_workspace_list_and_me_show_only_own_agreement(demo_users, client):
    headers = bearer(demo_users["kh.contact"])
    assert [a["code"] for a in client.get("/api/v1/workspaces", **headers).json()] == ["KH"]
    me = client.get("/api/v1/me", **headers).json()
    assert [a["code"] for a in me["agreements"]] == ["KH"]
    assert me["side"] == "partner"
    assert me["unit"]["code"] == "kh-contact"
    assert me["roles"] == ["contact_point_officer", "officer", "publisher"]


def test_workspace_team_does_not_leak_other_partners(demo_users, client):
    headers = bearer(demo_users["la.contact"])
    team = {m["username"] for m in client.get("/api/v1/workspaces/LA", **headers).json()["team"]}
    assert "la.contact" in team and "isa.contact" in team
    assert not team & {"kh.contact", "pk.contact", "kg.contact", "tj.contact"}


def test_partner_cannot_be_assigned_to_another_agreement(demo_users, agreements):
    with pytest.raises(ApplicationError) as excinfo:
        assignment_add(actor=None, user=demo_users["la.contact"], agreement=agreements["KH"])
    assert excinfo.value.code == "wrong_agreement"
    assert not AgreementAssignment.objects.filter(
        user=demo_users["la.contact"], agreement=agreements["KH"]
    ).exists()


def test_stray_assignment_row_still_does_not_open_another_agreement(demo_users, agreements, client):
    # Written behind the service's back, as a bad import or a manual fix might.
    AgreementAssignment.objects.create(user=demo_users["la.contact"], agreement=agreements["KH"])
    assert agreement_codes_visible_to(demo_users["la.contact"]) == {"LA"}
    client.force_login(demo_users["la.contact"])
    assert client.get("/work/KH/").status_code == 404


def test_home_page_lists_own_agreements_with_contact_points(demo_users, client):
    client.force_login(demo_users["la.contact"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'data-agreement="LA"' in page
    assert "労働社会福祉省雇用局海外雇用課" in page
    assert "出入国在留管理庁政策課" in page
    for code in OTHERS:
        assert f'data-agreement="{code}"' not in page


def test_anonymous_workspace_redirects_to_login(agreements, client):
    response = client.get("/work/LA/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_api_workspace_is_401(agreements, client):
    response = client.get("/api/v1/workspaces/LA")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_single_lookup_and_list_agree_for_every_user_and_code(demo_users, agreements):
    from renkei.agreements.scoping import agreement_get_for, agreements_visible_to
    from renkei.core.errors import NotFound

    for user in demo_users.values():
        listed = set(agreements_visible_to(user).values_list("code", flat=True))
        for code in [*agreements, "XX"]:
            try:
                found = agreement_get_for(user, code).code == code
            except NotFound:
                found = False
            assert found == (code in listed), (user.username, code)


def test_a_hot_paths_joined_read_finds_the_agreement_exactly_when_the_lookup_does(
    demo_users, agreements
):
    # agreement_row_get_for reads a row of the caller's beside the agreement (verification
    # reads the licence's organisation): the same rules, the same 404, and the joined columns
    # only where the join matched.
    from renkei.agreements.scoping import (
        agreement_get_for,
        agreement_row_get_for,
        assigned_agreement_read,
    )
    from renkei.core.errors import NotFound

    AgreementAssignment.objects.create(user=demo_users["la.contact"], agreement=agreements["KH"])
    joined = assigned_agreement_read(
        columns="b.code", joins="LEFT JOIN agreements_agreement b ON b.id = a.id AND b.code = %(b)s"
    )
    for user in demo_users.values():
        for code in [*agreements, "XX", "la", "L'", ""]:
            try:
                expected = agreement_get_for(user, code)
            except NotFound:
                expected = None
            for other in (code.upper(), "ZZ"):
                try:
                    found, (extra,) = agreement_row_get_for(user, code, joined, {"b": other})
                except NotFound:
                    assert expected is None, (user.username, code)
                    continue
                assert expected is not None and found.pk == expected.pk, (user.username, code)
                assert extra == (found.code if other == found.code else None)


def test_rows_read_beside_the_agreement_are_found_only_where_the_lookup_finds_it(
    demo_users, agreements
):
    # The verification reads the licence's events beside the agreement, in the same round trip:
    # that statement cannot wait for the agreement's, so it is scoped by the same join itself,
    # and read by a user not assigned to the agreement it finds nothing.
    from renkei.agreements.scoping import (
        agreement_get_for,
        agreement_rows_get_for,
        assigned_agreement_read,
        beside_assigned,
    )
    from renkei.core.driver_reads import driver_rows
    from renkei.core.errors import NotFound

    AgreementAssignment.objects.create(user=demo_users["la.contact"], agreement=agreements["KH"])
    codes = beside_assigned(
        columns="b.code",
        joins="JOIN agreements_agreement b ON b.code <> a.code AND b.code <> %(b)s",
        order="b.code",
    )
    every = sorted(agreements)
    for user in demo_users.values():
        for code in [*agreements, "XX", "la", ""]:
            try:
                expected = agreement_get_for(user, code)
            except NotFound:
                expected = None
            try:
                found, extra, (rows,) = agreement_rows_get_for(
                    user, code, assigned_agreement_read(), {"b": "PK"}, beside=(codes,)
                )
            except NotFound:
                assert expected is None, (user.username, code)
            else:
                assert expected is not None and found.pk == expected.pk, (user.username, code)
                assert extra == ()
                assert [c for (c,) in rows] == [c for c in every if c not in (found.code, "PK")]
            # The statement alone, as the user's: rows only in an agreement it is assigned to
            # (the country rule for partners is applied before its rows are used).
            alone = driver_rows(codes, {"code": code, "user": user.pk, "b": "PK"})
            assert bool(alone) == (
                code in agreements and user.assignments.filter(agreement__code=code).exists()
            ), (user.username, code)


def test_a_hot_path_loading_only_some_fields_gets_the_same_agreement_with_the_rest_deferred(
    demo_users, agreements, django_assert_num_queries
):
    # The verification loads only the agreement's code and what the provision check reads; the
    # other fields are deferred as QuerySet.only defers them, and load from the database when
    # asked for, never as blanks.
    from renkei.agreements.scoping import (
        agreement_get_for,
        agreement_row_get_for,
        assigned_agreement_read,
    )

    slim = assigned_agreement_read(only=("code", "data_digest", "commenced_on"))
    agreements["LA"].commenced_on = date(2023, 4, 1)
    agreements["LA"].save(update_fields=["commenced_on"])
    user = demo_users["isa.examiner"]
    for code in ("LA", "KH", "PK"):
        full = agreement_get_for(user, code)
        found, extra = agreement_row_get_for(user, code, slim, {})
        assert extra == ()
        assert (found.pk, found.code, found.data_digest, found.commenced_on) == (
            full.pk,
            full.code,
            full.data_digest,
            full.commenced_on,
        )
        assert found.get_deferred_fields() == {
            f.attname
            for f in Agreement._meta.concrete_fields
            if f.attname not in ("id", "code", "data_digest", "commenced_on")
        }
        with django_assert_num_queries(1):
            assert found.partner_ministry_en == full.partner_ministry_en
        assert found.country_ja == full.country_ja and found.status == full.status
    # A date read as a date (the converter of its column, at its place among the fields).
    assert agreement_row_get_for(user, "LA", slim, {})[0].commenced_on == date(2023, 4, 1)
    with pytest.raises(ValueError):
        assigned_agreement_read(only=("code", "no_such_field"))


def test_the_plain_sql_ids_follow_the_same_rules(demo_users, agreements):
    from renkei.agreements.scoping import agreement_ids_visible_to, agreements_visible_to

    AgreementAssignment.objects.create(user=demo_users["la.contact"], agreement=agreements["KH"])
    for user in demo_users.values():
        expected = set(agreements_visible_to(user).values_list("pk", flat=True))
        assert agreement_ids_visible_to(user) == expected, user.username
    assert agreement_ids_visible_to(demo_users["la.contact"]) == {agreements["LA"].pk}
