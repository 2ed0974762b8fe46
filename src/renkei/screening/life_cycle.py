"""A screening hit's life: open until a contact point confirms or dismisses it (ADR 16). Hits
are created in bulk by a screening run, so the table knows no creating event: an open hit's
first ledger line is its decision."""

from django.utils.translation import gettext_lazy as _

from renkei.core.transitions import LifeCycle, Transition, life_cycle_register
from renkei.screening.models import Hit

OPEN = frozenset({Hit.Status.OPEN})

HIT = life_cycle_register(
    LifeCycle(
        name="screening_hit",
        object_type="screening.hit",
        state_field="status",
        noun=_("hit"),
        state_labels=dict(Hit.Status.choices),
        created={},
        transitions=(
            Transition(
                "confirm",
                OPEN,
                frozenset({Hit.Status.CONFIRMED}),
                "screening.hit_confirmed",
                "a contact point who sees both records",
                _("confirmed"),
            ),
            Transition(
                "dismiss",
                OPEN,
                frozenset({Hit.Status.DISMISSED}),
                "screening.hit_dismissed",
                "a contact point who sees both records",
                _("dismissed"),
            ),
        ),
    )
)
