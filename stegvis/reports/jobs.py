"""Report files made in the background (stegvis.jobs): for projects too large to wait for.

The job receives ids and dates, never objects, and checks access again with the user
who asked: someone who has lost their role since then gets no file.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.jobs.services import JobError, job_finish, job_progress
from stegvis.reports import selectors
from stegvis.reports.exporters import EXPORTERS, Period
from stegvis.reports.render import FORMATS

KIND = "reports.export"
STEPS = 3


def run_export(
    job, *, user_id: int, project_id: int, identifier: str, file_format: str, start: str, end: str
) -> None:
    job_progress(job.pk, done=0, total=STEPS, message=_("Hämtar uppgifterna"))
    cls = EXPORTERS.get(identifier)
    if cls is None or file_format not in cls.formats:
        raise JobError(_("Rapporten finns inte i det formatet."))
    user = User.objects.get(pk=user_id)
    try:
        project = selectors.report_project_for(user, project_id, participant_level=cls.participant_level)
    except (Http404, PermissionDenied):
        raise JobError(_("Du har inte längre behörighet till rapporten.")) from None
    exporter = cls(
        project=project,
        period=Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)),
        suppress=selectors.suppress_for(user, project),
    )
    job_progress(job.pk, done=1, message=_("Räknar fram tabellerna"))
    report = exporter.report()
    job_progress(job.pk, done=2, message=_("Skriver filen"))
    render_file, content_type = FORMATS[file_format]
    job_finish(
        job.pk,
        content=render_file(report),
        filename=report.filename(file_format),
        content_type=content_type,
        message=_("Filen är klar."),
    )


ANNUAL_KIND = "reports.annual"


def run_annual(job, *, user_id: int, project_id: int, year: int) -> None:
    """The annual report PDF: one progress step per section, then the PDF itself."""
    from stegvis.reports import annual

    user = User.objects.get(pk=user_id)
    try:
        project = selectors.report_project_for(user, project_id)
    except (Http404, PermissionDenied):
        raise JobError(_("Du har inte längre behörighet till rapporten.")) from None
    context = annual.AnnualContext(
        project=project,
        year=year,
        suppress=selectors.suppress_for(user, project),
        today=datetime.date.today(),
    )
    total = len(annual.SECTIONS) + 1
    job_progress(job.pk, done=0, total=total, message=_("Räknar fram avsnitten"))

    def progress(done: int, title: str) -> None:
        job_progress(job.pk, done=done, message=_("Klart: %(section)s") % {"section": title})

    content = annual.to_pdf(context, progress)
    job_finish(
        job.pk,
        content=content,
        filename=annual.filename(context),
        content_type="application/pdf",
        message=_("Årsrapporten är klar."),
    )
