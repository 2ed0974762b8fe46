"""Every error code the application gives, in one catalogue: the status it comes with and when.
A code is a stable word for programs; the message beside it, at the place that refuses, is
translated for people. A test finds every code the source raises here, and the API guide's
table (docs/api.md) is written from this list by `renkei docs --write`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    code: str
    statuses: tuple[int, ...]
    when: str


def _c(code: str, status: int | tuple[int, ...], when: str) -> ErrorCode:
    return ErrorCode(code, status if isinstance(status, tuple) else (status,), when)


ERROR_CODES: tuple[ErrorCode, ...] = (
    # The request itself.
    _c("unauthorized", 401, "no token, or a malformed, unknown, expired or revoked one"),
    _c("not_found", 404, "not there, or in an agreement you do not work in (the two look alike)"),
    _c("forbidden", 403, "you may see it but your side or role may not do this"),
    _c("invalid", (400, 422), "the body or parameters do not validate (`details.errors`)"),
    _c("malformed_json", 400, "the body is not JSON, not UTF-8, or holds a lone surrogate"),
    _c("control_characters", 400, "a string anywhere in the request holds a control character"),
    _c("request_too_large", 413, "a body over `REQUEST_MAX_KB`, refused before it is read"),
    _c("file_too_large", (400, 413), "a file over its limit, stopped while it streams in"),
    _c("rate_limited", 429, "more calls than the limit; `Retry-After` gives the seconds"),
    _c("invalid_idempotency_key", 400, "an `Idempotency-Key` that is not 1–100 printable ASCII"),
    _c("idempotency_key_reused", 400, "an `Idempotency-Key` already used for another request"),
    _c("invalid_filter", 400, "a list filter (box, status, type, category) that does not exist"),
    _c("invalid_cursor", 400, "a `cursor` that is not a `next_cursor` this API gave"),
    _c("invalid_text", 400, "a text over its length limit"),
    _c("required", 400, "a required value is missing"),
    _c("invalid_date", 400, "a date that is not YYYY-MM-DD, or a date and time that is not one"),
    _c("future_date", 400, "a date of something that happened, set in the future"),
    # State and races.
    _c("invalid_transition", 409, "the record is not (or no longer) in a state this starts from"),
    _c("invalid_event_sequence", (400, 409), "an event its history does not admit on that date"),
    _c("out_of_order", 400, "an event dated before the last one recorded"),
    # Agreements and their provisions.
    _c("not_provided", (400, 409), "the MOC does not provide for this (register, consultation…)"),
    _c("agreement_ended", 400, "the MOC has ended: it is read-only"),
    _c("agreement_not_in_force", 400, "the MOC is not in force: nothing can be sent under it"),
    _c("not_contact_point", 403, "only the contact point of the side concerned may do this"),
    _c("wrong_side", 403, "under this MOC the other side does this"),
    _c("wrong_side_or_role", 403, "your side or role may not write to this register"),
    _c("wrong_agreement", 400, "a partner user assigned to another country's agreement"),
    _c("not_on_notification", 400, "a commencement notice for an MOC that starts on signature"),
    _c("termination_not_provided", 400, "a termination notice under an MOC without the clause"),
    _c("already_noticed", 409, "a notice of termination is already recorded"),
    _c("invalid_change", 400, "an amendment's change is not valid (`details.change`)"),
    _c("no_changes", 400, "an amendment that changes nothing"),
    _c("too_many_changes", 400, "an amendment with more changes than allowed"),
    _c("effective_date_passed", 400, "an amendment whose date of effect passed before consent"),
    _c("already_consented", 409, "your side's consent to the amendment is already recorded"),
    _c("invalid_sizes", 400, "a ledger consistency request with sizes out of range"),
    # Exchanges.
    _c("unknown_type", 400, "an exchange type no kind has"),
    _c("type_not_provided", 400, "an exchange type the MOC does not provide for"),
    _c("unknown_language", 400, "a language code the product does not offer (ja, en)"),
    _c(
        "working_language_missing",
        400,
        "bound for the other side without the text in the MOC's working language "
        "(`details.language`, `details.fields`)",
    ),
    _c("invalid_details", 400, "the exchange's details do not match its kind (`details.errors`)"),
    _c("unknown_category", 400, "a conduct category the MOC does not list"),
    _c("invalid_grading", 400, "a source reliability or information accuracy out of its scale"),
    _c("invalid_handling", 400, "an unknown handling restriction"),
    _c("no_answer_expected", 400, "an answer to an exchange that is only acknowledged"),
    _c("wrong_type", 400, "a response of one kind to an exchange of another"),
    _c("bad_service_level", 400, "service-level days out of range"),
    _c("empty_file", 400, "an empty file"),
    _c("no_file", 400, "a form sent without its file"),
    _c("file_type_refused", 400, "a file whose bytes are not an accepted type"),
    _c("invalid_recipient", 400, "an unknown kind of recipient of a disclosure"),
    _c("consent_required", 403, "a disclosure no written consent of the originator covers (§3)"),
    _c("no_publication", 403, "a publication of what the originator marked never to publish"),
    _c("not_holder", 403, "a disclosure recorded by the side that did not receive it"),
    # Registers.
    _c("duplicate_licence", 400, "a sending organisation's licence number already registered"),
    _c("duplicate_number", 400, "a certificate number already recorded"),
    _c("duplicate_registration", 400, "a support organisation's number already registered"),
    _c("invalid_event", 400, "an unknown kind of accreditation event"),
    _c("invalid_period", 400, "a validity that ends before it starts, or where none belongs"),
    _c("not_public", 400, "a kind of accreditation event that is never published"),
    _c("sender_required", 400, "a KH certificate without its accredited sending organisation"),
    _c("sender_not_accredited", 409, "a sending organisation not accredited on the issue date"),
    _c("unknown_sending_organisation", 400, "no sending organisation with this licence number"),
    _c("invalid_corporate_number", 400, "a 法人番号 without 13 digits and a right check digit"),
    _c("unknown_receiving_organisation", 400, "no receiving organisation with this number"),
    _c("invalid_target", 400, "an improvement order without the organisation it was issued to"),
    _c("target_not_provided", 400, "an improvement order to a kind of organisation not covered"),
    _c("already_suspended", 409, "intake in the sector is already suspended"),
    _c("invalid_level", 400, "an SSW level that is not 1 or 2"),
    _c("suspension_lifted", 400, "a case under a suspension that has been lifted"),
    _c("dependant_not_provided", 400, "a dependant of a worker who is not SSW No. 2"),
    _c("invalid_relation", 400, "an unknown relation of a person to the worker"),
    _c("invalid_contract", 400, "an unknown state of the employment contract"),
    _c("invalid_residence_card", 400, "a residence card number not 2 letters, 8 digits, 2 letters"),
    _c("invalid_outcome", 400, "a case decision that is not one of the outcomes"),
    _c("missing_as_of", 400, "a support-organisation list without its as-of date"),
    _c("missing_columns", 400, "a support-organisation list without a registration-number column"),
    _c("invalid_rows", 400, "a support-organisation list with rows that do not validate"),
    _c("too_many_rows", 400, "a support-organisation list with too many rows"),
    _c("unreadable_file", 400, "a list that is neither UTF-8 nor Shift_JIS text"),
    _c("not_examiner", 403, "a verification by someone who is not an examiner"),
    # Consultations.
    _c("past_meeting", 400, "a meeting proposed in the past"),
    _c("unknown_topic", 400, "an agenda topic the MOC does not list"),
    _c("unknown_exchange", 400, "an agenda link to no sent exchange of this agreement"),
    _c("unknown_improvement_order", 400, "an agenda link to no order notified under it"),
    _c("no_minutes", 400, "an approval of minutes that do not exist"),
    _c("invalid_owner", 400, "an action owned by neither side"),
    # Screening.
    _c("empty_name", 400, "a name with no letters in it"),
    _c("invalid_name", 400, "a name that is not text"),
    _c("name_too_long", 400, "a name over its length limit"),
    _c("invalid_kind", 400, "a kind of name that is not person or organisation"),
    _c("invalid_status", 400, "a screening-hit status filter that does not exist"),
    _c("invalid_decision", 400, "a screening decision that is not confirm or dismiss"),
    # Accounts.
    _c("username_taken", 400, "a user name already taken"),
    _c("unknown_role", 400, "a role that does not exist"),
    _c("role_side", 400, "a role that does not belong to the unit's side"),
    _c("inactive_user", 400, "a token for a user who is not active"),
    _c("bad_expiry", 400, "a token validity outside 1 to 366 days"),
    _c("already_revoked", 400, "a token already revoked"),
    _c("bad_otp", 400, "a wrong one-time code"),
    _c("invalid_time_zone", 400, "a time zone that is not an IANA zone name"),
    _c("no_pending_device", 400, "a one-time code without a second factor being set up"),
)

BY_CODE: dict[str, ErrorCode] = {e.code: e for e in ERROR_CODES}


def error_table_markdown() -> str:
    rows = ["| code | status | when |", "|---|---|---|"]
    rows += [f"| `{e.code}` | {', '.join(map(str, e.statuses))} | {e.when} |" for e in ERROR_CODES]
    return "\n".join(rows) + "\n"
