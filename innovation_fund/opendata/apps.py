from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "innovation_fund.opendata"
    label = "opendata"
    verbose_name = "Open data (360Giving)"
