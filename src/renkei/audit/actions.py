"""What each ledger action means, in words for pages: the ledger stores the stable code
(`exchange.sent`), a reader sees "Exchange sent" or 「送付」. A test finds every action the code
appends here; an action without a label shows its code rather than nothing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # Agreements and their life.
    "agreement.loaded": _("MOC loaded from its text"),
    "agreement.updated": _("MOC data updated"),
    "agreement.commenced": _("Cooperation commenced"),
    "agreement.reviewed": _("Framework review recorded"),
    "agreement.termination_noticed": _("Notice of termination recorded"),
    "agreement.ended": _("MOC ended"),
    "agreement.amendment_proposed": _("Amendment proposed"),
    "agreement.amendment_consented": _("Consent to an amendment recorded"),
    "agreement.amendment_in_force": _("Amendment in force"),
    "agreement.amendment_withdrawn": _("Amendment withdrawn"),
    "agreement.amendment_declined": _("Amendment declined"),
    "assignment.added": _("User assigned to the MOC"),
    "service_level.set": _("Service level set"),
    "ledger.restored": _("Restored from a backup"),
    # Exchanges.
    "exchange.drafted": _("Exchange drafted"),
    "exchange.draft_updated": _("Draft edited"),
    "exchange.sent": _("Exchange sent"),
    "exchange.read": _("Exchange read"),
    "exchange.acknowledged": _("Receipt acknowledged"),
    "exchange.replied": _("Reply sent"),
    "exchange.answered": _("Answer sent"),
    "exchange.response_recorded": _("Response recorded"),
    "exchange.accepted": _("Answer accepted"),
    "exchange.closed": _("Exchange closed"),
    "exchange.closed_agreement_ended": _("Closed because the MOC ended"),
    "exchange.reopened": _("Exchange reopened"),
    "exchange.withdrawn": _("Exchange withdrawn"),
    "exchange.personal_blocked": _("Personal data blocked"),
    "exchange.personal_erased": _("Personal data erased"),
    "exchange.reminder.ack_due_soon": _("Reminder: acknowledgement due soon"),
    "exchange.reminder.ack_overdue": _("Reminder: acknowledgement overdue"),
    "exchange.reminder.answer_due_soon": _("Reminder: answer due soon"),
    "exchange.reminder.answer_overdue": _("Reminder: answer overdue"),
    "attachment.added": _("Attachment added"),
    "consent.requested": _("Consent requested"),
    "consent.recorded": _("Written consent recorded"),
    "consent.granted": _("Consent granted"),
    "consent.refused": _("Consent refused"),
    "disclosure.recorded": _("Disclosure recorded"),
    "disclosure.refused": _("Disclosure refused"),
    # Registers.
    "sending_org.registered": _("Sending organisation registered"),
    "accreditation.applied": _("Accreditation applied for"),
    "accreditation.examined": _("Accreditation examined"),
    "accreditation.accredited": _("Accredited"),
    "accreditation.guidance": _("Guidance given"),
    "accreditation.under_investigation": _("Under investigation"),
    "accreditation.suspended": _("Accreditation suspended"),
    "accreditation.revoked": _("Accreditation revoked"),
    "accreditation.reinstated": _("Accreditation reinstated"),
    "accreditation.expired": _("Accreditation expired"),
    "accreditation.published": _("Released to the public register"),
    "publication.approved": _("Released to the public pages"),
    "certificate.issued": _("Candidate certificate recorded"),
    "certificate.revoked": _("Candidate certificate revoked"),
    "certificate.personal_erased": _("Candidate's personal data erased"),
    "receiving_org.registered": _("Receiving organisation registered"),
    "improvement_order.recorded": _("Improvement order recorded"),
    "support_list.imported": _("Support-organisation list imported"),
    "support_list.shared": _("Support-organisation list shared"),
    "sector.loaded": _("Sector loaded"),
    "intake.suspended": _("Intake suspended"),
    "intake.resumed": _("Intake resumed"),
    "intake.case_recorded": _("Case recorded"),
    "intake.case_decided": _("Case decided"),
    "intake.case_personal_blocked": _("Case's personal data blocked"),
    "intake.case_personal_erased": _("Case's personal data erased"),
    # Consultations.
    "consultation.proposed": _("Consultation proposed"),
    "consultation.accepted": _("Consultation accepted"),
    "consultation.declined": _("Consultation declined"),
    "consultation.minutes_written": _("Minutes written"),
    "consultation.minutes_approved": _("Minutes approved"),
    "consultation.action_opened": _("Corrective action opened"),
    "consultation.action_added": _("Corrective action added"),
    "consultation.action_done": _("Corrective action done"),
    "consultation.action_reminded": _("Corrective action reminded"),
    # Screening.
    "screening.run": _("Names screened"),
    "screening.rekey": _("Names' keys stored again"),
    "screening.hit_confirmed": _("Match confirmed"),
    "screening.hit_dismissed": _("Match dismissed"),
    # Accounts.
    "unit.created": _("Unit created"),
    "unit.updated": _("Unit updated"),
    "user.created": _("User created"),
    "user.roles_granted": _("Roles granted"),
    "user.otp_required_changed": _("Second-factor requirement changed"),
    "otp.enrolment_started": _("Second-factor set-up started"),
    "otp.device_confirmed": _("Second factor confirmed"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
