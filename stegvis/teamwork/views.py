"""Samverkansteam pages (meetings, agenda, tasks) and the samverkanshinder log."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stegvis.accounts.models import Organisation
from stegvis.accounts.selectors import project_get_for
from stegvis.core.access import require
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.core.forms import add_validation_error
from stegvis.teamwork import selectors, services
from stegvis.teamwork.forms import (
    AgendaItemForm,
    BarrierFilterForm,
    BarrierForm,
    CloseForm,
    DecideForm,
    MeetingEditForm,
    MeetingForm,
    RaiseForm,
    TaskForm,
)
from stegvis.teamwork.models import Barrier, BarrierStatus

PAGE_SIZE = 20
OPEN_TASKS_SHOWN = 30


def _partners(project) -> object:
    return Organisation.objects.filter(partnerships__project=project).distinct().order_by("name")


def _run(form, action: Callable[[dict], object]) -> bool:
    """Call a service with the form's data; on a refused write, show why on the form."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ConcurrentEditError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        add_validation_error(form, error)
    else:
        return True
    return False


# --- meetings ---------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    meetings = selectors.meetings_for(request.user, project)
    today = datetime.date.today()
    page = Paginator(meetings.filter(held_on__lt=today), PAGE_SIZE).get_page(request.GET.get("page"))
    open_tasks = selectors.open_tasks_for(request.user, project)
    context = {
        "project": project,
        "upcoming": list(meetings.filter(held_on__gte=today).order_by("held_on", "pk")),
        "page_obj": page,
        "open_tasks": list(open_tasks[:OPEN_TASKS_SHOWN]),
        "open_task_count": open_tasks.count(),
        "can_manage": selectors.may_manage_meetings(request.user, project),
        "today": today,
    }
    return render(request, "teamwork/meeting_list.html", context)


@login_required
def meeting_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.may_manage_meetings(request.user, project))
    partners = _partners(project)
    form = MeetingForm(
        request.POST or None, organisations=partners, initial={"organisations": list(partners)}
    )
    created = {}

    def create(data: dict) -> None:
        created["meeting"] = services.meeting_create(
            project=project,
            held_on=data["held_on"],
            organisations=data["organisations"],
            notes=data["notes"],
            by=request.user,
            path=request.path,
        )

    if request.method == "POST" and _run(form, create):
        messages.success(request, _("Mötet är skapat. Lägg till ärenden på dagordningen."))
        return redirect("teamwork:meeting", pk=created["meeting"].pk)
    return render(request, "teamwork/meeting_form.html", {"project": project, "form": form, "meeting": None})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    project = meeting.project
    agenda = selectors.agenda_for(request.user, meeting)
    tasks = list(selectors.meeting_tasks(meeting))
    services.meeting_viewed(meeting=meeting, by=request.user, path=request.path)
    context = {
        "meeting": meeting,
        "project": project,
        "agenda": agenda,
        "tasks": tasks,
        "organisations": list(meeting.organisations.all()),
        "can_manage": selectors.may_manage_meetings(request.user, project),
        "today": datetime.date.today(),
    }
    return render(request, "teamwork/meeting_detail.html", context)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    require(selectors.may_manage_meetings(request.user, meeting.project))
    initial = {
        "held_on": meeting.held_on,
        "organisations": list(meeting.organisations.all()),
        "notes": meeting.notes,
        "version": meeting.version,
    }
    form = MeetingEditForm(request.POST or None, organisations=_partners(meeting.project), initial=initial)

    def update(data: dict) -> None:
        services.meeting_update(
            meeting=meeting,
            held_on=data["held_on"],
            organisations=data["organisations"],
            notes=data["notes"],
            by=request.user,
            expected_version=data["version"],
            path=request.path,
        )

    if request.method == "POST" and _run(form, update):
        messages.success(request, _("Mötet är sparat."))
        return redirect("teamwork:meeting", pk=meeting.pk)
    return render(
        request, "teamwork/meeting_form.html", {"project": meeting.project, "form": form, "meeting": meeting}
    )


@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    project = meeting.project
    require(selectors.may_manage_meetings(request.user, project))
    form = AgendaItemForm(
        request.POST or None,
        enrolments=selectors.enrolment_choices(request.user, project),
        outcome=meeting.held_on <= datetime.date.today(),
    )

    def add(data: dict) -> None:
        services.agenda_item_add(
            meeting=meeting,
            enrolment=data["enrolment"],
            question=data["question"],
            discussion=data.get("discussion", ""),
            decision=data.get("decision", ""),
            by=request.user,
            path=request.path,
        )

    if request.method == "POST" and _run(form, add):
        messages.success(request, _("Ärendet är tillagt på dagordningen."))
        return redirect("teamwork:meeting", pk=meeting.pk)
    return render(
        request,
        "teamwork/agenda_form.html",
        {"meeting": meeting, "project": project, "form": form, "item": None, "case": None},
    )


