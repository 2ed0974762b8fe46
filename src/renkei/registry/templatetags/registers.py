"""`{% registers_of agreement as names %}`: the public registers an agreement provides for, so
a link is drawn only where the page exists."""

from django import template

from renkei.registry.provisions import public_registers_provided

register = template.Library()


@register.simple_tag
def registers_of(agreement) -> list[str]:
    return public_registers_provided(agreement)
