"""Questionnaire pages.

Staff pages hang off an enrolment (links, paper answers, one participant's answers)
or a project (questionnaires and their versions, the partner questionnaire, results).
Public pages (``/enkat/<token>/``) need no login: the token is the key, they are
rate-limited, never cached, send no referrer, and say the same thing for every
link that cannot be used, whatever the reason.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stegvis.accounts.models import Organisation
from stegvis.accounts.selectors import has_participant_access, project_get_for
from stegvis.core.forms import add_validation_error
from stegvis.core.suppression import threshold
from stegvis.participants.models import Consent
from stegvis.participants.selectors import enrolment_get_for
from stegvis.surveys import ratelimit, selectors, services
from stegvis.surveys.forms import (
    AnswerForm,
    LinkCreateForm,
    PaperAnswerForm,
    PaperChooseForm,
    PartnerLinkForm,
    PartnerPaperChooseForm,
    QuestionForm,
    QuestionFormSet,
    VersionForm,
)
from stegvis.surveys.models import Audience, Occasion, Response, SurveyLink

# --- one participant ---------------------------------------------------------------------------


def _enrolment_context(enrolment, **extra) -> dict:
    responses = selectors.enrolment_responses(enrolment)
    questionnaires = selectors.participant_questionnaires(enrolment.project)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "responses": responses,
        "comparisons": selectors.comparisons_for(responses),
        "links": selectors.enrolment_links(enrolment),
        "questionnaires": questionnaires,
        "has_consent": services.has_survey_consent(enrolment),
        "occasions_left": selectors.occasions_left(responses),
    }
    context.update(extra)
    return context


@login_required
def enrolment_surveys(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's questionnaires: answers, comparison, links."""
    enrolment = enrolment_get_for(request.user, pk)
    return render(request, "surveys/enrolment_surveys.html", _enrolment_context(enrolment))


def _next_occasion(enrolment, responses: list[Response]) -> str:
    answered = {(r.questionnaire_id, r.occasion) for r in responses}
    if not enrolment.is_open or any(o == Occasion.START for _q, o in answered):
        return Occasion.EXIT
    return Occasion.START


def _likely_questionnaire(questionnaires, responses: list[Response]) -> int | None:
    """The one answered at start (so exit compares with it), else the project's own, else the only one."""
    answered = [r.questionnaire_id for r in responses if r.occasion == Occasion.START]
    if answered:
        return answered[-1]
    own = [q.pk for q in questionnaires if not q.is_shared]
    if own:
        return own[-1]
    return questionnaires[0].pk if len(questionnaires) == 1 else None


