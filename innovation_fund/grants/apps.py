from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "innovation_fund.grants"
    label = "grants"
