from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovation_fund.accounts"
    label = "accounts"
