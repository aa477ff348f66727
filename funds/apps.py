"""The funds app: the money after an award (资金下达, 拨付, 到账确认) and its ledger."""

from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = "奖补资金"
