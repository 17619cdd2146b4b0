from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovation_fund.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 (registers the sign-in checks)
        from .sessions import note_sign_in_time

        # A sign-in by any route (the admin's password form too) starts the session's clock.
        user_logged_in.connect(note_sign_in_time, dispatch_uid="accounts.note_sign_in_time")
