"""Writes for instruments, assessments, the step-movement rule and fidelity reviews.

Every service is keyword-only, runs in one transaction and writes its audit entry in
that same transaction. Business rules raise ValidationError with a Swedish message; a
stale write raises ConcurrentEditError. A version of an instrument that has been used is
never changed: editing it makes the next version.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import User
from stegvis.assessments.content import DEFAULT_INSTRUMENT, DEFAULT_KEY, FIDELITY_ITEMS
from stegvis.assessments.importing import AreaData, InstrumentData, parse_instrument_file, structure_errors
from stegvis.assessments.models import (
    Area,
    Assessment,
    AssessmentScore,
    FidelityItem,
    FidelityReview,
    Instrument,
    Level,
    StepMovementRule,
)
from stegvis.audit.services import audit_log
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants.models import Enrolment
from stegvis.plans.models import FollowUp
from stegvis.projects.models import Project

# --- instruments -------------------------------------------------------------------------------


def _write_structure(instrument: Instrument, areas: list[AreaData]) -> None:
    created = Area.objects.bulk_create(
        Area(instrument=instrument, name=a.name.strip(), description=a.description.strip(), position=i)
        for i, a in enumerate(areas, start=1)
    )
    Level.objects.bulk_create(
        Level(area=area, value=value, description=text.strip())
        for area, data in zip(created, areas, strict=True)
        for value, text in enumerate(data.levels, start=1)
    )


def _default_data() -> InstrumentData:
    return InstrumentData(
        name=DEFAULT_INSTRUMENT["name"],
        description=DEFAULT_INSTRUMENT["description"],
        licence_note=DEFAULT_INSTRUMENT["licence_note"],
        raters=DEFAULT_INSTRUMENT["raters"],
        areas=[AreaData(name, text, list(levels)) for name, text, levels in DEFAULT_INSTRUMENT["areas"]],
    )


@transaction.atomic
def instrument_ensure_default() -> Instrument:
    """Stegvis's own instrument, created once; safe to call any number of times."""
    instrument = Instrument.objects.filter(key=DEFAULT_KEY, version=DEFAULT_INSTRUMENT["version"]).first()
    if instrument is None:
        data = _default_data()
        instrument = Instrument.objects.create(
            key=DEFAULT_KEY,
            version=DEFAULT_INSTRUMENT["version"],
            name=data.name,
            description=data.description,
            licence_note=data.licence_note,
            raters=data.raters,
            scale_max=data.scale_max,
            is_default=not Instrument.objects.filter(is_default=True).exists(),
            source=Instrument.Source.BUILTIN,
        )
        _write_structure(instrument, data.areas)
    return instrument


def _check_data(data: InstrumentData) -> None:
    errors = structure_errors(data.areas)
    if not data.name.strip():
        errors.insert(0, _("Ge instrumentet ett namn."))
    if data.raters not in Instrument.Raters.values:
        errors.append(_("Välj vem som skattar."))
    if errors:
        raise ValidationError(errors)


def _new_key(project: Project, name: str) -> str:
    base = f"p{project.pk}-{slugify(name)[:50] or 'instrument'}"
    key, n = base, 1
    while Instrument.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def _audit_project(action: str, *, project: Project, by: User, object_id: int, path: str) -> None:
    audit_log(user=by, action=action, project_id=project.pk, object_id=object_id, path=path)


@transaction.atomic
def instrument_create(
    *, project: Project, data: InstrumentData, by: User, source: str = Instrument.Source.FORM, path: str = ""
) -> Instrument:
    """A new instrument owned by the project, version 1."""
    _check_data(data)
    instrument = Instrument.objects.create(
        key=_new_key(project, data.name),
        version=1,
        name=data.name.strip(),
        description=data.description.strip(),
        licence_note=data.licence_note.strip(),
        raters=data.raters,
        scale_max=data.scale_max,
        project=project,
        source=source,
        created_by=by,
    )
    _write_structure(instrument, data.areas)
    action = (
        "assessments.instrument.imported"
        if source == Instrument.Source.IMPORT
        else "assessments.instrument.created"
    )
    _audit_project(action, project=project, by=by, object_id=instrument.pk, path=path)
    return instrument


