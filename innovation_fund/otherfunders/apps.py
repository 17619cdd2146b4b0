from django.apps import AppConfig


class OtherFundersConfig(AppConfig):
    name = "innovation_fund.otherfunders"
    label = "otherfunders"
    verbose_name = "Other funders' grants (imported 360Giving files)"
