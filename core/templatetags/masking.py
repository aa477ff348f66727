"""Template filters that mask personal data in lists and public pages."""

from django import template

from core.masking import mask_id_number, mask_mobile

register = template.Library()
register.filter("mask_mobile", mask_mobile)
register.filter("mask_id", mask_id_number)
