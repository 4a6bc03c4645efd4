"""Factories for projects."""

from __future__ import annotations

import datetime

import factory

from stegvis.accounts.tests.factories import OrganisationFactory
from stegvis.projects.models import Project, ProjectMunicipality, ProjectPartner


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    diarienummer = factory.Sequence(lambda n: f"24-{n:03d}-S01")
    name = factory.Sequence(lambda n: f"Projekt {n}")
    fund = Project.Fund.ESF_PLUS
    owner = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2020, 1, 1)
    planned_participants = 40


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMunicipality

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Kommun {n}")
    planned_places = 10


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ProjectPartner.Role.REFERRING
