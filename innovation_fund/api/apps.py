from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "innovation_fund.api"
    label = "api"
