"""An existing database's supervisors get the model-management grant from the migration."""

from importlib import import_module

from django.apps import apps as django_apps

from rihai.accounts.models import Role, RolePermission
from rihai.accounts.permissions import Scope
from tests.base import RihaiTestCase

migration = import_module("rihai.screening.migrations.0005_supervisors_switch_models")


class SupervisorGrantMigrationTest(RihaiTestCase):
    def test_a_database_from_before_gets_the_grant_once(self):
        supervisor = Role.objects.get(code="supervisor")
        RolePermission.objects.filter(role=supervisor, resource="ad", action="approve").delete()
        migration.grant(django_apps, None)
        migration.grant(django_apps, None)  # run twice: still one grant
        grants = RolePermission.objects.filter(role=supervisor, resource="ad", action="approve")
        self.assertEqual([g.scope for g in grants], [Scope.ALL])
