from datetime import date

from renkei.agreements import amendments

PK_INQUIRIES = {
    "key": "inquiries",
    "action": "add",
    "clause": "§4(3)",
    "text": "両当局は、相手方からの照会に対し速やかに回答する。",
}


def amendment_agreed(
    jp, partner, code: str, changes: list[dict], effective_on: date | None = None, **fields
):
    """An amendment proposed by Japan and consented to by both sides: in force."""
    amendment = amendments.amendment_propose(
        actor=jp,
        agreement_code=code,
        summary=fields.pop("summary", "Amendment"),
        changes=changes,
        effective_on=effective_on,
        **fields,
    )
    for actor in (jp, partner):
        amendments.amendment_consent_record(
            actor=actor,
            agreement_code=code,
            number=amendment.number,
            consented_on=amendment.proposed_on,
            reference=f"Letter {actor.side} {amendment.number}",
        )
    return amendments.amendment_list_for(actor=jp, agreement_code=code)[amendment.number - 1]
