from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fills a database for the demonstration site: the real programme's published data (through
    the loaders) and, labelled as not real, demonstration records. It sits above every other
    app because it writes to all of them; nothing imports it."""

    name = "innovation_fund.demo"
    label = "demo"
