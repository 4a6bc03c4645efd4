"""The audit log is append-only: the application and, on PostgreSQL, the database refuse changes."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from stegvis.audit.models import AppendOnlyError, AuditEntry
from stegvis.audit.services import audit_log

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (SQLite has no trigger of that kind here)",
)


@pytest.fixture
def entry(world) -> AuditEntry:
    return audit_log(user=world.alice, action="participants.enrolment.viewed", person_id=1)


def test_saving_an_existing_entry_is_refused(entry):
    entry.purpose = "ändrat i efterhand"
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.purpose == ""


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "participants.enrolment.viewed"


def test_new_entries_are_still_written(world):
    before = AuditEntry.objects.count()
    audit_log(user=world.bob, action="participants.enrolment.viewed")
    assert AuditEntry.objects.count() == before + 1


@ON_POSTGRESQL
def test_database_refuses_raw_update(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET purpose = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).purpose == ""


@ON_POSTGRESQL
def test_database_refuses_raw_delete(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_a_user_with_log_entries_is_refused_and_leaves_the_log_alone(entry, world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        world.alice.delete()
    entry.refresh_from_db()
    assert entry.user_id == world.alice.pk
