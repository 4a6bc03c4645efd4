"""The register extract (registerutdrag, GDPR art. 15): everything Stegvis holds about one person.

A registry of section sources: each returns the sections it holds for a person. The
default source walks the register of processing, so every participant field listed
there is in the extract without more code; an app with data the register cannot reach
registers its own source from AppConfig.ready() with ``register(source)``.

Staff are other people: fields about users (who recorded what) are left out, and the
access log gives dates, organisation, kind of access and purpose, never who.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import Organisation
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Person
from stegvis.privacy import register as processing


@dataclass
class Section:
    key: str
    title: str
    labels: dict[str, str]
    records: list[dict[str, Any]] = field(default_factory=list)


Source = Callable[[Person], list[Section]]
SOURCES: list[Source] = []


def register(source: Source) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def sections_for(person: Person) -> list[Section]:
    return [section for source in SOURCES for section in source(person)]


# Context shown beside a model's own fields, so a row reads on its own (not personal in itself).
CONTEXT: dict[str, tuple[tuple[str, Any], ...]] = {
    "participants.Situation": (("moment", gettext_lazy("tidpunkt")),),
    "assessments.Assessment": (("instrument__name", gettext_lazy("instrument")),),
    "assessments.AssessmentScore": (
        ("assessment__assessed_on", gettext_lazy("datum")),
        ("area__name", gettext_lazy("område")),
    ),
    "surveys.Response": (
        ("questionnaire__name", gettext_lazy("enkät")),
        ("occasion", gettext_lazy("tillfälle")),
    ),
    "surveys.Answer": (
        ("response__answered_on", gettext_lazy("datum")),
        ("question__text", gettext_lazy("fråga")),
    ),
    "teamwork.AgendaItem": (("meeting__held_on", gettext_lazy("mötesdatum")),),
    "activities.ActivityHours": (("activity__activity_type__name", gettext_lazy("insats")),),
    "activities.Attendance": (
        ("session__date", gettext_lazy("datum")),
        ("session__group_activity__title", gettext_lazy("gruppaktivitet")),
    ),
    "activities.GroupBooking": (("group_activity__title", gettext_lazy("gruppaktivitet")),),
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if (
        hasattr(value, "__html__")
        or isinstance(value, str | int | float | bool | list | dict)
        or value is None
    ):
        return value
    return str(value)


def _field_value(obj: models.Model, model_field: models.Field) -> Any:
    if model_field.many_to_many:
        return [str(related) for related in getattr(obj, model_field.name).all()]
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    return _plain(getattr(obj, model_field.name))


def _register_section(entry: processing.ModelEntry, person: Person) -> Section | None:
    model = apps.get_model(entry.model)
    shown = [f for f in entry.fields if f.category != processing.Category.ACCOUNT]
    if not shown:
        return None
    lookup = f"{entry.person_path}__in" if entry.person_path else "pk__in"
    rows = model._default_manager.filter(**{lookup: [person.pk]})
    project_path = f"{entry.person_path.removesuffix('person')}project" if entry.person_path else ""
    context = CONTEXT.get(entry.model, ())
    labels: dict[str, str] = {}
    if project_path:
        labels["project"] = _("projekt")
    for path, label in context:
        labels[path] = str(label)
    model_fields = [model._meta.get_field(f.name) for f in shown]
    for model_field in model_fields:
        labels[model_field.name] = str(model_field.verbose_name)
    relations = [f.name for f in model_fields if f.is_relation and not f.many_to_many]
    m2m = [f.name for f in model_fields if f.many_to_many]
    rows = rows.select_related(*relations).prefetch_related(*m2m).order_by("pk")
    extra_paths = [path for path, _label in context]
    extra_values = {}
    if project_path or extra_paths:
        wanted = ([f"{project_path}__name"] if project_path else []) + extra_paths
        extra_values = {row["pk"]: row for row in rows.values("pk", *wanted)}
    records = []
    for obj in rows:
        record: dict[str, Any] = {}
        extra = extra_values.get(obj.pk, {})
        if project_path:
            record["project"] = extra.get(f"{project_path}__name")
        for path in extra_paths:
            record[path] = _plain(extra.get(path))
        for model_field in model_fields:
            record[model_field.name] = _field_value(obj, model_field)
        records.append(record)
    if entry.model == "participants.Situation":
        for record, obj in zip(records, rows, strict=True):
            record["moment"] = obj.get_moment_display()
    return Section(
        key=entry.model,
        title=str(model._meta.verbose_name_plural).capitalize(),
        labels=labels,
        records=records,
    )


def register_sections(person: Person) -> list[Section]:
    """Every participant model in the register of processing, its personal fields for this person."""
    sections = []
    for entry in processing.REGISTER:
        if entry.subject != processing.Subject.PARTICIPANT or entry.person_path is None:
            continue
        section = _register_section(entry, person)
        if section is not None:
            sections.append(section)
    return sections


def access_log_section(person: Person) -> list[Section]:
    """When and why the person's data was read or changed, by which organisation; never by whom."""
    from stegvis.privacy.selectors import is_read

    entries = list(
        AuditEntry.objects.filter(person_id=person.pk)
        .annotate(read=models.ExpressionWrapper(is_read(), output_field=models.BooleanField()))
        .order_by("at", "pk")
        .values("at", "action", "purpose", "organisation_id", "read")
    )
    organisations = dict(
        Organisation.objects.filter(pk__in={e["organisation_id"] for e in entries}).values_list("pk", "name")
    )
    records = [
        {
            "at": _plain(e["at"]),
            "kind": _("Läsning") if e["read"] else _("Registrering eller ändring"),
            "action": e["action"],
            "organisation": organisations.get(e["organisation_id"], ""),
            "purpose": e["purpose"],
        }
        for e in entries
    ]
    labels = {
        "at": _("tidpunkt"),
        "kind": _("slag"),
        "action": _("händelse"),
        "organisation": _("organisation"),
        "purpose": _("syfte"),
    }
    return [
        Section(key="audit.AuditEntry", title=_("Åtkomster enligt loggen"), labels=labels, records=records)
    ]


def register_defaults() -> None:
    register(register_sections)
    register(access_log_section)


def as_json(person: Person, sections: list[Section], *, produced_at: datetime.datetime) -> dict[str, Any]:
    return {
        "format": "stegvis.registerutdrag/1",
        "person_reference": person_reference(person),
        "produced_at": _plain(produced_at),
        "sections": [
            {"key": s.key, "title": s.title, "labels": s.labels, "records": s.records} for s in sections
        ],
    }


def person_reference(person: Person) -> str:
    """The internal reference used on administrator pages instead of a name."""
    return f"P-{person.pk}"
