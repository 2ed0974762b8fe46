import factory

from renkei.accounts.models import MinistryUnit, User
from renkei.accounts.services import user_create

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.Factory):
    """Users made through ``user_create``, so each one is valid and on the ledger."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"officer{n}")
    unit_code = "isa-residence-management"
    roles = ("officer",)
    otp_required = False
    is_demo = False

    @classmethod
    def _create(cls, model_class, username, unit_code, roles, **kwargs):
        return user_create(
            actor=None,
            username=username,
            password=PASSWORD,
            unit=MinistryUnit.objects.get(code=unit_code),
            roles=list(roles),
            **kwargs,
        )
