from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rihai.core"
    verbose_name = _("Core")

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from . import log_privacy, sessions, sqlite_files

        # Search terms (phones, CNICs, names) never reach an access log.
        log_privacy.install()
        # The SQLite file is the whole database: owner-only from its first byte.
        for database in settings.DATABASES.values():
            if database.get("ENGINE") == "django.db.backends.sqlite3":
                sqlite_files.create_private(database)
        connection_created.connect(sqlite_files.on_connection_created)
        user_logged_in.connect(sessions.stamp_on_sign_in, dispatch_uid="rihai-session-stamp")
