from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "innovation_fund.organisations"
    label = "organisations"