@transaction.atomic
def instrument_import(
    *,
    project: Project,
    filename: str,
    content: bytes,
    name: str,
    raters: str,
    licence_note: str,
    by: User,
    path: str = "",
) -> Instrument:
    """An instrument the project holds a licence for, from a CSV or JSON file; all or nothing."""
    if not licence_note.strip():
        raise ValidationError(
            {"licence_note": _("Skriv vilken licens eller vilket avtal projektet har för instrumentet.")}
        )
    areas, meta = parse_instrument_file(filename, content)
    data = InstrumentData(
        name=name.strip() or meta.get("name", ""),
        areas=areas,
        description=meta.get("description", ""),
        licence_note=licence_note,
        raters=raters,
    )
    if not data.name:
        raise ValidationError({"name": _("Ge instrumentet ett namn (filen har inget).")})
    return instrument_create(project=project, data=data, by=by, source=Instrument.Source.IMPORT, path=path)


@transaction.atomic
def instrument_update(
    *, instrument: Instrument, data: InstrumentData, by: User, path: str = ""
) -> Instrument:
    """Change a project's instrument. Unused: in place. Used: a new version, which the project's
    rule then points to; readings stay with the version they were made with."""
    if instrument.project_id is None:
        raise ValidationError(_("Instrument som ingår i Stegvis kan inte ändras. Skapa ett eget i stället."))
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if not locked.is_current:
        raise ValidationError(_("Det finns en nyare version av instrumentet. Ändra den i stället."))
    _check_data(data)
    project = instrument.project
    if not Assessment.objects.filter(instrument=locked).exists():
        Area.objects.filter(instrument=locked).delete()
        for name in ("name", "description", "licence_note", "raters"):
            setattr(locked, name, getattr(data, name).strip() if name != "raters" else data.raters)
        locked.scale_max = data.scale_max
        locked.save()
        _write_structure(locked, data.areas)
        _audit_project(
            "assessments.instrument.updated", project=project, by=by, object_id=locked.pk, path=path
        )
        return locked
    Instrument.objects.filter(pk=locked.pk).update(is_current=False, updated_at=timezone.now())
    newest = Instrument.objects.filter(key=locked.key).aggregate(v=Max("version"))["v"]
    successor = Instrument.objects.create(
        key=locked.key,
        version=newest + 1,
        name=data.name.strip(),
        description=data.description.strip(),
        licence_note=data.licence_note.strip(),
        raters=data.raters,
        scale_max=data.scale_max,
        project=project,
        source=locked.source,
        previous=locked,
        created_by=by,
    )
    _write_structure(successor, data.areas)
    StepMovementRule.objects.filter(instrument=locked).update(
        instrument=successor, version=F("version") + 1, updated_at=timezone.now()
    )
    _audit_project(
        "assessments.instrument.versioned", project=project, by=by, object_id=successor.pk, path=path
    )
    return successor


# --- assessments -------------------------------------------------------------------------------


def _exit_date(enrolment: Enrolment) -> datetime.date | None:
    if enrolment.is_open:
        return None
    try:
        return enrolment.exit.exit_date
    except ObjectDoesNotExist:
        return None


def _check_date(enrolment: Enrolment, on: datetime.date) -> None:
    if on > datetime.date.today():
        raise ValidationError({"assessed_on": _("Datumet kan inte ligga i framtiden.")})
    if on < enrolment.start_date:
        raise ValidationError(
            {
                "assessed_on": _("Datumet kan inte vara före inskrivningen (%(date)s).")
                % {"date": enrolment.start_date.isoformat()}
            }
        )
    exit_date = _exit_date(enrolment)
    if exit_date is not None and on > exit_date:
        raise ValidationError(
            {
                "assessed_on": _("Inskrivningen avslutades %(date)s; datumet kan inte vara senare.")
                % {"date": exit_date.isoformat()}
            }
        )


def _scores(instrument: Instrument, levels: Mapping[int, int | None]) -> list[tuple[Area, Level]]:
    """The chosen level per area; areas left out (None) were not assessed. At least one must be."""
    areas = list(Area.objects.filter(instrument=instrument).prefetch_related("levels"))
    unknown = set(levels) - {a.pk for a in areas}
    if unknown:
        raise ValidationError(_("Skattningen innehåller områden som inte hör till instrumentet."))
    chosen = []
    for area in areas:
        value = levels.get(area.pk)
        if value is None:
            continue
        level = next((lv for lv in area.levels.all() if lv.value == value), None)
        if level is None:
            raise ValidationError(
                {f"area_{area.pk}": _("Välj en nivå mellan 1 och %(n)s.") % {"n": instrument.scale_max}}
            )
        chosen.append((area, level))
    if not chosen:
        raise ValidationError(_("Skatta minst ett område."))
    return chosen


