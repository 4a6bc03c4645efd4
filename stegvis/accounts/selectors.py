"""Who may see which project, and in what role. The one home of project-level access."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from stegvis.accounts.models import Membership, Role, User
from stegvis.projects.models import Project


def roles_in(user: User, project: Project) -> set[str]:
    """The roles a user holds in one project (memberships are prefetched per request)."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = {}
        for project_id, role, whole in Membership.objects.filter(user=user).values_list(
            "project_id", "role", "whole_project"
        ):
            cache.setdefault(project_id, set()).add(role)
            if whole:
                cache[project_id].add("coach_whole_project")
        user._roles_cache = cache  # type: ignore[attr-defined]
    return cache.get(project.pk, set())


def has_participant_access(user: User, project: Project) -> bool:
    """Project managers and coaches see participant-level data; nobody else does."""
    roles = roles_in(user, project)
    return Role.PROJECT_MANAGER in roles or Role.COACH in roles


def sees_whole_project(user: User, project: Project) -> bool:
    roles = roles_in(user, project)
    return Role.PROJECT_MANAGER in roles or "coach_whole_project" in roles


def is_project_manager(user: User, project: Project) -> bool:
    return Role.PROJECT_MANAGER in roles_in(user, project)


def is_referrer(user: User, project: Project) -> bool:
    return Role.REFERRER in roles_in(user, project)


def projects_for(user: User) -> QuerySet[Project]:
    """Projects a user may open: those they are a member of; administrators see all."""
    projects = Project.objects.select_related("owner", "parent")
    if user.is_administrator:
        return projects
    return projects.filter(memberships__user=user).distinct()


def project_get_for(user: User, pk: int) -> Project:
    try:
        return projects_for(user).get(pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None


def project_members(project: Project, role: str) -> QuerySet[User]:
    return User.objects.filter(memberships__project=project, memberships__role=role, is_active=True).order_by(
        "first_name", "last_name"
    )
