"""Databases installed before model management: their supervisors get the new default grant
(ad, approve, all) that lets them retrain and switch the scoring model.

The startup grant sync gives defaults only for resources no role holds yet, so a new action on
an existing resource needs this migration. It adds the grant only where the supervisor role
exists and lacks it; an administrator may take it away afterwards like any other grant.
"""

from django.db import migrations

ALL = 4  # rihai.accounts.permissions.Scope.ALL


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    RolePermission = apps.get_model("accounts", "RolePermission")
    supervisor = Role.objects.filter(code="supervisor").first()
    if supervisor is None:  # a fresh database: the sync gives the defaults after migrating
        return
    RolePermission.objects.get_or_create(
        role=supervisor, resource="ad", action="approve", defaults={"scope": ALL}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0004_queue_index"),
        ("accounts", "0004_two_person_rule_and_enrolment_codes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
