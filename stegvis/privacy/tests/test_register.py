"""The register of processing covers every field of every Stegvis model, and erasure can act on it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from stegvis.privacy import register
from stegvis.privacy.services import erasure_updates


def _stegvis_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith(register.COVERED_APP_PREFIX)
        and not model._meta.abstract
        and not model._meta.proxy
    ]


def _field_names(model: type[models.Model]) -> set[str]:
    return {
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and f is not model._meta.pk
    }


def _listed() -> dict[str, set[str]]:
    listed: dict[str, set[str]] = {}
    for entry in register.REGISTER:
        listed.setdefault(entry.model, set()).update(f.name for f in entry.fields)
        listed[entry.model].update(entry.other)
    for label, names in register.NOT_PERSONAL.items():
        listed.setdefault(label, set()).update(names)
    return listed


def test_every_model_field_is_in_the_register_or_declared_not_personal():
    listed = _listed()
    missing = {
        model._meta.label: sorted(_field_names(model) - listed.get(model._meta.label, set()))
        for model in _stegvis_models()
    }
    missing = {label: names for label, names in missing.items() if names}
    assert missing == {}, "decide for each: add to privacy/register.py REGISTER, or to NOT_PERSONAL"


def test_register_names_only_existing_fields():
    stale = {}
    for label, names in _listed().items():
        model = apps.get_model(label)
        unknown = names - _field_names(model)
        if unknown:
            stale[label] = sorted(unknown)
    assert stale == {}


def test_a_field_is_either_personal_or_not_never_both():
    for entry in register.REGISTER:
        personal = {f.name for f in entry.fields}
        assert personal.isdisjoint(entry.other), entry.model
        assert entry.model not in register.NOT_PERSONAL, entry.model


@pytest.mark.parametrize("entry", register.erasable(), ids=lambda e: e.model)
def test_erasure_paths_reach_a_person_and_fields_can_be_cleared(entry):
    model = apps.get_model(entry.model)
    # The lookup resolves (raises FieldError otherwise) and every cleared field has an empty value.
    model._default_manager.filter(**{f"{entry.person_path}__in" if entry.person_path else "pk__in": []})
    updates = erasure_updates(entry)
    assert updates
    for name, value in updates.items():
        field = model._meta.get_field(name)
        entry_field = next(f for f in entry.fields if f.name == name)
        if entry_field.erasure == register.Erasure.SET:
            assert value is not None, f"{entry.model}.{name}: Erasure.SET needs an erased_value"
        if value is None:
            assert field.null, f"{entry.model}.{name} cannot be NULL"


def test_identity_and_free_text_are_cleared_statistics_kept():
    person = next(e for e in register.REGISTER if e.model == "participants.Person")
    by_name = {f.name: f for f in person.fields}
    assert by_name["personal_id"].erasure == register.Erasure.BLANK
    assert by_name["personal_id"].sensitivity == register.Sensitivity.PERSONAL_ID
    assert by_name["gender"].erasure == register.Erasure.KEEP
    assert by_name["birth_year"].erasure == register.Erasure.KEEP
    free_text = [
        (e.model, f.name)
        for e in register.REGISTER
        for f in e.fields
        if f.sensitivity == register.Sensitivity.FREE_TEXT and e.person_path is not None
    ]
    kept = [(m, n) for m, n in free_text if n and _erasure(m, n) == register.Erasure.KEEP]
    assert free_text
    assert kept == []


def _erasure(model: str, name: str) -> str:
    entry = next(e for e in register.REGISTER if e.model == model)
    return next(f.erasure for f in entry.fields if f.name == name)


def test_every_choice_used_in_the_register_is_valid():
    for entry in register.REGISTER:
        assert entry.subject in register.Subject.values
        assert entry.retention in register.Retention.values
        for f in entry.fields:
            assert f.category in register.Category.values, (entry.model, f.name)
            assert f.sensitivity in register.Sensitivity.values, (entry.model, f.name)
            assert f.erasure in register.Erasure.values, (entry.model, f.name)
            assert str(f.purpose).strip(), (entry.model, f.name)