@login_required
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for(request.user, pk)
    questionnaires = selectors.participant_questionnaires(enrolment.project)
    responses = selectors.enrolment_responses(enrolment)
    form = LinkCreateForm(
        request.POST or None,
        questionnaires=questionnaires,
        initial={
            "occasion": _next_occasion(enrolment, responses),
            "questionnaire": _likely_questionnaire(questionnaires, responses),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questionnaire = next(q for q in questionnaires if q.pk == data["questionnaire"])
        try:
            link, token = services.link_create(
                enrolment=enrolment,
                questionnaire=questionnaire,
                occasion=data["occasion"],
                days_valid=data["days_valid"],
                creation_key=data["creation_key"],
                by=request.user,
                path=request.path,
            )
        except services.LinkAlreadyCreated:
            messages.info(
                request,
                _(
                    "Länken skapades redan och kan inte visas igen. Skapa en ny länk om du inte hann kopiera den."
                ),
            )
            return redirect("surveys:enrolment", pk=enrolment.pk)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            # Shown once, in this response only (never cached: the user is signed in).
            url = request.build_absolute_uri(reverse("surveys:public", kwargs={"token": token}))
            context = {
                "enrolment": enrolment,
                "project": enrolment.project,
                "person": enrolment.person,
                "link": link,
                "url": url,
                "message": _link_message(enrolment.project.name, url, link),
            }
            return render(request, "surveys/link_created.html", context)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "form": form,
        "has_consent": services.has_survey_consent(enrolment),
        "consent_scope": Consent.Scope.SURVEYS.label,
    }
    return render(request, "surveys/link_form.html", context)


def _link_message(project_name: str, url: str, link: SurveyLink) -> str:
    return _(
        "Hej! Vi i %(project)s vill gärna veta hur du har det. Svara på några korta frågor här: %(url)s "
        "Länken fungerar en gång och gäller till och med %(date)s."
    ) % {"project": project_name, "url": url, "date": date_format(localtime(link.expires_at), "j F")}


@login_required
@require_POST
def link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    enrolment = enrolment_get_for(request.user, pk)
    link = selectors.link_get(enrolment, link_pk)
    try:
        services.link_revoke(link=link, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Länken är återkallad och fungerar inte längre."))
    return redirect("surveys:enrolment", pk=enrolment.pk)


@login_required
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper form's answers, entered by the coach: first which questionnaire and occasion, then the answers."""
    enrolment = enrolment_get_for(request.user, pk)
    questionnaires = selectors.participant_questionnaires(enrolment.project)
    responses = selectors.enrolment_responses(enrolment)
    choose = PaperChooseForm(
        request.GET if "enkat" in request.GET else None,
        questionnaires=questionnaires,
        initial={
            "tillfalle": _next_occasion(enrolment, responses),
            "enkat": _likely_questionnaire(questionnaires, responses),
        },
    )
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "choose": choose,
        "has_consent": services.has_survey_consent(enrolment),
    }
    if not choose.is_bound or not choose.is_valid():
        return render(request, "surveys/paper_form.html", context)
    questionnaire = next(q for q in questionnaires if q.pk == choose.cleaned_data["enkat"])
    occasion = choose.cleaned_data["tillfalle"]
    try:
        version = services.participant_version_check(enrolment, questionnaire, occasion)
    except ValidationError as error:
        add_validation_error(choose, error)
        return render(request, "surveys/paper_form.html", context)
    form = PaperAnswerForm(request.POST or None, version=version, occasion=occasion)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_enter(
                enrolment=enrolment,
                questionnaire=questionnaire,
                occasion=occasion,
                answered_on=form.cleaned_data["answered_on"],
                answers=form.answers(),
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Svaren från pappersenkäten är sparade."))
            return redirect("surveys:enrolment", pk=enrolment.pk)
    context.update(
        {"form": form, "questionnaire": questionnaire, "version": version, "occasion": Occasion(occasion)}
    )
    return render(request, "surveys/paper_form.html", context)


@login_required
def response_detail(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    enrolment, response = selectors.response_get_for(request.user, pk, response_pk)
    services.response_viewed(response=response, by=request.user, path=request.path)
    answers = {a.question_id: a for a in response.answers.all()}
    rows = []
    for question in selectors.version_questions(response.version, response.occasion):
        answer = answers.get(question.pk)
        rows.append((question, answer, question.label_for(answer.value_int) if answer else ""))
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "response": response,
        "rows": rows,
    }
    return render(request, "surveys/response_detail.html", context)


@login_required
def response_delete(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    enrolment, response = selectors.response_get_for(request.user, pk, response_pk)
    if request.method == "POST":
        services.response_delete(response=response, by=request.user, path=request.path)
        messages.success(request, _("Svaren är borttagna."))
        return redirect("surveys:enrolment", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "response": response,
    }
    return render(request, "surveys/response_delete.html", context)


# --- one project: questionnaires and versions ------------------------------------------------


@login_required
def project_surveys(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    can_manage = selectors.can_manage_questionnaires(request.user, project)
    context = {
        "project": project,
        "questionnaires": selectors.questionnaires_overview(project),
        "can_manage": can_manage,
        "partner_links": list(selectors.partner_links(project)) if can_manage else [],
    }
    return render(request, "surveys/project_surveys.html", context)


@login_required
def questionnaire_detail(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    questionnaire = selectors.questionnaire_get(project, pk)
    versions = list(questionnaire.versions.order_by("-number"))
    if not versions:
        raise Http404
    chosen = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == chosen), None)
    if version is None:
        version = next((v for v in versions if v.is_published), versions[0])
    context = {
        "project": project,
        "questionnaire": questionnaire,
        "versions": versions,
        "version": version,
        "questions": selectors.version_questions(version),
        "can_manage": selectors.can_manage_questionnaires(request.user, project),
        "draft": next((v for v in versions if not v.is_published), None),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


@login_required
def version_print(request: HttpRequest, project_pk: int, pk: int, version_pk: int) -> HttpResponse:
    """The questionnaire on paper, for participants who prefer it; entered later by their coach."""
    project = project_get_for(request.user, project_pk)
    questionnaire = selectors.questionnaire_get(project, pk)
    version = selectors.version_get(questionnaire, version_pk)
    occasion = request.GET.get("tillfalle", "")
    if occasion not in questionnaire.occasions():
        occasion = questionnaire.occasions()[0]
    context = {
        "project": project,
        "questionnaire": questionnaire,
        "version": version,
        "occasion": Occasion(occasion),
        "occasions": [Occasion(o) for o in questionnaire.occasions()],
        "form": AnswerForm(version=version, occasion=occasion),
    }
    return render(request, "surveys/version_print.html", context)


@login_required
@require_POST
def version_create(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    questionnaire = selectors.questionnaire_get(project, pk)
    try:
        draft = services.version_draft_create(
            questionnaire=questionnaire, project=project, by=request.user, path=request.path
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("surveys:questionnaire", project_pk=project.pk, pk=questionnaire.pk)
    if questionnaire.is_shared:
        messages.info(
            request,
            _(
                "Standardenkäten delas av alla projekt. Dina ändringar blir en egen enkät för %(project)s; "
                "standardenkäten och svaren på den ändras inte."
            )
            % {"project": project.name},
        )
    return redirect(
        "surveys:version_edit", project_pk=project.pk, pk=draft.questionnaire_id, version_pk=draft.pk
    )


def _question_formset(request: HttpRequest, version):
    initial = [QuestionForm.initial_for(q) for q in version.questions.order_by("position")]
    return QuestionFormSet(request.POST or None, initial=initial, prefix="fragor")


@login_required
def version_edit(request: HttpRequest, project_pk: int, pk: int, version_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    questionnaire = selectors.questionnaire_get(project, pk)
    if questionnaire.is_shared:
        raise Http404
    version = selectors.version_get(questionnaire, version_pk)
    if version.is_published:
        messages.info(
            request, _("Versionen är publicerad och kan inte ändras. Skapa en ny version i stället.")
        )
        return redirect("surveys:questionnaire", project_pk=project.pk, pk=questionnaire.pk)
    form = VersionForm(request.POST or None, initial={"title": version.title, "intro": version.intro})
    formset = _question_formset(request, version)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # ordered_forms leaves out deleted rows and the untouched empty one; no ORDER goes last.
        questions = [f.question_data() for f in formset.ordered_forms]
        try:
            services.version_update(
                version=version,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                questions=questions,
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Utkastet är sparat."))
            return redirect(
                "surveys:version_edit", project_pk=project.pk, pk=questionnaire.pk, version_pk=version.pk
            )
    context = {
        "project": project,
        "questionnaire": questionnaire,
        "version": version,
        "form": form,
        "formset": formset,
    }
    return render(request, "surveys/version_form.html", context)


@login_required
@require_POST
def version_publish(request: HttpRequest, project_pk: int, pk: int, version_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    questionnaire = selectors.questionnaire_get(project, pk)
    version = selectors.version_get(questionnaire, version_pk)
    try:
        services.version_publish(version=version, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if version.is_published:
            return redirect("surveys:questionnaire", project_pk=project.pk, pk=questionnaire.pk)
        return redirect(
            "surveys:version_edit", project_pk=project.pk, pk=questionnaire.pk, version_pk=version.pk
        )
    messages.success(
        request,
        _("Version %(n)s är publicerad. Nya länkar och pappersenkäter använder den.") % {"n": version.number},
    )
    return redirect("surveys:questionnaire", project_pk=project.pk, pk=questionnaire.pk)


@login_required
@require_POST
def version_discard(request: HttpRequest, project_pk: int, pk: int, version_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    questionnaire = selectors.questionnaire_get(project, pk)
    version = selectors.version_get(questionnaire, version_pk)
    try:
        services.version_discard(version=version, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("surveys:questionnaire", project_pk=project.pk, pk=questionnaire.pk)
    messages.success(request, _("Utkastet är borttaget."))
    if services.questionnaires_for_project(project).filter(pk=questionnaire.pk).exists():
        return redirect("surveys:questionnaire", project_pk=project.pk, pk=questionnaire.pk)
    return redirect("surveys:project", project_pk=project.pk)


# --- one project: results and the partner questionnaire --------------------------------------


@login_required
def results(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    participant_access = has_participant_access(request.user, project)
    can_manage = selectors.can_manage_questionnaires(request.user, project)
    context = {
        "project": project,
        "wellbeing": selectors.wellbeing_result(project, suppress=not participant_access),
        "partners": selectors.partner_results(project, suppress=not participant_access, texts=can_manage),
        "participant_access": participant_access,
        "can_manage": can_manage,
        "small_count": threshold(),
    }
    return render(request, "surveys/results.html", context)


def _partner_organisations(project) -> list[Organisation]:
    return list(Organisation.objects.filter(partnerships__project=project).distinct().order_by("name"))


@login_required
def partner_link_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    questionnaires = selectors.partner_questionnaires(project)
    organisations = _partner_organisations(project)
    form = PartnerLinkForm(request.POST or None, questionnaires=questionnaires, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questionnaire = next(q for q in questionnaires if q.pk == data["questionnaire"])
        organisation = next((o for o in organisations if o.pk == data["organisation"]), None)
        try:
            if organisation is None:
                raise ValidationError({"organisation": _("Organisationen är inte part i projektet.")})
            made = services.partner_links_create(
                project=project,
                questionnaire=questionnaire,
                organisation=organisation,
                count=data["count"],
                days_valid=data["days_valid"],
                creation_key=data["creation_key"],
                by=request.user,
                path=request.path,
            )
        except services.LinkAlreadyCreated:
            messages.info(request, _("Länkarna skapades redan och kan inte visas igen."))
            return redirect("surveys:project", project_pk=project.pk)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            urls = [
                request.build_absolute_uri(reverse("surveys:public", kwargs={"token": t})) for _l, t in made
            ]
            context = {
                "project": project,
                "organisation": organisation,
                "questionnaire": questionnaire,
                "urls": urls,
                "expires_at": made[0][0].expires_at,
            }
            return render(request, "surveys/partner_links_created.html", context)
    return render(request, "surveys/partner_link_form.html", {"project": project, "form": form})


@login_required
@require_POST
def partner_link_revoke(request: HttpRequest, project_pk: int, link_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    link = selectors.partner_link_get(project, link_pk)
    try:
        services.link_revoke(link=link, by=request.user, path=request.path)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Länken är återkallad och fungerar inte längre."))
    return redirect("surveys:project", project_pk=project.pk)


@login_required
def partner_paper_entry(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.project_for_manager(request.user, project_pk)
    questionnaires = selectors.partner_questionnaires(project)
    organisations = _partner_organisations(project)
    choose = PartnerPaperChooseForm(
        request.GET if "enkat" in request.GET else None,
        questionnaires=questionnaires,
        organisations=organisations,
    )
    context = {"project": project, "choose": choose}
    if not choose.is_bound or not choose.is_valid():
        return render(request, "surveys/partner_paper_form.html", context)
    questionnaire = next(q for q in questionnaires if q.pk == choose.cleaned_data["enkat"])
    organisation = next((o for o in organisations if o.pk == choose.cleaned_data["organisation"]), None)
    if organisation is None:
        choose.add_error("organisation", _("Organisationen är inte part i projektet."))
        return render(request, "surveys/partner_paper_form.html", context)
    version = services.latest_published(questionnaire)
    if version is None:
        choose.add_error("enkat", _("Enkäten har ingen publicerad version ännu."))
        return render(request, "surveys/partner_paper_form.html", context)
    form = PaperAnswerForm(request.POST or None, version=version, occasion=Occasion.DURING)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_response_enter(
                project=project,
                questionnaire=questionnaire,
                organisation=organisation,
                answered_on=form.cleaned_data["answered_on"],
                answers=form.answers(),
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Svaren är sparade. Fyll i nästa pappersenkät nedan."))
            return redirect(request.get_full_path())
    context.update(
        {"form": form, "questionnaire": questionnaire, "version": version, "organisation": organisation}
    )
    return render(request, "surveys/partner_paper_form.html", context)


# --- public: the participant's or partner's page, no login ----------------------------------


def _in_swedish(view):
    """The questions are in Swedish, so the page around them is too, whatever the browser asks for."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override("sv"):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    return wrapper


def _public(response: HttpResponse) -> HttpResponse:
    """Whoever holds the link later must not find it in a cache or in another site's logs."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Django logs every 4xx with its path, which holds the token; these are not worth a log line.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _unusable(request: HttpRequest) -> HttpResponse:
    """One page for a wrong, used, expired or revoked link: it says nothing about anyone."""
    return _public(render(request, "surveys/public_unusable.html", status=404))


def _too_many(request: HttpRequest) -> HttpResponse:
    response = _public(render(request, "surveys/public_too_many.html", status=429))
    response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    return response


def _public_context(link: SurveyLink, form: AnswerForm, token: str) -> dict:
    questionnaire = link.version.questionnaire
    return {
        "link": link,
        "version": link.version,
        "project_name": link.project.name,
        "organisation": link.organisation,
        "is_partner": questionnaire.audience == Audience.PARTNER,
        "form": form,
        "token": token,
        "has_required": any(q.required for q in form.questions),
    }


# Why these two views are exempt from Django's CSRF check: the page must send no referrer
# (the token is in its address), and under "Referrer-Policy: no-referrer" browsers send
# "Origin: null" and no Referer with the form, which Django's check refuses (on HTTPS it
# needs one of them). A forged post needs the link's token, which only the participant
# has: the token is what a CSRF token would be. The views use no cookie and no session,
# so there is no signed-in authority to ride on either.
@csrf_exempt
@_in_swedish
@require_http_methods(["GET", "POST"])
def public_questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    if ratelimit.ip_over_limit(request) or ratelimit.token_over_limit(token):
        return _too_many(request)
    link = selectors.link_by_token(token)
    if link is None:
        return _unusable(request)
    questions = selectors.version_questions(link.version, link.occasion)
    if request.method == "POST":
        form = AnswerForm(request.POST, version=link.version, occasion=link.occasion, questions=questions)
        if form.is_valid():
            try:
                services.link_submit(link=link, answers=form.answers())
            except services.LinkNotUsable:
                return _unusable(request)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                return _public(redirect("surveys:public_thanks"))
        # What was answered is kept, so nothing is lost if the page is closed now.
        valid = {pk: value for pk, value in form.raw_answers().items() if f"q{pk}" not in form.errors}
        try:
            services.link_draft_save(link=link, answers=valid)
        except (ValidationError, services.LinkNotUsable):
            pass
    else:
        services.link_opened(link=link)
        initial = {f"q{pk}": value for pk, value in link.draft.items()}
        form = AnswerForm(initial=initial, version=link.version, occasion=link.occasion, questions=questions)
    return _public(render(request, "surveys/public_form.html", _public_context(link, form, token)))


@csrf_exempt  # see public_questionnaire
@_in_swedish
@require_POST
def public_save(request: HttpRequest, token: str) -> HttpResponse:
    """Autosave of one answer (htmx); the answer stays on the server until the whole form is sent."""
    if ratelimit.token_over_limit(token):
        return _public(HttpResponse(_("Vänta en stund."), status=429))
    link = selectors.link_by_token(token)
    if link is None:
        if ratelimit.ip_over_limit(request):
            return _public(HttpResponse(_("Vänta en stund."), status=429))
        return _public(HttpResponse(_("Länken är redan använd eller har gått ut."), status=404))
    answers: dict[int, object] = {}
    for key, value in request.POST.items():
        if key.startswith("q") and key[1:].isdigit():
            answers[int(key[1:])] = value
    try:
        services.link_draft_save(link=link, answers=answers)
    except ValidationError as error:
        return _public(HttpResponse(" ".join(error.messages), status=422))
    except services.LinkNotUsable:
        return _public(HttpResponse(_("Länken är redan använd eller har gått ut."), status=404))
    return _public(render(request, "surveys/_saved.html"))


@_in_swedish
@require_GET
def public_thanks(request: HttpRequest) -> HttpResponse:
    return _public(render(request, "surveys/public_thanks.html"))
