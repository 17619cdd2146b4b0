from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innovation_fund.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from .govuk_frontend import share_one_environment

        share_one_environment()
