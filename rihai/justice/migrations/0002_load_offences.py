"""Loads the offences catalogue (rihai/justice/data/offences.toml, catalogue_version 1).

A later change to the data file ships as a new migration calling the same loader (or
``manage.py load_offences``); versions already charged are updated in place, never removed.
"""

from django.db import migrations


def load(apps, schema_editor):
    from rihai.justice.catalogue import load_offences

    load_offences(apps.get_model("justice", "Offence"), apps.get_model("justice", "OffenceVersion"))


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
