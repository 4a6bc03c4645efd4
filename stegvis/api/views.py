"""The API-nycklar page: a user's own keys, creating one (shown once) and revoking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.api import selectors, services
from stegvis.api.forms import TokenForm
from stegvis.core.forms import add_validation_error


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                valid_days=form.cleaned_data["valid_days"],
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            # The key is shown in this one response and never again; the page is not cached (no-store).
            form = TokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": selectors.tokens_for(request.user),
        "api_base": request.build_absolute_uri("/api/v1/"),
    }
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get_for(request.user, pk)
    try:
        services.token_revoke(token=token, by=request.user, path=request.path)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(
            request, _("Nyckeln ”%(name)s” är återkallad och fungerar inte längre.") % {"name": token.name}
        )
    return redirect("apitokens:list")