@login_required
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.agenda_item_get_for(request.user, pk)
    meeting = item.meeting
    project = meeting.project
    require(selectors.may_manage_meetings(request.user, project))
    sees_case = item.enrolment_id is None or item.enrolment_id in selectors.visible_enrolment_ids(
        request.user, project, [item.enrolment_id]
    )
    initial = {
        "enrolment": item.enrolment_id,
        "question": item.question,
        "discussion": item.discussion,
        "decision": item.decision,
    }
    form = AgendaItemForm(
        request.POST or None,
        enrolments=selectors.enrolment_choices(request.user, project, current=item.enrolment)
        if sees_case
        else None,
        initial=initial,
    )

    def update(data: dict) -> None:
        services.agenda_item_update(
            item=item,
            enrolment=data["enrolment"] if sees_case else item.enrolment,
            question=data["question"],
            discussion=data["discussion"],
            decision=data["decision"],
            guard_names=sees_case,
            by=request.user,
            path=request.path,
        )

    if request.method == "POST" and _run(form, update):
        messages.success(request, _("Ärendet är sparat."))
        return redirect("teamwork:meeting", pk=meeting.pk)
    case = next(row.case for row in selectors.agenda_for(request.user, meeting) if row.item.pk == item.pk)
    return render(
        request,
        "teamwork/agenda_form.html",
        {"meeting": meeting, "project": project, "form": form, "item": item, "case": case},
    )


@login_required
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, pk)
    project = meeting.project
    require(selectors.may_manage_meetings(request.user, project))
    initial = (
        {"agenda_item": request.GET.get("arende")} if str(request.GET.get("arende", "")).isdigit() else {}
    )
    form = TaskForm(request.POST or None, agenda_items=meeting.agenda_items.all(), initial=initial)

    def add(data: dict) -> None:
        item = data["agenda_item"]
        visible = selectors.visible_enrolment_ids(request.user, project, [item.enrolment_id] if item else [])
        services.task_add(
            meeting=meeting,
            agenda_item=item,
            what=data["what"],
            responsible=data["responsible"],
            due_on=data["due_on"],
            guard_names=item is None or item.enrolment_id is None or item.enrolment_id in visible,
            by=request.user,
            path=request.path,
        )

    if request.method == "POST" and _run(form, add):
        messages.success(request, _("Uppgiften är tillagd."))
        return redirect("teamwork:meeting", pk=meeting.pk)
    return render(request, "teamwork/task_form.html", {"meeting": meeting, "project": project, "form": form})