def _check_reading(
    *, enrolment: Enrolment, instrument: Instrument, rater: str, follow_up: FollowUp | None, on: datetime.date
) -> None:
    _check_date(enrolment, on)
    if rater not in dict(instrument.rater_choices):
        raise ValidationError({"rater": _("Det här instrumentet skattas inte på det sättet.")})
    if follow_up is not None and follow_up.enrolment_id != enrolment.pk:
        raise ValidationError({"follow_up": _("Uppföljningen hör till en annan inskrivning.")})


def _audit_enrolment(
    action: str, *, enrolment: Enrolment, by: User, object_id: int | None, path: str
) -> None:
    audit_log(
        user=by,
        action=action,
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=object_id,
        path=path,
    )


DUPLICATE = gettext_lazy("Det finns redan en skattning med samma instrument, av samma person, samma dag.")


@transaction.atomic
def assessment_record(
    *,
    enrolment: Enrolment,
    instrument: Instrument,
    assessed_on: datetime.date,
    occasion: str,
    rater: str,
    levels: Mapping[int, int | None],
    by: User,
    follow_up: FollowUp | None = None,
    path: str = "",
) -> Assessment:
    """One reading: a level (or none) per area of one instrument version."""
    _check_reading(
        enrolment=enrolment, instrument=instrument, rater=rater, follow_up=follow_up, on=assessed_on
    )
    if occasion not in Assessment.Occasion.values:
        raise ValidationError({"occasion": _("Välj tillfälle.")})
    chosen = _scores(instrument, levels)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                enrolment=enrolment,
                instrument=instrument,
                assessed_on=assessed_on,
                occasion=occasion,
                rater=rater,
                follow_up=follow_up,
                recorded_by=by,
            )
    except IntegrityError:
        raise ValidationError(DUPLICATE) from None
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, area=area, level=level) for area, level in chosen
    )
    _audit_enrolment(
        "assessments.assessment.recorded", enrolment=enrolment, by=by, object_id=assessment.pk, path=path
    )
    return assessment


@transaction.atomic
def assessment_correct(
    *,
    assessment: Assessment,
    expected_version: int,
    assessed_on: datetime.date,
    occasion: str,
    rater: str,
    levels: Mapping[int, int | None],
    by: User,
    follow_up: FollowUp | None = None,
    path: str = "",
) -> Assessment:
    """Correct a reading recorded wrongly (same instrument version)."""
    enrolment = assessment.enrolment
    _check_reading(
        enrolment=enrolment,
        instrument=assessment.instrument,
        rater=rater,
        follow_up=follow_up,
        on=assessed_on,
    )
    if occasion not in Assessment.Occasion.values:
        raise ValidationError({"occasion": _("Välj tillfälle.")})
    chosen = _scores(assessment.instrument, levels)
    updated = Assessment.objects.filter(pk=assessment.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConcurrentEditError
    assessment.assessed_on, assessment.occasion, assessment.rater = assessed_on, occasion, rater
    assessment.follow_up = follow_up
    assessment.version = expected_version + 1
    try:
        with transaction.atomic():
            assessment.save(update_fields=["assessed_on", "occasion", "rater", "follow_up"])
    except IntegrityError:
        raise ValidationError(DUPLICATE) from None
    AssessmentScore.objects.filter(assessment=assessment).delete()
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, area=area, level=level) for area, level in chosen
    )
    _audit_enrolment(
        "assessments.assessment.corrected", enrolment=enrolment, by=by, object_id=assessment.pk, path=path
    )
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: Assessment, expected_version: int, by: User, path: str = "") -> None:
    """Remove a reading recorded by mistake (the audit log keeps that it existed)."""
    deleted, _rows = Assessment.objects.filter(pk=assessment.pk, version=expected_version).delete()
    if not deleted:
        raise ConcurrentEditError
    _audit_enrolment(
        "assessments.assessment.deleted",
        enrolment=assessment.enrolment,
        by=by,
        object_id=assessment.pk,
        path=path,
    )


