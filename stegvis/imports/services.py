"""Writes for imports: upload, column mapping, the dry run, the all-or-nothing import, clean-up.

The dry run and the import are the same pass over the file through participants.services
(participant_enrol, phase_change, enrolment_exit), so a dry run finds exactly what the
import would refuse. The dry run does every row in its own savepoint and rolls the whole
pass back; the import stops at the first refused row and rolls everything back with it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.accounts.models import Organisation, Role, User
from stegvis.audit.services import audit_log
from stegvis.imports import fields, reading
from stegvis.imports.models import ImportRun
from stegvis.jobs.models import Job
from stegvis.jobs.services import JobError, job_finish, job_progress, job_start
from stegvis.participants import services as participants
from stegvis.participants.models import Education, LabourStatus, Person, Phase
from stegvis.participants.personal_id import birth_date_of, normalise_personal_id
from stegvis.projects.models import Project, ProjectMunicipality

KIND_CHECK = "imports.check"
KIND_IMPORT = "imports.import"
PROGRESS_EVERY = 10
# Which import column a service's field error belongs to.
SERVICE_FIELDS = {"on": "phase_date", "reason": "exit_reason", "outcome": "exit_outcome"}


@dataclass
class RowData:
    person: participants.PersonData
    personal_id: str
    enrolment: dict[str, Any]
    phase: str = Phase.KARTLAGGNING
    phase_date: datetime.date | None = None
    exit: dict[str, Any] | None = None


@dataclass
class Lookups:
    """The project's coaches, municipalities and partner organisations, read once per pass."""

    coaches: dict[str, User] = field(default_factory=dict)
    municipalities: dict[str, ProjectMunicipality] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)

    @classmethod
    def for_project(cls, project: Project) -> Lookups:
        lookups = cls()
        for user in User.objects.filter(
            memberships__project=project, memberships__role=Role.COACH, is_active=True
        ).distinct():
            lookups.coaches[user.username.casefold()] = user
            if user.email:
                lookups.coaches[user.email.casefold()] = user
        for municipality in project.municipalities.all():
            lookups.municipalities[municipality.name.casefold()] = municipality
        for organisation in Organisation.objects.filter(partnerships__project=project).distinct():
            lookups.organisations[organisation.name.casefold()] = organisation
        return lookups


