from django import template

from renkei.audit.actions import action_label

register = template.Library()


@register.filter
def action_in_words(action: str) -> str:
    """A ledger action as the reader's words (`exchange.sent` → "Exchange sent")."""
    return action_label(action)
