from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "innovation_fund.places"
    label = "places"
