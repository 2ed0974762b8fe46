"""The life cycles of a consultation and of its corrective actions, as tables (ADR 16)."""

from django.utils.translation import gettext_lazy as _

from renkei.consultations.models import Action, Meeting
from renkei.core.transitions import LifeCycle, Transition, life_cycle_register

State = Meeting.State
PROPOSED = frozenset({State.PROPOSED})
ACCEPTED = frozenset({State.ACCEPTED})
CONTACT_POINTS = "either side's contact point"

MEETING = life_cycle_register(
    LifeCycle(
        name="consultation",
        object_type="consultations.meeting",
        state_field="state",
        noun=_("consultation"),
        state_labels=dict(State.choices),
        created={"consultation.proposed": State.PROPOSED},
        transitions=(
            Transition(
                "accept",
                PROPOSED,
                ACCEPTED,
                "consultation.accepted",
                "the other side's contact point",
                _("accepted"),
            ),
            Transition(
                "decline",
                PROPOSED,
                frozenset({State.DECLINED}),
                "consultation.declined",
                "the other side's contact point",
                _("declined"),
            ),
            Transition(
                "write_minutes",
                ACCEPTED,
                frozenset(),
                "consultation.minutes_written",
                CONTACT_POINTS,
                _("given minutes"),
            ),
            Transition(
                "approve_minutes",
                ACCEPTED,
                frozenset({State.ACCEPTED, State.HELD}),  # held once both sides approved
                "consultation.minutes_approved",
                CONTACT_POINTS,
                _("approved"),
            ),
            Transition(
                "add_action",
                frozenset({State.ACCEPTED, State.HELD}),
                frozenset(),
                "consultation.action_added",
                CONTACT_POINTS,
                _("given actions"),
            ),
        ),
    )
)

ACTION = life_cycle_register(
    LifeCycle(
        name="consultation_action",
        object_type="consultations.action",
        state_field="state",
        noun=_("action"),
        state_labels=dict(Action.State.choices),
        created={"consultation.action_opened": Action.State.OPEN},
        transitions=(
            Transition(
                "close",
                frozenset({Action.State.OPEN}),
                frozenset({Action.State.DONE}),
                "consultation.action_done",
                "the owning side",
                _("closed"),
            ),
        ),
    )
)
