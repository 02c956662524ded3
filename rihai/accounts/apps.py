from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rihai.accounts"
    verbose_name = _("Agencies and users")

    def ready(self):
        from .roles import grant_new_resources

        # An app installed later brings its resources: the default roles get their default
        # grants on them once, at the migrate that follows (see roles.grant_new_resources).
        post_migrate.connect(grant_new_resources, sender=self)
