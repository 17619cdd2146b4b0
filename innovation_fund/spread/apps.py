from django.apps import AppConfig


class SpreadConfig(AppConfig):
    name = "innovation_fund.spread"
    verbose_name = "Spread of innovations"