class ImportFailed(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("import row refused")
        self.errors = errors


# --- reading a row ------------------------------------------------------------------------


class _Row:
    """One file row seen through the mapping; collects errors per column."""

    def __init__(self, run: ImportRun, number: int, cells: list[Any]) -> None:
        self.run, self.number, self.cells = run, number, cells
        self.errors: list[dict[str, Any]] = []

    def column(self, target: str) -> str:
        index = self.run.mapping.get(target)
        if index is None or index >= len(self.run.headers):
            return str(fields.TARGET_LABELS.get(target, "–"))
        return self.run.headers[index]

    def raw(self, target: str) -> Any:
        index = self.run.mapping.get(target)
        if index is None or index >= len(self.cells):
            return ""
        value = self.cells[index]
        return value.strip() if isinstance(value, str) else value

    def error(self, target: str | None, message: str) -> None:
        self.errors.append(
            {"row": self.number, "column": self.column(target) if target else "–", "message": message}
        )

    def read(self, target: str, parse, *, required: str = "") -> Any:
        value = self.raw(target)
        if value in ("", None):
            if required:
                self.error(target, required)
            return None
        try:
            return parse(value)
        except ValidationError as error:
            self.error(target, " ".join(error.messages))
            return None


def _lookup(row: _Row, target: str, table: dict[str, Any], message: str) -> Any:
    value = row.raw(target)
    if value in ("", None):
        return None
    found = table.get(str(value).strip().casefold())
    if found is None:
        row.error(target, message)
    return found


def read_row(
    run: ImportRun, number: int, cells: list[Any], lookups: Lookups
) -> tuple[RowData | None, list[dict]]:
    """Parse and check one row as the enrolment form would; (data, []) or (None, errors)."""
    row = _Row(run, number, cells)
    raw_id = row.raw("personal_id")
    personal_id = ""
    if raw_id not in ("", None):
        try:
            personal_id = normalise_personal_id(str(raw_id))
        except ValidationError as error:
            row.error(
                "personal_id",
                _("%(message)s (%(masked)s)")
                % {"message": " ".join(error.messages), "masked": fields.mask_personal_id(raw_id)},
            )
    gender = row.read(
        "gender",
        lambda v: fields.parse_choice(v, fields.CHOICE_TARGETS["gender"]),
        required=_("Ange kön: Kvinna, Man, Annan könstillhörighet eller Uppgift saknas."),
    )
    if raw_id not in ("", None):
        first = str(row.raw("first_name") or "")
        last = str(row.raw("last_name") or "")
        if not first:
            row.error("first_name", _("Ange förnamn."))
        if not last:
            row.error("last_name", _("Ange efternamn."))
        person = participants.PersonData(
            anonymous=False, gender=gender or "", personal_id=personal_id, first_name=first, last_name=last
        )
    else:
        birth_year = row.read(
            "birth_year",
            fields.parse_year,
            required=_("Personnummer saknas, så deltagaren registreras anonymt: ange födelseår."),
        )
        person = participants.PersonData(anonymous=True, gender=gender or "", birth_year=birth_year)
    start_date = row.read("start_date", fields.parse_date, required=_("Ange startdatum."))
    coach = row.read("coach", lambda v: v, required=_("Ange handledarens användarnamn eller e-postadress."))
    if coach is not None:
        coach = _lookup(
            row,
            "coach",
            lookups.coaches,
            _("Ingen handledare i projektet har det användarnamnet eller den e-postadressen."),
        )
    municipality = _lookup(
        row,
        "municipality",
        lookups.municipalities,
        _("Kommunen hör inte till projektet. Skriv en av: %(names)s, eller lämna tomt för annan kommun.")
        % {"names": ", ".join(m.name for m in lookups.municipalities.values()) or "–"},
    )
    organisation = _lookup(
        row,
        "referring_organisation",
        lookups.organisations,
        _("Organisationen är inte samverkanspart i projektet. Skriv en av: %(names)s, eller lämna tomt.")
        % {"names": ", ".join(o.name for o in lookups.organisations.values()) or "–"},
    )

    current_with: list[Organisation] = []
    for name in re.split(r"[,;/\n]", str(row.raw("current_with") or "")):
        if not name.strip():
            continue
        organisation_found = lookups.organisations.get(name.strip().casefold())
        if organisation_found is None:
            row.error(
                "current_with",
                _("%(name)s är inte samverkanspart i projektet. Skriv några av: %(names)s.")
                % {
                    "name": name.strip()[:60],
                    "names": ", ".join(o.name for o in lookups.organisations.values()) or "–",
                },
            )
        elif organisation_found not in current_with:
            current_with.append(organisation_found)

    def choice(target: str, default: str | None = None, required: str = "") -> Any:
        value = row.read(
            target, lambda v: fields.parse_choice(v, fields.CHOICE_TARGETS[target]), required=required
        )
        return default if value is None else value

    sysselsattning = choice("sysselsattning", required=_("Ange sysselsättning vid inskrivning."))
    labour_status = choice("labour_status", LabourStatus.UNKNOWN)
    education = choice("education", Education.UNKNOWN)
    income = (
        row.read(
            "income_sources", lambda v: fields.parse_choices(v, fields.MULTI_CHOICE_TARGETS["income_sources"])
        )
        or []
    )
    phase = choice("phase", Phase.KARTLAGGNING)
    phase_date = row.read("phase_date", fields.parse_date)
    exit_date = row.read("exit_date", fields.parse_date)
    exit_data = None
    if exit_date is not None or phase == Phase.AVSLUT:
        if exit_date is None:
            row.error("exit_date", _("Fasen är Avslut: ange avslutsdatum."))
        exit_data = {
            "exit_date": exit_date,
            "reason": choice("exit_reason", required=_("Ange avslutsorsak.")),
            "outcome": choice("exit_outcome", required=_("Ange resultat vid avslut.")),
            "sysselsattning": choice("exit_sysselsattning", required=_("Ange sysselsättning efter avslut.")),
        }
    if row.errors:
        return None, row.errors
    entry = participants.SituationData(
        sysselsattning=sysselsattning,
        income_sources=income,
        labour_status=labour_status,
        education=education,
        current_with=current_with,
    )
    return (
        RowData(
            person=person,
            personal_id=personal_id,
            enrolment={
                "coach": coach,
                "start_date": start_date,
                "municipality": municipality,
                "referring_organisation": organisation,
                "entry": entry,
                "override_reason": str(row.raw("override_reason") or ""),
            },
            phase=phase if phase != Phase.AVSLUT else Phase.KARTLAGGNING,
            phase_date=phase_date,
            exit=exit_data,
        ),
        [],
    )


# --- applying a row -----------------------------------------------------------------------


def _apply_row(run: ImportRun, data: RowData, by: User, path: str) -> None:
    enrolment = participants.participant_enrol(
        project=run.project,
        person_data=data.person,
        consent_form_version=run.consent_form_version or "1.0",
        by=by,
        path=path,
        **data.enrolment,
    )
    if data.phase != Phase.KARTLAGGNING:
        participants.phase_change(
            enrolment=enrolment,
            phase=data.phase,
            on=data.phase_date or data.enrolment["start_date"],
            by=by,
            expected_version=enrolment.version,
            path=path,
        )
    if data.exit is not None:
        participants.enrolment_exit(
            enrolment=enrolment,
            exit_date=data.exit["exit_date"],
            reason=data.exit["reason"],
            outcome=data.exit["outcome"],
            qualification_gained=None,
            situation=participants.SituationData(sysselsattning=data.exit["sysselsattning"]),
            by=by,
            expected_version=enrolment.version,
            path=path,
        )


def _eligibility_text(run: ImportRun, data: RowData) -> str:
    """Which of the project's rules the row breaks, for a message that says what to fix."""
    if data.personal_id:
        birth = birth_date_of(data.personal_id)
        person = Person(birth_date=birth, birth_year=birth.year, gender=data.person.gender)
    else:
        person = Person(birth_year=data.person.birth_year or 0, gender=data.person.gender, is_anonymous=True)
    warnings = participants.eligibility_warnings(
        project=run.project,
        person=person,
        start_date=data.enrolment["start_date"],
        municipality=data.enrolment["municipality"],
        current_with=data.enrolment["entry"].current_with,
    )
    return " ".join(w.message for w in warnings)


def _service_errors(run: ImportRun, number: int, data: RowData, error: ValidationError) -> list[dict]:
    row = _Row(run, number, [])
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = SERVICE_FIELDS.get(name, name)
            messages = " ".join(m for e in errors for m in e.messages)
            if target == "override_reason":
                messages = " ".join(
                    filter(
                        None,
                        [
                            _eligibility_text(run, data),
                            _("Skriv en motivering i en kolumn och välj den som Motivering till avsteg."),
                        ],
                    )
                )
            row.error(target if target in fields.TARGET_LABELS else None, messages)
    else:
        row.error(None, " ".join(error.messages))
    return row.errors


def _pass(run: ImportRun, job: Job, *, stop_on_error: bool) -> tuple[list[dict], int]:
    """Every row through the services. Returns (errors, enrolments made); the caller decides to keep them."""
    table = _table_of(run)
    lookups = Lookups.for_project(run.project)
    path = reverse("imports:detail", args=[run.pk])
    rows = list(table.numbered_rows())
    errors: list[dict] = []
    seen: dict[str, int] = {}
    made = 0
    for done, (number, cells) in enumerate(rows, start=1):
        data, row_errors = read_row(run, number, cells, lookups)
        personal_id = data.personal_id if data else _personal_id_or_blank(run, cells)
        if personal_id and personal_id in seen:
            data = None
            row_errors = [
                *row_errors,
                {
                    "row": number,
                    "column": _Row(run, number, cells).column("personal_id"),
                    "message": _("Samma personnummer finns redan på rad %(row)s i filen.")
                    % {"row": seen[personal_id]},
                },
            ]
        elif data is not None:
            try:
                with transaction.atomic():
                    _apply_row(run, data, run.created_by, path)
                made += 1
            except ValidationError as error:
                row_errors = _service_errors(run, number, data, error)
        if personal_id:
            seen.setdefault(personal_id, number)
        if row_errors:
            errors.extend(row_errors)
            if stop_on_error:
                raise ImportFailed(row_errors)
        if done % PROGRESS_EVERY == 0 or done == len(rows):
            job_progress(job.pk, done=done)
    return errors, made


def _personal_id_or_blank(run: ImportRun, cells: list[Any]) -> str:
    try:
        return normalise_personal_id(str(_Row(run, 0, cells).raw("personal_id") or ""))
    except ValidationError:
        return ""


def _table_of(run: ImportRun) -> reading.Table:
    with run.file.open("rb") as stream:
        return reading.read_table(run.original_name, stream)


def _rows_with_errors(errors: list[dict]) -> int:
    return len({e["row"] for e in errors})


# --- the two jobs -------------------------------------------------------------------------


def check_task(job: Job, *, import_id: int) -> None:
    """The dry run: every row through the services in a transaction that is then rolled back."""
    run = ImportRun.objects.select_related("project", "created_by").get(pk=import_id)
    try:
        job_progress(job.pk, done=0, total=run.row_count, message=_("Kontrollerar raderna"))
        with transaction.atomic():
            errors, _made = _pass(run, job, stop_on_error=False)
            transaction.set_rollback(True)
    except Exception:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.UPLOADED)
        raise
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.CHECKED,
        errors=errors,
        error_count=_rows_with_errors(errors),
        checked_rows=run.row_count,
    )
    job_finish(job.pk, message=_("Kontrollen är klar"))


