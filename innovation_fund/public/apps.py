from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "innovation_fund.public"
    label = "public"
