"""Journal pages: the whole journal of an enrolment, writing, correcting and opening notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.core.access import require
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.core.forms import add_validation_error
from stegvis.journal import selectors, services
from stegvis.journal.forms import CorrectionForm, NoteForm
from stegvis.journal.panels import for_display, open_form, panel_context
from stegvis.participants.selectors import enrolment_get_for

PAGE_SIZE = 20
CORRECTION_PURPOSE = "Rättelse av anteckningen"


def _form_error(form: NoteForm, error: ValidationError) -> None:
    """The service names the category; the form asks for it in the sensitivity choice."""
    if hasattr(error, "error_dict") and "category" in error.error_dict:
        error.error_dict["sensitivity"] = error.error_dict.pop("category")
    add_validation_error(form, error)


@login_required
def journal(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for(request.user, pk)
    page = Paginator(selectors.notes_with_history(enrolment), PAGE_SIZE).get_page(request.GET.get("page"))
    services.journal_viewed(enrolment=enrolment, by=request.user, path=request.get_full_path())
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "page_obj": page,
        "notes": for_display(page.object_list),
        "form": NoteForm(prefix="journal"),
    }
    return render(request, "journal/journal.html", context)


@login_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a note: from the participant page's panel (htmx) or the journal page."""
    enrolment = enrolment_get_for(request.user, pk)
    form = NoteForm(request.POST or None, prefix="journal")
    from_panel = request.POST.get("from") == "panel"
    if request.method == "POST" and form.is_valid():
        try:
            services.note_create(
                enrolment=enrolment,
                written_on=form.cleaned_data["written_on"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                sensitive=form.sensitive,
                category=form.category,
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Anteckningen är sparad."))
            if request.htmx and from_panel:
                return render(request, "journal/_panel_response.html", _panel(request, enrolment))
            if from_panel:
                return redirect("participants:detail", pk=enrolment.pk)
            return redirect("journal:list", pk=enrolment.pk)
    if request.htmx and from_panel:
        return render(request, "journal/_panel_response.html", _panel(request, enrolment, form=form))
    return render(
        request,
        "journal/note_form.html",
        {"enrolment": enrolment, "project": enrolment.project, "form": form},
    )


def _panel(request: HttpRequest, enrolment, **extra) -> dict:
    return {"enrolment": enrolment, "panel": panel_context(request, enrolment, **extra)}


@login_required
@require_POST
def note_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a sensitive note's text and history once the reader has given a purpose (logged)."""
    note = for_display([selectors.note_get_for(request.user, pk)])[0]
    form = note.open_form = open_form(note, request.POST)
    opened = not note.locked
    if not opened and form.is_valid():
        services.note_opened(
            note=note, by=request.user, purpose=form.cleaned_data["purpose"], path=request.path
        )
        opened = True
    context = {
        "note": note,
        "opened": opened,
        "compact": request.POST.get("compact") == "1",
        "enrolment": note.enrolment,
        "project": note.enrolment.project,
    }
    template = "journal/_note.html" if request.htmx else "journal/note_opened.html"
    return render(request, template, context)


@login_required
def note_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The author corrects a note; the earlier version stays in its history."""
    note = selectors.note_get_for(request.user, pk)
    require(note.author_id == request.user.pk)
    enrolment = note.enrolment
    if request.method == "GET" and selectors.is_locked(note):
        # The form shows the sensitive text: that is an opening, with correction as its purpose.
        services.note_opened(note=note, by=request.user, purpose=CORRECTION_PURPOSE, path=request.path)
    form = CorrectionForm(request.POST or None, initial=NoteForm.initial_for(note))
    if request.method == "POST" and form.is_valid():
        try:
            services.note_correct(
                note=note,
                written_on=form.cleaned_data["written_on"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                sensitive=form.sensitive,
                category=form.category,
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
                path=request.path,
            )
        except ConcurrentEditError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Anteckningen är rättad. Den tidigare versionen finns kvar i historiken.")
            )
            return redirect("journal:list", pk=enrolment.pk)
    context = {"note": note, "enrolment": enrolment, "project": enrolment.project, "form": form}
    return render(request, "journal/note_correct.html", context)
