from django.db import migrations


def install(apps, schema_editor):
    from rihai.accounts.roles import install_default_roles

    install_default_roles(apps.get_model("accounts", "Role"), apps.get_model("accounts", "RolePermission"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
