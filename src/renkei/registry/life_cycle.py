"""Life cycles of the registers' records, as tables (ADR 16). A sending organisation's
accreditation is a dated history with its own table (``status.TRANSITIONS``): its writes lock the
organisation and judge the history read under that lock."""

from django.utils.translation import gettext_lazy as _

from renkei.core.transitions import LifeCycle, Transition, life_cycle_register
from renkei.registry.models import CandidateCertificate, IntakeSuspension, SuspensionCase

CERTIFICATE = life_cycle_register(
    LifeCycle(
        name="candidate_certificate",
        object_type="registry.candidatecertificate",
        state_field="status",
        noun=_("certificate"),
        state_labels=dict(CandidateCertificate.STATUS_CHOICES),
        created={"certificate.issued": "valid"},
        transitions=(
            Transition(
                "revoke",
                frozenset({"valid"}),
                frozenset({"revoked"}),
                "certificate.revoked",
                "the partner's contact point",
                _("revoked"),
            ),
        ),
    )
)


def _suspension_state(suspension: IntakeSuspension) -> str:
    return "lifted" if suspension.lifted_on is not None else "suspended"


SUSPENSION = life_cycle_register(
    LifeCycle(
        name="intake_suspension",
        object_type="registry.intakesuspension",
        state_field="lifted_on",
        noun=_("suspension"),
        state_labels={"suspended": _("Suspended"), "lifted": _("Lifted")},
        created={"intake.suspended": "suspended"},
        derive_state=_suspension_state,
        transitions=(
            Transition(
                "lift",
                frozenset({"suspended"}),
                frozenset({"lifted"}),
                "intake.resumed",
                "Japan's contact point",
                _("lifted"),
            ),
        ),
    )
)

Outcome = SuspensionCase.Outcome

SUSPENSION_CASE = life_cycle_register(
    LifeCycle(
        name="suspension_case",
        object_type="registry.suspensioncase",
        state_field="outcome",
        noun=_("case"),
        state_labels=dict(Outcome.choices),
        created={"intake.case_recorded": Outcome.PENDING},
        transitions=(
            Transition(
                "decide",
                frozenset({Outcome.PENDING}),
                frozenset(set(Outcome.values) - {Outcome.PENDING}),
                "intake.case_decided",
                "Japan's contact point",
                _("decided"),
            ),
        ),
    )
)
