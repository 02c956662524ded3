from django.db import migrations


def load(apps, schema_editor):
    from rihai.geo.gazetteer import load_gazetteer

    load_gazetteer(apps.get_model("geo", "Province"), apps.get_model("geo", "District"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
