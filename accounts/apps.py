from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts.models import user_saved

        post_save.connect(user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="user_keys")