def assessments_viewed(*, enrolment: Enrolment, by: User, path: str) -> None:
    """The assessments page holds health-related answers: every opening is logged."""
    _audit_enrolment("assessments.enrolment.viewed", enrolment=enrolment, by=by, object_id=None, path=path)


# --- the rule ----------------------------------------------------------------------------------


@transaction.atomic
def rule_save(
    *,
    project: Project,
    expected_version: int | None,
    criteria: set[int],
    combination: str,
    instrument: Instrument | None,
    description: str,
    uses_ips: bool,
    by: User,
    path: str = "",
) -> StepMovementRule:
    """Save the project's rule (creates it on the first save)."""
    from stegvis.assessments.selectors import instruments_for

    if not criteria or not criteria <= set(StepMovementRule.CRITERION_FIELDS):
        raise ValidationError({"criteria": _("Välj minst ett kriterium.")})
    if instrument is not None and not instruments_for(project).filter(pk=instrument.pk).exists():
        raise ValidationError({"instrument": _("Projektet kan inte använda det instrumentet.")})
    fields = {name: number in criteria for number, name in StepMovementRule.CRITERION_FIELDS.items()}
    fields.update(
        combination=combination,
        instrument=instrument,
        description=description.strip(),
        uses_ips=uses_ips,
        updated_by=by,
    )
    rule = StepMovementRule.objects.select_for_update().filter(project=project).first()
    if rule is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError
        try:
            with transaction.atomic():
                rule = StepMovementRule.objects.create(project=project, **fields)
        except IntegrityError:
            raise ConcurrentEditError from None
    else:
        if expected_version != rule.version:
            raise ConcurrentEditError
        for name, value in fields.items():
            setattr(rule, name, value)
        rule.version += 1
        rule.save()
    _audit_project("assessments.rule.saved", project=project, by=by, object_id=rule.pk, path=path)
    return rule


# --- fidelity reviews --------------------------------------------------------------------------


def _check_review(
    reviewed_on: datetime.date, team_name: str, reviewers: str, scores: Mapping[int, int]
) -> None:
    errors: dict[str, str] = {}
    if reviewed_on > datetime.date.today():
        errors["reviewed_on"] = _("Datumet kan inte ligga i framtiden.")
    if not team_name.strip():
        errors["team_name"] = _("Skriv vilket team som granskades.")
    if not reviewers.strip():
        errors["reviewers"] = _("Skriv vilka som gjorde granskningen.")
    missing = [n for n in FIDELITY_ITEMS if scores.get(n) not in (1, 2, 3, 4, 5)]
    for number in missing:
        errors[f"item_{number}"] = _("Ange en poäng 1–5.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fidelity_review_save(
    *,
    project: Project,
    review: FidelityReview | None,
    expected_version: int | None,
    team_name: str,
    reviewed_on: datetime.date,
    reviewers: str,
    summary: str,
    scores: Mapping[int, int],
    by: User,
    path: str = "",
) -> FidelityReview:
    """Record a fidelity review with all 25 item scores, or correct one (against its version)."""
    _check_review(reviewed_on, team_name, reviewers, scores)
    values = {
        "team_name": team_name.strip(),
        "reviewed_on": reviewed_on,
        "reviewers": reviewers.strip(),
        "summary": summary.strip(),
    }
    try:
        with transaction.atomic():
            if review is None:
                review = FidelityReview.objects.create(project=project, recorded_by=by, **values)
                action = "assessments.fidelity.recorded"
            else:
                updated = FidelityReview.objects.filter(pk=review.pk, version=expected_version).update(
                    version=F("version") + 1, updated_at=timezone.now(), **values
                )
                if not updated:
                    raise ConcurrentEditError
                review.refresh_from_db()
                FidelityItem.objects.filter(review=review).delete()
                action = "assessments.fidelity.corrected"
    except IntegrityError:
        raise ValidationError({"reviewed_on": _("Teamet har redan en granskning det datumet.")}) from None
    FidelityItem.objects.bulk_create(
        FidelityItem(review=review, number=n, label=label, score=scores[n])
        for n, label in FIDELITY_ITEMS.items()
    )
    _audit_project(action, project=project, by=by, object_id=review.pk, path=path)
    return review
