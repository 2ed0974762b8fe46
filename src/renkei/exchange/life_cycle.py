"""The life cycles of an exchange and of a consent request, as tables (ADR 16). The services
apply them through :func:`renkei.core.transitions.transition_run`; ``renkei audit verify``
replays the ledger against them."""

from django.utils.translation import gettext_lazy as _

from renkei.core.transitions import LifeCycle, Transition, life_cycle_register
from renkei.exchange.models import ConsentRequest, Status

DRAFT = frozenset({Status.DRAFT})
OPEN = frozenset({Status.SENT, Status.ACKNOWLEDGED, Status.ANSWERED})
AWAITING_ANSWER = frozenset({Status.SENT, Status.ACKNOWLEDGED})
FINISHED = frozenset({Status.ACCEPTED, Status.CLOSED})
STAYS: frozenset[str] = frozenset()

ORIGINATOR = "originating contact point"
RECIPIENT = "receiving contact point (or, for a return request, the embassy)"

EXCHANGE = life_cycle_register(
    LifeCycle(
        name="exchange",
        object_type="exchange.exchange",
        state_field="status",
        noun=_("exchange"),
        state_labels=dict(Status.choices),
        created={"exchange.drafted": Status.DRAFT},
        transitions=(
            Transition(
                "edit", DRAFT, STAYS, "exchange.draft_updated", "originating side", _("edited")
            ),
            Transition(
                "send", DRAFT, frozenset({Status.SENT}), "exchange.sent", ORIGINATOR, _("sent")
            ),
            Transition(
                "acknowledge",
                frozenset({Status.SENT}),
                frozenset({Status.ACKNOWLEDGED}),
                "exchange.acknowledged",
                RECIPIENT,
                _("acknowledged"),
            ),
            Transition("reply", OPEN, STAYS, "exchange.replied", "either side", _("replied to")),
            Transition(
                "answer",
                AWAITING_ANSWER,
                frozenset({Status.ANSWERED}),
                "exchange.answered",
                RECIPIENT,
                _("answered"),
            ),
            Transition(
                "accept",
                frozenset({Status.ANSWERED}),
                frozenset({Status.ACCEPTED}),
                "exchange.accepted",
                ORIGINATOR,
                _("accepted"),
            ),
            Transition(
                "close",
                OPEN,
                frozenset({Status.CLOSED}),
                "exchange.closed",
                ORIGINATOR,
                _("closed"),
            ),
            Transition(
                "reopen",
                FINISHED,
                AWAITING_ANSWER,  # back to the recipient: acknowledged if it had been
                "exchange.reopened",
                ORIGINATOR,
                _("reopened"),
            ),
            Transition(
                "withdraw",
                frozenset({Status.DRAFT, Status.SENT, Status.ACKNOWLEDGED}),
                frozenset({Status.WITHDRAWN}),
                "exchange.withdrawn",
                ORIGINATOR,
                _("withdrawn"),
            ),
            Transition(
                "attach",
                DRAFT | OPEN,
                STAYS,
                "attachment.added",
                "either side (drafts: the originating side)",
                _("given attachments"),
            ),
            Transition(
                "record_response",
                frozenset({Status.ANSWERED}),
                STAYS,
                "exchange.response_recorded",
                RECIPIENT,
                _("answered"),
            ),
            Transition(
                "end_with_agreement",
                DRAFT | OPEN,
                frozenset({Status.CLOSED}),
                "exchange.closed_agreement_ended",
                "the system, when the MOC ends",
                _("closed"),
            ),
        ),
    )
)

PENDING = frozenset({ConsentRequest.State.PENDING})

CONSENT_REQUEST = life_cycle_register(
    LifeCycle(
        name="consent_request",
        object_type="exchange.consentrequest",
        state_field="state",
        noun=_("consent request"),
        state_labels=dict(ConsentRequest.State.choices),
        created={"consent.requested": ConsentRequest.State.PENDING},
        transitions=(
            Transition(
                "grant",
                PENDING,
                frozenset({ConsentRequest.State.GRANTED}),
                "consent.granted",
                "the originator's contact point",
                _("granted"),
            ),
            Transition(
                "refuse",
                PENDING,
                frozenset({ConsentRequest.State.REFUSED}),
                "consent.refused",
                "the originator's contact point",
                _("refused"),
            ),
        ),
    )
)
