"""Writes of the reports app: the post-exit check, and the audit trail of report use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.audit.services import audit_log
from stegvis.participants.models import Enrolment, Exit
from stegvis.projects.models import Project
from stegvis.reports.models import AnnualReportText, PostExitCheck


@dataclass
class CheckData:
    checked_on: datetime.date
    reached: bool
    method: str = ""
    sysselsattning: str = ""
    employed: bool | None = None
    improved: bool | None = None


@transaction.atomic
def post_exit_check_record(
    *, enrolment: Enrolment, data: CheckData, by: User, path: str = ""
) -> PostExitCheck:
    """Record (or correct) the check about six months after the exit."""
    exit_ = Exit.objects.filter(enrolment=enrolment).first()
    if exit_ is None or enrolment.is_open:
        raise ValidationError(_("Uppföljning efter avslut kan bara göras när inskrivningen är avslutad."))
    if exit_.reason == Exit.Reason.MISREGISTRATION:
        raise ValidationError(_("En felregistrering följs inte upp."))
    if data.checked_on < exit_.exit_date:
        raise ValidationError(
            {
                "checked_on": _("Uppföljningen kan inte vara före avslutsdatum (%(d)s).")
                % {"d": exit_.exit_date}
            }
        )
    if data.checked_on > datetime.date.today():
        raise ValidationError({"checked_on": _("Datumet kan inte ligga i framtiden.")})
    if not data.reached:
        data = CheckData(checked_on=data.checked_on, reached=False, method=data.method)
    check, created = PostExitCheck.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "checked_on": data.checked_on,
            "reached": data.reached,
            "method": data.method,
            "sysselsattning": data.sysselsattning,
            "employed": data.employed,
            "improved": data.improved,
            "recorded_by": by,
        },
    )
    audit_log(
        user=by,
        action="reports.post_exit_check.recorded" if created else "reports.post_exit_check.changed",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=check.pk,
        path=path,
    )
    return check


def report_viewed(*, project: Project, identifier: str, file_format: str, by: User, path: str) -> None:
    """Every look at a report, and every download, is in the audit log (lists of people above all)."""
    audit_log(
        user=by,
        action="reports.report.downloaded" if file_format != "screen" else "reports.report.viewed",
        project_id=project.pk,
        path=path,
        purpose=f"{identifier}:{file_format}",
    )


@transaction.atomic
def annual_report_text_save(
    *, project: Project, year: int, analysis: str, proposed_measures: str, by: User, path: str = ""
) -> AnnualReportText:
    """The project manager's analysis and proposed measures for one year; the last save wins."""
    text, created = AnnualReportText.objects.update_or_create(
        project=project,
        year=year,
        defaults={
            "analysis": analysis.strip(),
            "proposed_measures": proposed_measures.strip(),
            "updated_by": by,
        },
    )
    audit_log(
        user=by,
        action="reports.annual_text.created" if created else "reports.annual_text.changed",
        project_id=project.pk,
        object_id=text.pk,
        path=path,
    )
    return text
