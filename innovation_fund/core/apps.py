from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innovation_fund.core"
    label = "core"
    verbose_name = "Core"
