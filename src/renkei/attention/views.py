"""The home page: for an officer, what needs their attention across all their agreements,
then the agreements themselves; for everyone else, the agreements' home as before."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from renkei.agreements import views as agreement_views
from renkei.agreements.selectors import workspace_list_for
from renkei.attention.selectors import attention_for

TITLES = {
    "overdue": _("Overdue on our side"),
    "to_answer": _("Awaiting our answer"),
    "consents": _("Consents asked of us"),
    "actions": _("Our actions due within 30 days"),
    "proposals": _("Consultations proposed to us"),
}


def count_in_words(count: int) -> str:
    return ngettext("%(count)s item", "%(count)s items", count) % {"count": f"{count:,}"}


def home(request):
    attention = attention_for(request.user) if request.user.is_authenticated else None
    if attention is None:
        return agreement_views.home(request)
    sections = [
        {
            "key": section.key,
            "title": TITLES[section.key],
            "rows": section.rows,
            "count": section.count,
            "count_in_words": count_in_words(section.count),
            "more": section.count - len(section.rows),
        }
        for section in attention.sections
    ]
    return render(
        request,
        "attention/home.html",
        {
            "sections": sections,
            "total_in_words": count_in_words(attention.total),
            "agreements": workspace_list_for(actor=request.user),
        },
    )
