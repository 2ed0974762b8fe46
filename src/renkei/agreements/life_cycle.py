"""The life cycles of an agreement and of its amendments, as tables (ADR 16). The services that
apply them are in ``lifecycle.py`` (the agreement's life) and ``amendments.py``."""

from django.utils.translation import gettext_lazy as _

from renkei.agreements.models import AgreementStatus, Amendment
from renkei.core.transitions import LifeCycle, Transition, life_cycle_register

ALL = frozenset(AgreementStatus.values)
IN_FORCE = frozenset({AgreementStatus.IN_FORCE})
STAYS: frozenset[str] = frozenset()
CONTACT_POINTS = "either side's contact point"

AGREEMENT = life_cycle_register(
    LifeCycle(
        name="agreement",
        object_type="agreements.agreement",
        state_field="status",
        noun=_("MOC"),
        state_labels=dict(AgreementStatus.choices),
        created={"agreement.loaded": AgreementStatus.SIGNED},
        transitions=(
            # The MOC's text and its status as data (`renkei setup`), loaded again.
            Transition("reload", ALL, ALL, "agreement.updated", "the operator", _("loaded")),
            Transition(
                "commence",
                frozenset({AgreementStatus.SIGNED}),
                IN_FORCE,
                "agreement.commenced",
                "Japan's contact point",
                _("started"),
            ),
            Transition(
                "notice_termination",
                frozenset({AgreementStatus.SIGNED, AgreementStatus.IN_FORCE}),
                STAYS,
                "agreement.termination_noticed",
                CONTACT_POINTS,
                _("given notice of termination"),
            ),
            Transition(
                "review",
                ALL,
                STAYS,
                "agreement.reviewed",
                CONTACT_POINTS,
                _("reviewed"),
            ),
            Transition(
                "end",
                frozenset({AgreementStatus.SIGNED, AgreementStatus.IN_FORCE}),
                frozenset({AgreementStatus.TERMINATED}),
                "agreement.ended",
                "the system, on the end date",
                _("ended"),
            ),
        ),
    )
)

PROPOSED = frozenset({Amendment.Status.PROPOSED})

AMENDMENT = life_cycle_register(
    LifeCycle(
        name="amendment",
        object_type="agreements.amendment",
        state_field="status",
        noun=_("amendment"),
        state_labels=dict(Amendment.Status.choices),
        created={"agreement.amendment_proposed": Amendment.Status.PROPOSED},
        transitions=(
            Transition(
                "consent",
                PROPOSED,
                STAYS,
                "agreement.amendment_consented",
                "each side's contact point, once",
                _("consented to"),
            ),
            Transition(
                "enter_into_force",
                PROPOSED,
                frozenset({Amendment.Status.IN_FORCE}),
                "agreement.amendment_in_force",
                "the second side's consent",
                _("put in force"),
            ),
            Transition(
                "withdraw",
                PROPOSED,
                frozenset({Amendment.Status.WITHDRAWN}),
                "agreement.amendment_withdrawn",
                "the proposing side's contact point",
                _("withdrawn"),
            ),
            Transition(
                "decline",
                PROPOSED,
                frozenset({Amendment.Status.DECLINED}),
                "agreement.amendment_declined",
                "the other side's contact point",
                _("declined"),
            ),
        ),
    )
)
