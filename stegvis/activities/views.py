"""Activity pages: the project's catalogue, a participant's activities and hours, group activities
with sessions, bookings and attendance, and hours per participant and activity type."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from stegvis.accounts.selectors import has_participant_access, project_get_for, sees_whole_project
from stegvis.activities import selectors, services
from stegvis.activities.forms import (
    ActivityEditForm,
    ActivityEndForm,
    ActivityForm,
    ActivityTypeEditForm,
    ActivityTypeForm,
    AttendanceRowForm,
    BookingForm,
    GroupActivityForm,
    HoursPeriodForm,
    LeaveForm,
    SessionForm,
    SessionsForm,
    WeekHoursForm,
)
from stegvis.activities.models import AttendanceStatus, week_start
from stegvis.activities.templatetags.activities import format_hours
from stegvis.core.access import require
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.core.forms import add_validation_error
from stegvis.core.models import Gender
from stegvis.participants.selectors import enrolment_get_for

WEEKS_AT_A_TIME = 6


# --- catalogue -------------------------------------------------------------------------


@login_required
def catalogue(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_view_catalogue(request.user, project))
    can_manage = selectors.can_manage_catalogue(request.user, project)
    services.catalogue_ensure_defaults(project=project, by=request.user, path=request.path)
    form = ActivityTypeForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require(can_manage)
        if form is not None and form.is_valid():
            try:
                created = services.activity_type_create(
                    project=project,
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    position=form.cleaned_data["position"],
                    by=request.user,
                    path=request.path,
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("%(name)s är tillagd i katalogen.") % {"name": created.name})
                return redirect("activities:catalogue", project_pk=project.pk)
    context = {
        "project": project,
        "types": selectors.catalogue_for(request.user, project),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "activities/catalogue.html", context)


@login_required
def type_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    activity_type = selectors.activity_type_get_for_manage(request.user, project, pk)
    initial = {
        "name": activity_type.name,
        "kind": activity_type.kind,
        "description": activity_type.description,
        "active": activity_type.active,
        "position": activity_type.position,
    }
    form = ActivityTypeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_type_update(
                activity_type=activity_type, by=request.user, path=request.path, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Insatsen är sparad."))
            return redirect("activities:catalogue", project_pk=project.pk)
    in_use = activity_type.activities.exists() or activity_type.group_activities.exists()
    context = {"project": project, "activity_type": activity_type, "form": form, "in_use": in_use}
    return render(request, "activities/type_form.html", context)


@login_required
@require_POST
def type_delete(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    activity_type = selectors.activity_type_get_for_manage(request.user, project, pk)
    try:
        services.activity_type_delete(activity_type=activity_type, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:type_edit", project_pk=project.pk, pk=activity_type.pk)
    messages.success(request, _("Insatsen är borttagen ur katalogen."))
    return redirect("activities:catalogue", project_pk=project.pk)


# --- a participant's activities --------------------------------------------------------


@login_required
def enrolment_activities(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    enrolment = enrolment_get_for(request.user, enrolment_pk)
    services.enrolment_page_viewed(enrolment=enrolment, by=request.user, path=request.path)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "overview": selectors.enrolment_activities(enrolment, with_goals=True),
        "today": datetime.date.today(),
    }
    return render(request, "activities/enrolment_activities.html", context)


@login_required
def activity_add(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    enrolment = enrolment_get_for(request.user, enrolment_pk)
    services.catalogue_ensure_defaults(project=enrolment.project, by=request.user, path=request.path)
    goals = selectors.plan_goals(enrolment)
    initial = {}
    if request.GET.get("mal", "").isdigit():
        initial["goals"] = [int(request.GET["mal"])]
    form = ActivityForm(request.POST or None, enrolment=enrolment, goals=goals, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                enrolment=enrolment, data=form.data_object(), by=request.user, path=request.path
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Insatsen är tillagd."))
            return redirect("activities:activity_detail", enrolment_pk=enrolment.pk, pk=activity.pk)
    context = {"enrolment": enrolment, "project": enrolment.project, "form": form, "activity": None}
    return render(request, "activities/activity_form.html", context)


def _week_window(request: HttpRequest, bounds: tuple[datetime.date, datetime.date]) -> list[datetime.date]:
    """The weeks the hours form shows: WEEKS_AT_A_TIME weeks ending at ?vecka= (or the last reportable)."""
    first, last = bounds
    end = last
    asked = request.GET.get("vecka", "")
    try:
        end = min(max(week_start(datetime.date.fromisoformat(asked)), first), last) if asked else last
    except ValueError:
        end = last
    weeks = [end - datetime.timedelta(weeks=n) for n in range(WEEKS_AT_A_TIME)]
    return sorted(w for w in weeks if w >= first)


@login_required
def activity_detail(request: HttpRequest, enrolment_pk: int, pk: int) -> HttpResponse:
    """The activity, the goals it serves, and the hours done, reported a few weeks at a time."""
    activity = selectors.activity_get_for(request.user, enrolment_pk, pk)
    enrolment = activity.enrolment
    if request.method == "GET":
        services.enrolment_page_viewed(enrolment=enrolment, by=request.user, path=request.path)
    today = datetime.date.today()
    bounds = services.reportable_weeks(activity, today)
    weeks = _week_window(request, bounds) if bounds else []
    reported = {row.week: row for row in activity.hours.all()}
    initial = {WeekHoursForm.field_name(w): format_hours(reported[w].hours) for w in weeks if w in reported}
    form = WeekHoursForm(request.POST or None, weeks=weeks, initial=initial)
    if request.method == "POST" and weeks and form.is_valid():
        try:
            changed = services.hours_report(
                activity=activity, hours=form.hours(), by=request.user, path=request.path
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if changed:
                messages.success(request, _("Timmarna är sparade."))
            else:
                messages.info(request, _("Inga timmar ändrades."))
            return redirect(request.get_full_path())
    earlier = later = None
    if weeks and bounds:
        if weeks[0] > bounds[0]:
            earlier = weeks[0] - datetime.timedelta(weeks=1)
        if weeks[-1] < bounds[1]:
            later = min(weeks[-1] + datetime.timedelta(weeks=WEEKS_AT_A_TIME), bounds[1])
    rows = sorted(reported.values(), key=lambda r: r.week, reverse=True)
    total = sum((r.hours for r in rows), start=selectors.ZERO)
    planned_total = activity.planned_hours_per_week * len(rows) if activity.planned_hours_per_week else None
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "activity": activity,
        "today": today,
        "goals": selectors.activity_goals(activity),
        "form": form,
        "weeks": weeks,
        "earlier": earlier,
        "later": later,
        "reported": rows,
        "total": total,
        "share_of_plan": round(100 * total / planned_total) if planned_total else None,
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
def activity_edit(request: HttpRequest, enrolment_pk: int, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for(request.user, enrolment_pk, pk)
    enrolment = activity.enrolment
    goals = selectors.plan_goals(enrolment)
    initial = {
        "activity_type": activity.activity_type_id,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "provider": activity.provider_id,
        "place": activity.place,
        "planned_hours_per_week": format_hours(activity.planned_hours_per_week),
        "goals": list(activity.goals.values_list("pk", flat=True)),
        "note": activity.note,
        "version": activity.version,
    }
    form = ActivityEditForm(
        request.POST or None, enrolment=enrolment, goals=goals, activity=activity, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=activity,
                data=form.data_object(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
                path=request.path,
            )
        except ConcurrentEditError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Insatsen är sparad."))
            return redirect("activities:activity_detail", enrolment_pk=enrolment.pk, pk=activity.pk)
    context = {"enrolment": enrolment, "project": enrolment.project, "form": form, "activity": activity}
    return render(request, "activities/activity_form.html", context)


@login_required
def activity_end(request: HttpRequest, enrolment_pk: int, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for(request.user, enrolment_pk, pk)
    enrolment = activity.enrolment
    if activity.end_reason:
        messages.info(request, _("Insatsen är redan avslutad."))
        return redirect("activities:activity_detail", enrolment_pk=enrolment.pk, pk=activity.pk)
    form = ActivityEndForm(request.POST or None, initial={"version": activity.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_end(
                activity=activity,
                end_date=form.cleaned_data["end_date"],
                end_reason=form.cleaned_data["end_reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
                path=request.path,
            )
        except ConcurrentEditError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Insatsen är avslutad."))
            return redirect("activities:activity_detail", enrolment_pk=enrolment.pk, pk=activity.pk)
    context = {"enrolment": enrolment, "project": enrolment.project, "form": form, "activity": activity}
    return render(request, "activities/activity_end.html", context)


# --- group activities ------------------------------------------------------------------

SHOW_ALL = "alla"


@login_required
def group_list(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    groups = selectors.group_activities_for(request.user, project)
    today = datetime.date.today()
    show_all = request.GET.get("visa") == SHOW_ALL
    if not show_all:
        groups = groups.exclude(end_date__lt=today)
    context = {
        "project": project,
        "groups": groups.order_by("title", "pk"),
        "show_all": show_all,
        "today": today,
    }
    return render(request, "activities/group_list.html", context)


@login_required
def group_add(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(has_participant_access(request.user, project))
    services.catalogue_ensure_defaults(project=project, by=request.user, path=request.path)
    form = GroupActivityForm(request.POST or None, project=project, initial={"leader": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_activity_create(
                project=project, data=form.data_object(), by=request.user, path=request.path
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("Gruppaktiviteten är skapad. Lägg till tillfällen och boka deltagare.")
            )
            return redirect("activities:group_detail", project_pk=project.pk, pk=group.pk)
    return render(request, "activities/group_form.html", {"project": project, "form": form, "group": None})


@login_required
def group_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, pk)
    initial = {
        "activity_type": group.activity_type_id,
        "title": group.title,
        "leader": group.leader_id,
        "provider": group.provider_id,
        "start_date": group.start_date,
        "end_date": group.end_date,
        "place": group.place,
        "capacity": group.capacity,
        "description": group.description,
    }
    form = GroupActivityForm(request.POST or None, project=project, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_activity_update(
                group=group, data=form.data_object(), by=request.user, path=request.path
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Gruppaktiviteten är sparad."))
            return redirect("activities:group_detail", project_pk=project.pk, pk=group.pk)
    return render(request, "activities/group_form.html", {"project": project, "form": form, "group": group})


@login_required
def group_detail(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, pk)
    today = datetime.date.today()
    sessions = list(selectors.sessions_with_counts(group))
    bookings = selectors.bookings_for(request.user, group)
    services.list_viewed(
        project=project, by=request.user, path=request.path, list_name="group", object_id=group.pk
    )
    context = {
        "project": project,
        "group": group,
        "past": [s for s in reversed(sessions) if s.date <= today],
        "upcoming": [s for s in sessions if s.date > today],
        "bookings": bookings,
        "today": today,
    }
    return render(request, "activities/group_detail.html", context)


@login_required
def session_add(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, pk)
    last = group.sessions.order_by("-date", "-start_time").first()
    initial = {"first_date": max(datetime.date.today(), group.start_date)}
    if last is not None:
        initial.update(
            first_date=max(last.date + datetime.timedelta(days=7), group.start_date),
            start_time=last.start_time,
            duration_hours=last.duration_hours,
        )
    form = SessionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.sessions_add(
                group=group, by=request.user, path=request.path, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext("%(n)s tillfälle är tillagt.", "%(n)s tillfällen är tillagda.", len(added))
                % {"n": len(added)},
            )
            return redirect("activities:group_detail", project_pk=project.pk, pk=group.pk)
    return render(
        request,
        "activities/session_form.html",
        {"project": project, "group": group, "form": form, "session": None},
    )


@login_required
def session_edit(request: HttpRequest, project_pk: int, group_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, group_pk)
    session = selectors.session_get_for(request.user, group, pk)
    initial = {
        "date": session.date,
        "start_time": session.start_time,
        "duration_hours": session.duration_hours,
        "cancelled": session.cancelled,
        "note": session.note,
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, path=request.path, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Tillfället är sparat."))
            return redirect("activities:group_detail", project_pk=project.pk, pk=group.pk)
    context = {
        "project": project,
        "group": group,
        "form": form,
        "session": session,
        "has_attendance": session.attendances.exists(),
    }
    return render(request, "activities/session_form.html", context)


@login_required
@require_POST
def session_delete(request: HttpRequest, project_pk: int, group_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, group_pk)
    session = selectors.session_get_for(request.user, group, pk)
    try:
        services.session_delete(session=session, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:session_edit", project_pk=project.pk, group_pk=group.pk, pk=session.pk)
    messages.success(request, _("Tillfället är borttaget."))
    return redirect("activities:group_detail", project_pk=project.pk, pk=group.pk)


@login_required
def bookings(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    """Book participants (only those the user may see) and take them off the group."""
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, pk)
    today = datetime.date.today()
    bookable = selectors.bookable_enrolments(request.user, group)
    default_from = max(today, group.start_date)
    if group.end_date is not None:
        default_from = min(default_from, group.end_date)
    form = BookingForm(
        request.POST or None,
        enrolments=bookable,
        show_coach=sees_whole_project(request.user, project),
        initial={"booked_from": default_from},
    )
    if request.method == "POST" and form.is_valid():
        try:
            booked = services.bookings_add(
                group=group,
                enrolments=form.cleaned_data["enrolments"],
                booked_from=form.cleaned_data["booked_from"],
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext("%(n)s deltagare är bokad.", "%(n)s deltagare är bokade.", len(booked))
                % {"n": len(booked)},
            )
            return redirect("activities:bookings", project_pk=project.pk, pk=group.pk)
    services.list_viewed(
        project=project, by=request.user, path=request.path, list_name="bookings", object_id=group.pk
    )
    context = {
        "project": project,
        "group": group,
        "form": form,
        "has_bookable": bookable.exists(),
        "bookings": selectors.bookings_for(request.user, group),
        "today": today,
    }
    return render(request, "activities/bookings.html", context)


@login_required
@require_POST
def booking_end(request: HttpRequest, project_pk: int, group_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, group_pk)
    visible = selectors.bookings_for(request.user, group).visible
    booking = next((b for b in visible if b.pk == pk), None)
    if booking is None:
        raise Http404
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ange ett giltigt datum."))
    else:
        try:
            kept = services.booking_end(
                booking=booking, left_on=form.cleaned_data["left_on"], by=request.user, path=request.path
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            name = booking.enrolment.person.display_name
            if kept is None:
                messages.success(request, _("%(name)s är avbokad.") % {"name": name})
            else:
                messages.success(request, _("%(name)s har slutat i gruppen.") % {"name": name})
    return redirect("activities:bookings", project_pk=project.pk, pk=group.pk)


def _row_forms(request: HttpRequest, sheet: selectors.AttendanceSheet, prefill_present: bool) -> dict:
    data = request.POST if request.method == "POST" else None
    forms = {}
    for row in sheet.rows:
        initial: dict = {}
        if row.attendance is not None:
            initial = {"status": row.attendance.status}
            if row.attendance.status == AttendanceStatus.PRESENT:
                initial["hours"] = format_hours(row.attendance.hours)
        elif prefill_present:
            initial = {"status": AttendanceStatus.PRESENT}
        form = AttendanceRowForm(
            data, prefix=f"d{row.enrolment.pk}", initial=initial, duration=sheet.session.duration_hours
        )
        if initial.get("status") in (AttendanceStatus.NOTIFIED, AttendanceStatus.ABSENT):
            form.fields["hours"].widget.attrs["placeholder"] = "0"  # absence counts no hours
        forms[row.enrolment.pk] = form
    return forms


@login_required
def attendance(request: HttpRequest, project_pk: int, group_pk: int, pk: int) -> HttpResponse:
    """The attendance list of one session: one row per booked participant, quick to fill in on a phone.

    With htmx each row is saved when it changes (the response is that row); without, one
    submit saves every row that has an answer. Either way a row with an error keeps what was typed.
    """
    project = project_get_for(request.user, project_pk)
    group = selectors.group_activity_get_for(request.user, project, group_pk)
    session = selectors.session_get_for(request.user, group, pk)
    today = datetime.date.today()
    can_record = not session.cancelled and session.date <= today
    sheet = selectors.attendance_sheet_for(request.user, session)
    forms = _row_forms(request, sheet, prefill_present=request.GET.get("forval") == "narvarande")
    saved: set[int] = set()
    summary_error = ""
    if request.method == "POST":
        if not can_record:
            messages.error(request, _("Närvaro kan inte registreras för det här tillfället."))
            return redirect("activities:group_detail", project_pk=project.pk, pk=group.pk)
        only = request.POST.get("row", "")
        if only:
            if not only.isdigit() or int(only) not in forms:
                raise Http404
            targets = {int(only): forms[int(only)]}
        else:
            targets = forms
        valid = all(form.is_valid() for form in targets.values())
        chosen = {pk_: f for pk_, f in targets.items() if f.is_valid() and f.cleaned_data.get("status")}
        enrolments = {row.enrolment.pk: row.enrolment for row in sheet.rows}
        if valid and chosen:
            entries = [
                services.AttendanceEntry(
                    enrolments[pk_], f.cleaned_data["status"], f.cleaned_data.get("hours")
                )
                for pk_, f in chosen.items()
            ]
            try:
                services.attendance_record(
                    session=session, entries=entries, by=request.user, path=request.path
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    if key.isdigit() and int(key) in targets:
                        targets[int(key)].add_error("status", errors)
                    else:
                        summary_error = " ".join(errors)
            else:
                saved = set(chosen)
                if not only:
                    messages.success(
                        request,
                        ngettext(
                            "Närvaron är sparad för %(n)s deltagare.",
                            "Närvaron är sparad för %(n)s deltagare.",
                            len(chosen),
                        )
                        % {"n": len(chosen)},
                    )
                    return redirect("activities:group_detail", project_pk=project.pk, pk=group.pk)
        elif valid and not only:
            summary_error = _("Välj närvaro för minst en deltagare.")
        if only and request.htmx:
            row = next(r for r in sheet.rows if r.enrolment.pk == int(only))
            context = {
                "row": row,
                "form": forms[row.enrolment.pk],
                "saved": bool(saved),
                "session": session,
                "can_record": can_record,
                "project": project,
                "group": group,
            }
            return render(request, "activities/_attendance_row.html", context)
        if not summary_error and not valid:
            summary_error = _("Närvaron är inte sparad. Rätta de markerade raderna och spara igen.")
    services.list_viewed(
        project=project, by=request.user, path=request.path, list_name="attendance", object_id=session.pk
    )
    rows = [(row, forms[row.enrolment.pk]) for row in sheet.rows]
    context = {
        "project": project,
        "group": group,
        "session": session,
        "sheet": sheet,
        "rows": rows,
        "saved": saved,
        "can_record": can_record,
        "summary_error": summary_error,
        "crumb": _("Närvaro %(date)s") % {"date": session.date.isoformat()},
        "unrecorded": sum(1 for row in sheet.rows if row.attendance is None),
        "hidden_present": sheet.hidden_recorded.get(AttendanceStatus.PRESENT, 0),
        "hidden_notified": sheet.hidden_recorded.get(AttendanceStatus.NOTIFIED, 0),
        "hidden_absent": sheet.hidden_recorded.get(AttendanceStatus.ABSENT, 0),
    }
    return render(request, "activities/attendance.html", context, status=200)


# --- hours -----------------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@login_required
def hours(request: HttpRequest, project_pk: int) -> HttpResponse:
    """Hours per activity type and per participant in a period, for the enrolments the user may see."""
    project = project_get_for(request.user, project_pk)
    require(has_participant_access(request.user, project))
    today = datetime.date.today()
    this_month = _month_start(today)
    last_month_end = this_month - datetime.timedelta(days=1)
    presets = [
        (_("Denna månad"), this_month, today),
        (_("Förra månaden"), _month_start(last_month_end), last_month_end),
        (_("Hittills i år"), today.replace(month=1, day=1), today),
    ]
    default_start, default_end = presets[1][1], presets[1][2]
    form = HoursPeriodForm(request.GET or None, initial={"start": default_start, "end": default_end})
    start, end = default_start, default_end
    if request.GET and form.is_valid():
        start = form.cleaned_data.get("start") or project.start_date or default_start
        end = form.cleaned_data.get("end") or today
    summary = selectors.hours_summary(request.user, project, start=start, end=end)
    services.list_viewed(project=project, by=request.user, path=request.get_full_path(), list_name="hours")
    context = {
        "project": project,
        "form": form,
        "summary": summary,
        "presets": presets,
        "genders": Gender.choices,
    }
    return render(request, "activities/hours.html", context)
