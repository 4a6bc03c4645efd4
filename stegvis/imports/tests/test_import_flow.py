"""Upload, column mapping, dry run and the all-or-nothing import, through the pages."""

from __future__ import annotations

import io
from pathlib import Path

from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.imports.models import ImportRun
from stegvis.imports.services import imports_purge
from stegvis.imports.tests.conftest import (
    HEADER,
    checked_run,
    csv_bytes,
    good_rows,
    mapping_post,
    pnr,
    upload,
)
from stegvis.jobs.models import JobStatus
from stegvis.participants.models import Enrolment, Exit, Person, Phase
from stegvis.participants.tests.factories import enrol


def test_upload_guesses_the_columns_from_swedish_headers(imports_world, petra):
    response = upload(petra, imports_world.project_a, csv_bytes(good_rows()))
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("imports:mapping", args=[run.pk])
    assert run.row_count == 3 and run.headers == HEADER
    assert run.mapping == {
        "personal_id": 0, "first_name": 1, "last_name": 2, "gender": 3, "birth_year": 4,
        "start_date": 5, "coach": 6, "municipality": 7, "sysselsattning": 8, "phase": 9,
    }  # fmt: skip
    assert AuditEntry.objects.filter(action="imports.uploaded", object_id=run.pk).exists()
    page = petra.get(response["Location"]).content.decode()
    assert '<option value="5" selected>Startdatum</option>' in page


def test_comma_separated_windows_1252_file_is_read(imports_world, petra):
    data = csv_bytes(good_rows(), delimiter=",", encoding="cp1252")
    upload(petra, imports_world.project_a, data)
    run = ImportRun.objects.get()
    assert run.headers == HEADER


def test_mapping_keeps_the_choices_on_error(imports_world, petra):
    upload(petra, imports_world.project_a, csv_bytes(good_rows()))
    run = ImportRun.objects.get()
    post = mapping_post(run, map_coach="", map_phase="5", consent_confirmed=None)
    response = petra.post(reverse("imports:mapping", args=[run.pk]), post)
    assert response.status_code == 200
    form = response.context["form"]
    assert "handledare" in form.errors["map_coach"][0]
    assert "redan vald" in form.errors["map_phase"][0]
    assert "samtycke" in form.errors["consent_confirmed"][0]
    page = response.content.decode()
    assert '<option value="5" selected>Startdatum</option>' in page
    assert 'name="consent_form_version" value="2.1"' in page
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UPLOADED and run.check_job is None


