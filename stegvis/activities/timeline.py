"""Events for the participant page's timeline: activities started and ended, group bookings,
and group attendance summed up per group and month (a weekly group would otherwise fill it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stegvis.activities.models import Attendance, AttendanceStatus
from stegvis.activities.selectors import enrolment_activities
from stegvis.activities.templatetags.activities import format_hours
from stegvis.participants.models import Enrolment
from stegvis.participants.timeline import Event


def activity_events(enrolment: Enrolment) -> Iterable[Event]:
    """Activities started and ended, and group bookings; from the overview the panel shows too."""
    today = datetime.date.today()
    overview = enrolment_activities(enrolment)
    for activity in overview.activities:
        if activity.start_date > today:
            continue
        name = activity.activity_type.name
        yield Event(activity.start_date, "activity", _("Insats startade: %(name)s") % {"name": name}, order=4)
        if activity.end_date is not None and (activity.end_reason or activity.end_date < today):
            reason = activity.get_end_reason_display() if activity.end_reason else _("slutdatum passerat")
            yield Event(
                activity.end_date,
                "activity",
                _("Insats slutade: %(name)s (%(reason)s)") % {"name": name, "reason": reason.lower()},
                order=6,
            )
    for summary in overview.bookings:
        booking = summary.booking
        title = booking.group_activity.title
        if booking.booked_from <= today:
            yield Event(
                booking.booked_from,
                "group",
                _("Bokad på gruppaktivitet: %(title)s") % {"title": title},
                order=4,
            )
        if booking.left_on is not None and booking.left_on <= today:
            yield Event(
                booking.left_on, "group", _("Slutade i gruppaktivitet: %(title)s") % {"title": title}, order=6
            )


def attendance_events(enrolment: Enrolment) -> Iterable[Event]:
    """One event per group and month, dated on that month's last recorded session."""
    months = (
        Attendance.objects.filter(enrolment=enrolment)
        .annotate(month=TruncMonth("session__date"))
        .values("month", "session__group_activity", "session__group_activity__title")
        .annotate(
            total=Count("pk"),
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            notified=Count("pk", filter=Q(status=AttendanceStatus.NOTIFIED)),
            absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
            hours=Sum("hours"),
            last=Max("session__date"),
        )
        .order_by()
    )
    for row in months:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        title = _("%(group)s: närvarande %(present)s av %(total)s tillfällen i %(month)s") % {
            "group": row["session__group_activity__title"],
            "present": row["present"],
            "total": row["total"],
            "month": formats.date_format(month, "F"),
        }
        details = []
        if row["present"]:
            details.append(_("%(h)s timmar") % {"h": format_hours(row["hours"])})
        if row["notified"]:
            details.append(
                ngettext(
                    "frånvarande med anmälan %(n)s gång",
                    "frånvarande med anmälan %(n)s gånger",
                    row["notified"],
                )
                % {"n": row["notified"]}
            )
        if row["absent"]:
            details.append(
                ngettext(
                    "frånvarande utan anmälan %(n)s gång",
                    "frånvarande utan anmälan %(n)s gånger",
                    row["absent"],
                )
                % {"n": row["absent"]}
            )
        yield Event(row["last"], "attendance", title, ", ".join(details), order=5)


SOURCES = [activity_events, attendance_events]
