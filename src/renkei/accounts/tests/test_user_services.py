import pytest

from renkei.accounts.models import MinistryUnit, User
from renkei.accounts.services import user_create, user_set_otp_required
from renkei.accounts.tests.factories import PASSWORD, UserFactory
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, PermissionDenied


def unit(code):
    return MinistryUnit.objects.get(code=code)


@pytest.mark.parametrize(
    "unit_code,roles,code",
    [
        ("la-contact", ["examiner"], "role_side"),
        ("kh-contact", ["liaison"], "role_side"),
        ("mofa", ["embassy_officer"], "role_side"),
        ("mofa", ["superuser"], "unknown_role"),
    ],
)
def test_roles_that_do_not_fit_the_unit_are_refused(agreements, unit_code, roles, code):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as excinfo:
        user_create(
            actor=None, username="x.user", password=PASSWORD, unit=unit(unit_code), roles=roles
        )
    assert excinfo.value.code == code
    assert not User.objects.filter(username="x.user").exists()
    assert AuditEvent.objects.count() == before


def test_embassy_officer_needs_an_embassy(agreements):
    user = user_create(
        actor=None,
        username="kh.embassy",
        password=PASSWORD,
        unit=unit("kh-embassy"),
        roles=["embassy_officer"],
    )
    assert user.is_partner and user.has_role("embassy_officer")


def test_hostile_username_is_refused(agreements):
    with pytest.raises(ApplicationError):
        user_create(
            actor=None,
            username="<script>x</script>",
            password=PASSWORD,
            unit=unit("mofa"),
            roles=[],
        )


def test_duplicate_username_is_refused(agreements):
    UserFactory(username="same.name")
    with pytest.raises(ApplicationError) as excinfo:
        UserFactory(username="SAME.name")
    assert excinfo.value.code == "username_taken"


def test_only_administrators_change_second_factor_rules(demo_users):
    target = demo_users["la.contact"]
    with pytest.raises(PermissionDenied):
        user_set_otp_required(actor=demo_users["isa.contact"], user=target, required=True)
    user_set_otp_required(actor=demo_users["renkei.admin"], user=target, required=True)
    target.refresh_from_db()
    assert target.otp_required
    event = AuditEvent.objects.filter(action="user.otp_required_changed").latest("seq")
    assert event.actor_label == "renkei.admin"
    assert event.before == {"otp_required": False} and event.after == {"otp_required": True}


def test_partner_users_default_to_english_japanese_side_to_japanese(agreements):
    assert UserFactory(unit_code="la-contact").preferred_language == "en"
    assert UserFactory(unit_code="mofa").preferred_language == "ja"