def import_task(job: Job, *, import_id: int) -> None:
    """The import: all rows in one transaction; the first refused row rolls everything back."""
    run = ImportRun.objects.select_related("project", "created_by").get(pk=import_id)
    job_progress(job.pk, done=0, total=run.row_count, message=_("Importerar raderna"))
    try:
        with transaction.atomic():
            _errors, made = _pass(run, job, stop_on_error=True)
            audit_log(
                user=run.created_by,
                action="imports.completed",
                project_id=run.project_id,
                object_id=run.pk,
                path=reverse("imports:detail", args=[run.pk]),
                purpose=f"rows={run.row_count} enrolments={made}",
            )
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.DONE, imported_count=made, failure=""
            )
    except ImportFailed as failure:
        first = failure.errors[0]
        message = (
            _("Rad %(row)s, %(column)s: %(message)s Ingenting importerades; kontrollera filen igen.") % first
        )
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, failure=message[:500], errors=failure.errors
        )
        raise JobError(message) from None
    except Exception:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, failure=_("Ett oväntat fel inträffade. Ingenting importerades.")
        )
        raise
    _delete_file(run)
    job_finish(job.pk, message=_("%(n)s deltagare importerades") % {"n": made})


# --- services the pages call --------------------------------------------------------------


@transaction.atomic
def import_upload(*, project: Project, upload: UploadedFile, by: User) -> ImportRun:
    """Check and read the file (reading.FileRefused if refused; nothing is then stored), then keep it privately."""
    table = reading.read_table(upload.name or "", upload.file)
    run = ImportRun(
        project=project,
        created_by=by,
        original_name=(upload.name or "")[-200:],
        file_format=table.file_format,
        headers=table.headers,
        row_count=sum(1 for _row in table.numbered_rows()),
        mapping=fields.suggest_mapping(table.headers),
    )
    upload.file.seek(0)
    run.file.save(f"{project.pk}-{timezone.now():%Y%m%d%H%M%S}.{table.file_format}", upload, save=False)
    run.save()
    audit_log(user=by, action="imports.uploaded", project_id=project.pk, object_id=run.pk)
    return run


