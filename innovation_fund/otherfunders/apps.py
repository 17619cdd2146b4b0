from django.apps import AppConfig


class OtherFundersConfig(AppConfig):
    name = "innovation_fund.otherfunders"
    label = "otherfunders"
    verbose_name = "Other funders' grants (imported 360Giving files)"

    def ready(self):
        from innovation_fund.accounts import home_sections

        from .home_sections import importing

        home_sections.register("otherfunders.importing", importing)