@login_required
@require_POST
def task_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a task off, or undo it: from the meeting page or the list of open tasks (htmx)."""
    task = selectors.task_get_for(request.user, pk)
    services.task_set_done(
        task=task,
        done=request.POST.get("done") == "1",
        on=datetime.date.today(),
        by=request.user,
        path=request.path,
    )
    if request.htmx:
        row = (
            "teamwork/_open_task_row.html"
            if request.POST.get("where") == "list"
            else "teamwork/_task_row.html"
        )
        return render(
            request, row, {"task": task, "today": datetime.date.today(), "project": task.meeting.project}
        )
    messages.success(
        request, _("Uppgiften är markerad som klar.") if task.done_on else _("Uppgiften är öppen igen.")
    )
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("teamwork:meeting", pk=task.meeting_id)


# --- barriers ---------------------------------------------------------------------------


@login_required
def barrier_list(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    barriers = selectors.barriers_for(request.user, project)
    filters = BarrierFilterForm(request.GET)
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            barriers = barriers.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["category"]:
            barriers = barriers.filter(category=filters.cleaned_data["category"])
    page = Paginator(barriers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "page_obj": page,
        "filters": filters,
        "filtered": bool(request.GET.get("status") or request.GET.get("category")),
        "counts": selectors.barrier_counts(project),
        "anonymised": selectors.barriers_without_personal_data(request.user, project),
        "can_record": selectors.may_record_barriers(request.user, project),
    }
    return render(request, "teamwork/barrier_list.html", context)


@login_required
def barrier_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.may_record_barriers(request.user, project))
    form = BarrierForm(request.POST or None, enrolments=selectors.enrolment_choices(request.user, project))
    created = {}

    def create(data: dict) -> None:
        created["barrier"] = services.barrier_create(
            project=project,
            title=data["title"],
            category=data["category"],
            agencies=data["agencies"],
            description=data["description"],
            enrolment=data["enrolment"],
            by=request.user,
            path=request.path,
        )

    if request.method == "POST" and _run(form, create):
        messages.success(request, _("Hindret är registrerat."))
        return redirect("teamwork:barrier", pk=created["barrier"].pk)
    return render(request, "teamwork/barrier_form.html", {"project": project, "form": form, "barrier": None})


def _may_edit(request: HttpRequest, barrier: Barrier) -> bool:
    return barrier.status == BarrierStatus.REGISTERED and (
        barrier.raised_by_id == request.user.pk
        or selectors.may_decide_barriers(request.user, barrier.project)
    )


@login_required
def barrier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    barrier = selectors.barrier_get_for(request.user, pk)
    project = barrier.project
    decides = selectors.may_decide_barriers(request.user, project)
    case = selectors.barrier_case_for(request.user, barrier)
    if case is not None:
        services.barrier_viewed(barrier=barrier, by=request.user, path=request.path)
    context = {
        "barrier": barrier,
        "project": project,
        "case": case,
        "anonymised": selectors.barriers_without_personal_data(request.user, project),
        "can_edit": _may_edit(request, barrier),
        "can_raise": decides and barrier.status == BarrierStatus.REGISTERED,
        "can_decide": decides and barrier.status == BarrierStatus.RAISED,
        "can_close": decides and barrier.status in (BarrierStatus.REGISTERED, BarrierStatus.DECIDED),
    }
    return render(request, "teamwork/barrier_detail.html", context)


@login_required
def barrier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    barrier = selectors.barrier_get_for(request.user, pk)
    project = barrier.project
    require(barrier.raised_by_id == request.user.pk or selectors.may_decide_barriers(request.user, project))
    if not _may_edit(request, barrier):
        messages.info(request, _("Hindret är lyft till styrgruppen och kan inte längre ändras."))
        return redirect("teamwork:barrier", pk=barrier.pk)
    sees_case = barrier.enrolment_id is None or selectors.barrier_case_for(request.user, barrier) is not None
    initial = {
        "title": barrier.title,
        "category": barrier.category,
        "agencies": list(barrier.agencies.all()),
        "description": barrier.description,
        "enrolment": barrier.enrolment_id,
        "version": barrier.version,
    }
    enrolments = (
        selectors.enrolment_choices(request.user, project, current=barrier.enrolment) if sees_case else None
    )
    form = BarrierForm(request.POST or None, enrolments=enrolments, initial=initial)

    def update(data: dict) -> None:
        if data.get("version") is None:
            raise ValidationError(_("Formuläret saknar version. Ladda om sidan."))
        services.barrier_update(
            barrier=barrier,
            title=data["title"],
            category=data["category"],
            agencies=data["agencies"],
            description=data["description"],
            enrolment=data["enrolment"] if sees_case else barrier.enrolment,
            by=request.user,
            expected_version=data["version"],
            path=request.path,
        )

    if request.method == "POST" and _run(form, update):
        messages.success(request, _("Hindret är sparat."))
        return redirect("teamwork:barrier", pk=barrier.pk)
    return render(
        request, "teamwork/barrier_form.html", {"project": project, "form": form, "barrier": barrier}
    )


STEPS = {
    "raise": {
        "form": RaiseForm,
        "from": (BarrierStatus.REGISTERED,),
        "heading": gettext_lazy("Lyft till styrgruppen"),
        "intro": gettext_lazy(
            "Styrgruppen ser hindret med rubrik, kategori, berörda parter och exempel – utan koppling till "
            "någon deltagare och utan namn på personal."
        ),
        "button": gettext_lazy("Lyft till styrgruppen"),
        "done": gettext_lazy("Hindret är lyft till styrgruppen."),
    },
    "decide": {
        "form": DecideForm,
        "from": (BarrierStatus.RAISED,),
        "heading": gettext_lazy("För in styrgruppens beslut"),
        "intro": gettext_lazy("Skriv beslutet som det står i styrgruppens protokoll."),
        "button": gettext_lazy("Spara beslutet"),
        "done": gettext_lazy("Beslutet är sparat."),
    },
    "close": {
        "form": CloseForm,
        "from": (BarrierStatus.REGISTERED, BarrierStatus.DECIDED),
        "heading": gettext_lazy("Markera som åtgärdat/avslutat"),
        "intro": gettext_lazy(
            "Beskriv vad som gjordes och vad det ledde till. Ett hinder som löstes utan styrgruppen kan "
            "avslutas direkt."
        ),
        "button": gettext_lazy("Avsluta hindret"),
        "done": gettext_lazy("Hindret är avslutat."),
    },
}


def _barrier_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    barrier = selectors.barrier_get_for(request.user, pk)
    require(selectors.may_decide_barriers(request.user, barrier.project))
    spec = STEPS[step]
    if barrier.status not in spec["from"]:
        messages.info(
            request,
            _("Hindret har status %(status)s.") % {"status": barrier.get_status_display().lower()},
        )
        return redirect("teamwork:barrier", pk=barrier.pk)
    form = spec["form"](request.POST or None, initial={"version": barrier.version})

    def act(data: dict) -> None:
        common = {"barrier": barrier, "on": data["on"], "by": request.user, "path": request.path}
        common["expected_version"] = data["version"]
        if step == "raise":
            services.barrier_raise(note=data["note"], **common)
        elif step == "decide":
            services.barrier_decide(decision=data["decision"], **common)
        else:
            services.barrier_close(follow_up=data["follow_up"], **common)

    if request.method == "POST" and _run(form, act):
        messages.success(request, str(spec["done"]))
        return redirect("teamwork:barrier", pk=barrier.pk)
    context = {"barrier": barrier, "project": barrier.project, "form": form, "spec": spec}
    return render(request, "teamwork/barrier_step.html", context)


@login_required
def barrier_raise(request: HttpRequest, pk: int) -> HttpResponse:
    return _barrier_step(request, pk, "raise")


@login_required
def barrier_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _barrier_step(request, pk, "decide")


@login_required
def barrier_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _barrier_step(request, pk, "close")
