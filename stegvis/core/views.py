"""Start page and health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from stegvis.accounts.models import Membership, Role
from stegvis.accounts.selectors import projects_for


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A coach starts at their caseload. Others: one project, straight to it; several, the list."""
    if Membership.objects.filter(user=request.user, role=Role.COACH).exists():
        return redirect("plans:caseload")
    projects = list(projects_for(request.user)[:2])
    if len(projects) == 1 and not request.user.is_administrator:
        return redirect("projects:detail", pk=projects[0].pk)
    return redirect("projects:list")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
