from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    name = "innovation_fund.innovations"
    label = "innovations"