def _start(run: ImportRun, *, by: User, kind: str, task, status: str, job_field: str) -> Job:
    ImportRun.objects.filter(pk=run.pk).update(status=status, failure="")
    job = job_start(
        user=by,
        kind=kind,
        project=run.project,
        task=task,
        params={"import_id": run.pk},
        next_url=reverse("imports:detail", args=[run.pk]),
    )
    ImportRun.objects.filter(pk=run.pk).update(**{job_field: job})
    run.refresh_from_db()
    return job


@transaction.atomic
def import_check(*, run: ImportRun, mapping: dict[str, int], consent_form_version: str, by: User) -> Job:
    """Save the column mapping and start the dry run."""
    if not run.file or run.status in (ImportRun.Status.DONE, ImportRun.Status.ABANDONED):
        raise ValidationError(_("Importen är redan avslutad. Ladda upp filen igen."))
    run.mapping = mapping
    run.consent_form_version = consent_form_version
    run.errors, run.error_count, run.checked_rows = [], 0, 0
    run.save()
    return _start(
        run, by=by, kind=KIND_CHECK, task=check_task, status=ImportRun.Status.CHECKING, job_field="check_job"
    )


@transaction.atomic
def import_run(*, run: ImportRun, by: User) -> Job:
    """Start the all-or-nothing import; only after a dry run without errors."""
    if not run.can_import:
        raise ValidationError(
            _("Importen kan startas först när kontrollen är klar och inte har hittat några fel.")
        )
    return _start(
        run,
        by=by,
        kind=KIND_IMPORT,
        task=import_task,
        status=ImportRun.Status.IMPORTING,
        job_field="import_job",
    )


def _delete_file(run: ImportRun) -> None:
    if run.file:
        run.file.delete(save=False)
    ImportRun.objects.filter(pk=run.pk).update(file="")


@transaction.atomic
def import_abandon(*, run: ImportRun, by: User) -> None:
    if run.status in (ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING):
        raise ValidationError(_("Vänta tills jobbet är klart innan du avbryter importen."))
    _delete_file(run)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.ABANDONED, errors=[])
    audit_log(user=by, action="imports.abandoned", project_id=run.project_id, object_id=run.pk)


def imports_purge(*, now: datetime.datetime | None = None, hours: int = 24) -> int:
    """Delete uploaded files left for more than `hours` without being imported; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=hours)
    count = 0
    for run in (
        ImportRun.objects.filter(updated_at__lte=cutoff)
        .exclude(file="")
        .exclude(status__in=[ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING])
    ):
        _delete_file(run)
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.ABANDONED, errors=[])
        count += 1
    return count