def test_dry_run_lists_every_failing_row_and_writes_nothing(imports_world, petra):
    w = imports_world
    existing = w.alice_enrolment.person.personal_id
    rows = [
        *good_rows(),
        [
            pnr(1980, 9830)[:-1] + "0",
            "Fel",
            "Kontroll",
            "Kvinna",
            "",
            "2024-01-10",
            "alice",
            "",
            "Övrigt",
            "",
        ],
        [pnr(1981, 9840), "Utan", "Datum", "Kvinna", "", "31/02/2024", "alice", "", "Övrigt", ""],
        [pnr(1982, 9850), "Okänd", "Coach", "Kvinna", "", "2024-01-10", "nobody", "Narnia", "Flyger", ""],
        [pnr(1990, 9810), "Imke", "Igen", "Kvinna", "", "2024-02-01", "alice", "", "Övrigt", ""],
        [
            f"{existing[:8]}-{existing[8:]}",
            "Finns",
            "Redan",
            "Kvinna",
            "",
            "2024-02-01",
            "alice",
            "",
            "Övrigt",
            "",
        ],
        ["", "", "", "Kvinna", "", "2024-02-01", "alice", "", "Övrigt", ""],
    ]
    people, enrolments, audits = Person.objects.count(), Enrolment.objects.count(), AuditEntry.objects.count()
    run = checked_run(petra, w.project_a, rows)
    assert run.status == ImportRun.Status.CHECKED
    assert run.check_job.status == JobStatus.DONE
    found = {(e["row"], e["column"]): e["message"] for e in run.errors}
    assert "Kontrollsiffran" in found[(5, "Personnummer")]
    assert "-****" in found[(5, "Personnummer")]
    assert "finns inte i kalendern" in found[(6, "Startdatum")]
    assert "Ingen handledare" in found[(7, "Handledare")]
    assert "Hagfors" in found[(7, "Kommun")]
    assert "Aktivt arbetssökande" in found[(7, "Sysselsättning")]
    assert "rad 2 i filen" in found[(8, "Personnummer")]
    assert "redan inskriven" in found[(9, "–")]
    assert "födelseår" in found[(10, "Födelseår")]
    assert run.error_count == 6
    # The dry run went through the services and was rolled back.
    assert (Person.objects.count(), Enrolment.objects.count()) == (people, enrolments)
    assert AuditEntry.objects.count() == audits + 1  # imports.uploaded only
    page = petra.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "6 rader behöver rättas" in page
    assert reverse("imports:run", args=[run.pk]) not in page
    for pid in (existing, pnr(1980, 9830).replace("-", "")):
        assert pid not in page and pid[-4:] + "<" not in page
    # Importing is refused while there are errors.
    petra.post(reverse("imports:run", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED and run.import_job is None


def test_clean_file_imports_everything_through_the_services(imports_world, petra):
    w = imports_world
    header = [*HEADER, "Avslutsdatum", "Avslutsorsak", "Resultat vid avslut", "Sysselsättning efter avslut"]
    rows = [r + ["", "", "", ""] for r in good_rows()]
    rows[1][-4:] = ["2024-06-30", "Fått arbete", "Arbete (inkl. eget företag)", "Förvärvsarbete"]
    upload(petra, w.project_a, csv_bytes(rows, header))
    run = ImportRun.objects.get()
    petra.post(reverse("imports:mapping", args=[run.pk]), mapping_post(run))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED and run.error_count == 0, run.errors
    page = petra.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "Importera 3 rader" in page
    before = Enrolment.objects.count()
    response = petra.post(reverse("imports:run", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.imported_count == 3
    assert not run.file
    assert run.import_job.status == JobStatus.DONE and run.import_job.done == 3
    new = Enrolment.objects.filter(project=w.project_a).order_by("-pk")[:3]
    assert Enrolment.objects.count() == before + 3
    by_name = {e.person.first_name: e for e in new}
    assert by_name["Imke"].phase == Phase.AKTIVITET and by_name["Imke"].municipality.name == "Hagfors"
    assert by_name["Ivar"].phase == Phase.AVSLUT
    assert Exit.objects.get(enrolment=by_name["Ivar"]).reason == Exit.Reason.WORK
    assert by_name[""].person.is_anonymous and by_name[""].person.birth_year == 1994
    assert by_name["Imke"].person.consents.get().form_version == "2.1"
    entry = AuditEntry.objects.get(action="imports.completed")
    assert entry.object_id == run.pk and entry.purpose == "rows=3 enrolments=3"
    assert AuditEntry.objects.filter(action="participants.enrolment.created", user=w.petra).count() == 3
    listing = petra.get(reverse("participants:list", args=[w.project_a.pk])).content.decode()
    assert "Importsson" in listing


def test_a_failing_row_leaves_nothing_behind(imports_world, petra):
    """All or nothing: the file passed the dry run, then row 3's person was enrolled by hand."""
    w = imports_world
    run = checked_run(petra, w.project_a, good_rows())
    assert run.error_count == 0, run.errors
    people, enrolments = Person.objects.count(), Enrolment.objects.count()
    enrol(
        project=w.project_a,
        coach=w.alice,
        first_name="Ivar",
        female=False,
        birth=__import__("datetime").date(1985, 3, 14),
    )
    # Same personnummer as row 3 of the file:
    person = Person.objects.latest("pk")
    person.personal_id = pnr(1985, 9821, female=False).replace("-", "")
    person.save()
    audits = AuditEntry.objects.count()
    petra.post(reverse("imports:run", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.failure.startswith("Rad 3")
    assert "Ingenting importerades" in run.failure
    assert run.import_job.status == JobStatus.FAILED
    assert Person.objects.count() == people + 1 and Enrolment.objects.count() == enrolments + 1
    assert AuditEntry.objects.count() == audits
    page = petra.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "ingenting sparades" in page and "Kontrollera igen" in page


def test_xlsx_with_date_cells_is_imported(imports_world, petra):
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Pnr", "Förnamn", "Efternamn", "Kön", "Inskrivningsdatum", "Handledare", "Sysselsättning", "Kommun"]
    )
    sheet.append(
        [
            pnr(1991, 9860),
            "Xena",
            "Xlsxdottir",
            "Kvinna",
            datetime.datetime(2024, 5, 2),
            "alice",
            "Studier",
            "Hagfors",
        ]
    )
    stream = io.BytesIO()
    workbook.save(stream)
    upload(petra, imports_world.project_a, stream.getvalue(), name="deltagare.xlsx")
    run = ImportRun.objects.get()
    assert run.file_format == "xlsx"
    assert run.mapping["start_date"] == 4 and run.mapping["personal_id"] == 0
    petra.post(reverse("imports:mapping", args=[run.pk]), mapping_post(run))
    run.refresh_from_db()
    assert run.error_count == 0, run.errors
    petra.post(reverse("imports:run", args=[run.pk]))
    assert Enrolment.objects.get(person__last_name="Xlsxdottir").start_date == datetime.date(2024, 5, 2)


def test_eligibility_rules_ask_for_a_reason_column(imports_world, petra):
    w = imports_world  # project A takes people aged 18–64
    rows = [[pnr(1950, 9870), "Äldre", "Person", "Kvinna", "", "2024-01-10", "alice", "", "Övrigt", ""]]
    run = checked_run(petra, w.project_a, rows)
    assert len(run.errors) == 1
    assert "Motivering till avsteg" in run.errors[0]["message"]
    assert run.errors[0]["column"] == "Motivering till avsteg"


def test_abandon_deletes_the_file(imports_world, petra):
    upload(petra, imports_world.project_a, csv_bytes(good_rows()))
    run = ImportRun.objects.get()
    path = Path(run.file.path)
    assert path.exists()
    response = petra.post(reverse("imports:abandon", args=[run.pk]))
    assert response["Location"] == reverse("imports:start", args=[imports_world.project_a.pk])
    run.refresh_from_db()
    assert run.status == ImportRun.Status.ABANDONED and not run.file and not path.exists()
    assert AuditEntry.objects.filter(action="imports.abandoned").exists()


def test_purge_deletes_files_left_for_a_day(imports_world, petra):
    import datetime

    from django.utils import timezone

    upload(petra, imports_world.project_a, csv_bytes(good_rows()))
    run = ImportRun.objects.get()
    path = Path(run.file.path)
    assert imports_purge() == 0
    assert imports_purge(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert not path.exists()


def test_template_is_offered_and_passes_its_own_checks(imports_world, petra):
    page = petra.get(reverse("imports:start", args=[imports_world.project_a.pk])).content.decode()
    url = reverse("imports:template", args=[imports_world.project_a.pk])
    assert url in page
    response = petra.get(url)
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbfPersonnummer;")
    upload(petra, imports_world.project_a, data, name="mall.csv")
    run = ImportRun.objects.get()
    assert run.row_count == 2
    assert {
        "exit_date",
        "exit_reason",
        "exit_outcome",
        "exit_sysselsattning",
        "referring_organisation",
    } <= set(run.mapping)


def test_project_page_links_to_the_import_for_the_project_manager_only(imports_world):
    url = reverse("imports:start", args=[imports_world.project_a.pk])
    detail = reverse("projects:detail", args=[imports_world.project_a.pk])
    assert url in imports_world.client_for("petra").get(detail).content.decode()
    assert url not in imports_world.client_for("alice").get(detail).content.decode()


def test_another_project_manager_cannot_open_someone_elses_import(imports_world, petra):
    from stegvis.accounts.models import Role
    from stegvis.accounts.tests.factories import MembershipFactory, UserFactory, verified_login

    upload(petra, imports_world.project_a, csv_bytes(good_rows()))
    run = ImportRun.objects.get()
    other = UserFactory()
    MembershipFactory(user=other, project=imports_world.project_a, role=Role.PROJECT_MANAGER)
    from django.test import Client

    client = Client()
    verified_login(client, other)
    assert client.get(reverse("imports:detail", args=[run.pk])).status_code == 404


def test_purge_imports_command(imports_world, capsys):
    from django.core.management import call_command

    call_command("purge_imports")
    assert "0 import files deleted" in capsys.readouterr().out
