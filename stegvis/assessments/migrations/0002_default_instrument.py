"""Stegvis's own default instrument, version 1 (stegvis.assessments.content).

The texts are imported rather than copied: version 1 is frozen by policy (a change
needs version 2 in a new migration), and services.instrument_ensure_default() writes
the same rows for databases that are flushed, such as those of browser tests.
"""

from django.db import migrations


def create_default(apps, schema_editor):
    from stegvis.assessments.content import DEFAULT_INSTRUMENT as data

    Instrument = apps.get_model("assessments", "Instrument")
    Area = apps.get_model("assessments", "Area")
    Level = apps.get_model("assessments", "Level")
    if Instrument.objects.filter(key=data["key"], version=data["version"]).exists():
        return
    instrument = Instrument.objects.create(
        key=data["key"],
        version=data["version"],
        name=data["name"],
        description=data["description"],
        licence_note=data["licence_note"],
        raters=data["raters"],
        scale_max=data["scale_max"],
        is_default=not Instrument.objects.filter(is_default=True).exists(),
        is_current=True,
        source="builtin",
    )
    for position, (name, description, levels) in enumerate(data["areas"], start=1):
        area = Area.objects.create(instrument=instrument, name=name, description=description, position=position)
        Level.objects.bulk_create(
            Level(area=area, value=value, description=text) for value, text in enumerate(levels, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
