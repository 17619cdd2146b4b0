from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "innovation_fund.insights"
    verbose_name = "Insights"
