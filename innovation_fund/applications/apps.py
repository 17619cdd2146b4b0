from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "innovation_fund.applications"
    label = "applications"
    verbose_name = "Bids"
