"""Demo samverkansteam and samverkanshinder for ``seed_demo``.

REBUS and EgenmaktsArenan hold a samverkansteam once a month (the second Tuesday):
the last twelve meetings and the next one, each with two to five cases, decisions and
tasks, some of them overdue. Each ongoing project has a handful of barriers in
different statuses. Everything is written through teamwork.services, by the project's
own staff; no text names a person. Deterministic for a given reference date and
random generator.
"""

from __future__ import annotations

import datetime
import random

from stegvis.accounts.models import Membership, Organisation, Role, User
from stegvis.participants.models import Enrolment
from stegvis.projects.models import Project
from stegvis.teamwork import services
from stegvis.teamwork.models import Barrier, Task, TeamMeeting

MEETING_PROJECTS = ["REBUS", "EgenmaktsArenan Dalarna"]
BARRIER_PROJECTS = ["REBUS", "EgenmaktsArenan Dalarna", "ISA 2.0"]
PAST_MEETINGS = 12

# question, discussion, decision, and the task that follows from it (what, who).
CASES = [
    (
        "Deltagaren har varit sjukskriven länge och vill pröva arbete. Vem gör bedömningen av arbetsförmågan?",
        "FK och Af gick igenom vad som krävs för en bedömning. Regionen har underlag från rehabiliteringen.",
        "FK kallar till avstämningsmöte med deltagaren, Af och projektet.",
        ("Kalla till avstämningsmöte", "Försäkringskassan, handläggare"),
    ),
    (
        "Behov av samordnad planering: aktuell hos tre parter med olika planer.",
        "Parterna jämförde sina planer. Aktiviteterna krockar två dagar i veckan.",
        "En gemensam plan tas fram; projektet samordnar.",
        ("Ta fram gemensam plan", "Projektet, handledare"),
    ),
    (
        "Deltagaren vill börja arbetsträna men oroar sig för hur ersättningen påverkas.",
        "Kommunens representant förklarade reglerna för ekonomiskt bistånd vid arbetsträning.",
        "Socialtjänsten ger skriftligt besked om ersättningen innan arbetsträningen startar.",
        ("Ge skriftligt besked om ersättning", "Socialtjänsten"),
    ),
    (
        "Praktikplats behövs inom lager eller logistik, med anpassningar för nedsatt ork.",
        "Af känner till två arbetsgivare som har tagit emot deltagare med anpassningar tidigare.",
        "Af kontaktar arbetsgivarna; projektet följer med på studiebesök.",
        ("Kontakta arbetsgivare om praktikplats", "Arbetsförmedlingen"),
    ),
    (
        "Studier: deltagaren vill läsa in gymnasiebehörighet men saknar studieekonomi.",
        "Studie- och yrkesvägledaren beskrev möjligheter till studiestartsstöd.",
        "Deltagaren får tid hos studie- och yrkesvägledare; ansökan om studiestartsstöd görs tillsammans.",
        ("Boka tid hos studie- och yrkesvägledare", "Kommunen, vuxenutbildningen"),
    ),
    (
        "Deltagaren står utan aktivitet efter avslutad arbetsprövning. Vad är nästa steg?",
        "Arbetsprövningen visade att deltagaren klarar halvtid med stöd.",
        "Af tar fram förslag på lönestöd; uppföljning i nästa samverkansteam.",
        ("Ta fram förslag på lönestöd", "Arbetsförmedlingen"),
    ),
    (
        "Deltagaren behöver stöd i kontakten med vården för att komma vidare i planeringen.",
        "Regionens representant beskrev hur vårdsamordnare kan kopplas in.",
        "Projektet hjälper deltagaren att begära en vårdsamordnare.",
        ("Skicka underlag om arbetsförmåga", "Region, rehabiliteringskoordinator"),
    ),
    (
        "Deltagaren har fått avslag på sjukpenning och saknar försörjning. Vem gör vad?",
        "Kommunen och FK beskrev vad som gäller medan en omprövning väntar.",
        "Socialtjänsten prövar ekonomiskt bistånd; FK informerar om omprövning.",
        ("Informera om omprövning", "Försäkringskassan"),
    ),
]
# A case the team could not settle: tabled until the next meeting.
TABLED = "Frågan tas upp igen på nästa möte, när underlaget från vården har kommit."
GENERAL = [
    ("Rutin för remisser mellan parterna?", "Ett utkast till gemensam rutin tas fram till nästa möte."),
    ("Information från Arbetsförmedlingen om förändrade insatser.", "Informationen noteras."),
    ("Hur följer vi upp deltagare efter avslut?", "Projektet föreslår en uppföljning efter sex månader."),
]

# title, category, agency kinds, example, decision, follow-up.
BARRIERS = [
    (
        "Ingen part tar ansvar för bedömning av arbetsförmåga",
        "bollas_runt",
        ("af", "fk"),
        "En deltagare med lång sjukskrivning hänvisades av Arbetsförmedlingen till Försäkringskassan för "
        "bedömning av arbetsförmågan och av Försäkringskassan tillbaka. Under fem månader fanns ingen "
        "planering.",
        "Styrgruppen ger Af och FK i uppdrag att ta fram en gemensam rutin för avstämningsmöte inom fyra "
        "veckor från första kontakt.",
        "Rutinen gäller sedan i våras. Inga nya ärenden av den här typen har rapporterats.",
    ),
    (
        "Lång väntetid på utredning inom vården",
        "vantetider",
        ("region",),
        "Deltagare som behöver utredning väntar över ett år. Under tiden går det inte att planera "
        "arbetsprövning med rätt anpassningar.",
        "Regionens representant tar frågan till primärvårdens ledning och återrapporterar.",
        "Regionen har infört en samordnad kö för deltagare i förbundets insatser.",
    ),
    (
        "Aktivitetskrav på heltid trots deltidssjukskrivning",
        "motstridiga_krav",
        ("af", "fk"),
        "Aktivitetskraven motsvarade heltid samtidigt som personen var sjukskriven på halvtid enligt ett annat "
        "beslut. Personen riskerade att förlora ersättning oavsett vad hen valde.",
        "Af och FK stämmer av aktivitetskrav med varandra innan beslut i gemensamma ärenden.",
        "",
    ),
    (
        "Ekonomiskt bistånd minskar vid arbetsträning",
        "regelverk",
        ("kommun",),
        "Deltagare avstår arbetsträning av oro för att det ekonomiska biståndet ska minska. Reglerna tolkas "
        "olika i kommunerna.",
        "",
        "",
    ),
    (
        "Samtycket räcker inte för uppgifter från vården",
        "informationsoverforing",
        ("region", "kommun"),
        "Samtyckesblanketten omfattar inte hälso- och sjukvården, så projektet får inte besked om planerad "
        "behandling. Personen får själv föra information mellan parterna.",
        "",
        "",
    ),
    (
        "Få praktikplatser med anpassningar på mindre orter",
        "annat",
        ("kommun",),
        "På de mindre orterna finns få arbetsplatser som kan ta emot deltagare med anpassningar, och resan "
        "till centralorten tar över en timme.",
        "",
        "Löst lokalt: kommunens arbetsmarknadsenhet har ordnat fyra platser och resebidrag.",
    ),
]
# Status of each barrier above, in order: how far it has come.
FLOW = ["avslutat", "beslutat", "lyft", "registrerat", "registrerat", "avslutat_direkt"]


def _second_tuesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)


def _month(day: datetime.date, offset: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + offset
    return index // 12, index % 12 + 1


def _meeting_dates(project: Project, today: datetime.date) -> list[datetime.date]:
    dates = [_second_tuesday(*_month(today, offset)) for offset in range(-PAST_MEETINGS, 2)]
    past = [d for d in dates if d <= today and (project.start_date is None or d >= project.start_date)]
    upcoming = [d for d in dates if d > today]
    return past[-PAST_MEETINGS:] + upcoming[:1]


def _staff(project: Project) -> tuple[User, list[User]]:
    members = Membership.objects.filter(project=project).select_related("user").order_by("pk")
    manager = next(m.user for m in members if m.role == Role.PROJECT_MANAGER)
    coaches = [m.user for m in members if m.role == Role.COACH]
    return manager, coaches


def _open_on(project: Project, day: datetime.date) -> list[Enrolment]:
    """Enrolments that were ongoing on a day: started, and not yet ended."""
    enrolments = Enrolment.objects.filter(project=project, start_date__lt=day).select_related(
        "person", "coach", "exit"
    )
    return [e for e in enrolments.order_by("pk") if not hasattr(e, "exit") or e.exit.exit_date > day]


def _meetings(project: Project, today: datetime.date, rng: random.Random) -> tuple[int, int, int, int]:
    manager, _coaches = _staff(project)
    partners = list(Organisation.objects.filter(partnerships__project=project).distinct().order_by("name"))
    meetings = cases = tasks = overdue = 0
    for held_on in _meeting_dates(project, today):
        planned = held_on > today
        meeting = services.meeting_create(
            project=project,
            held_on=held_on,
            organisations=rng.sample(partners, min(len(partners), rng.randint(3, 6))),
            notes="" if planned else rng.choice(["", "Af informerade om förändringar i insatserna.", ""]),
            by=manager,
        )
        meetings += 1
        candidates = _open_on(project, held_on if not planned else today)
        chosen = rng.sample(candidates, min(len(candidates), rng.randint(2, 5)))
        agenda = []
        for enrolment, case in zip(chosen, rng.sample(CASES, len(chosen)), strict=True):
            question, discussion, decision, task_spec = case
            tabled = not planned and rng.random() < 0.1
            item = services.agenda_item_add(
                meeting=meeting,
                enrolment=enrolment,
                question=question,
                discussion="" if planned else (TABLED if tabled else discussion),
                decision="" if planned or tabled else decision,
                by=enrolment.coach,
            )
            agenda.append((item, None if tabled else task_spec))
            cases += 1
        if rng.random() < 0.4:
            question, decision = rng.choice(GENERAL)
            services.agenda_item_add(
                meeting=meeting,
                enrolment=None,
                question=question,
                decision="" if planned else decision,
                by=manager,
            )
        if planned:
            continue
        for item, task_spec in agenda:
            if task_spec is None or rng.random() < 0.3:
                continue
            what, responsible = task_spec
            due = held_on + datetime.timedelta(days=rng.choice([14, 21, 28]))
            task = services.task_add(
                meeting=meeting, agenda_item=item, what=what, responsible=responsible, due_on=due, by=manager
            )
            tasks += 1
            if due < today and rng.random() < 0.8:
                done = min(today, due + datetime.timedelta(days=rng.randint(-10, 5)))
                services.task_set_done(task=task, done=True, on=max(done, held_on), by=manager)
            elif due < today:
                overdue += 1
    return meetings, cases, tasks, overdue


def _agencies(project: Project, kinds: tuple[str, ...], rng: random.Random) -> list[Organisation]:
    partners = list(Organisation.objects.filter(partnerships__project=project).distinct().order_by("name"))
    chosen = []
    for kind in kinds:
        pool = [o for o in partners if o.kind == kind] or list(
            Organisation.objects.filter(kind=kind).order_by("name")
        )
        if pool:
            chosen.append(rng.choice(pool))
    # A project without such partners still names someone: its owner.
    return chosen or [project.owner]


def _barriers(project: Project, today: datetime.date, rng: random.Random) -> int:
    manager, coaches = _staff(project)
    enrolments = list(Enrolment.objects.filter(project=project).select_related("person").order_by("pk"))
    count = 0
    for (title, category, kinds, example, decision, follow_up), flow in zip(BARRIERS, FLOW, strict=True):
        registered = today - datetime.timedelta(days=rng.randint(90, 330))
        author = rng.choice(coaches) if coaches else manager
        own = [e for e in enrolments if e.coach_id == author.pk and e.start_date <= registered]
        barrier = services.barrier_create(
            project=project,
            title=title,
            category=category,
            agencies=_agencies(project, kinds, rng),
            description=example,
            enrolment=rng.choice(own) if own and rng.random() < 0.5 else None,
            on=registered,
            by=author,
        )
        count += 1
        day = registered
        if flow == "avslutat_direkt":
            services.barrier_close(
                barrier=barrier,
                follow_up=follow_up,
                on=day + datetime.timedelta(days=rng.randint(10, 40)),
                by=manager,
                expected_version=barrier.version,
            )
            continue
        if flow == "registrerat":
            continue
        day += datetime.timedelta(days=rng.randint(7, 30))
        services.barrier_raise(
            barrier=barrier,
            on=day,
            note="Projektet föreslår att parterna tar fram en gemensam rutin.",
            by=manager,
            expected_version=barrier.version,
        )
        if flow == "lyft":
            continue
        day += datetime.timedelta(days=rng.randint(14, 35))
        services.barrier_decide(
            barrier=barrier, decision=decision, on=day, by=manager, expected_version=barrier.version
        )
        if flow == "beslutat":
            continue
        services.barrier_close(
            barrier=barrier,
            follow_up=follow_up,
            on=min(today, day + datetime.timedelta(days=rng.randint(30, 90))),
            by=manager,
            expected_version=barrier.version,
        )
    return count


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    meetings = cases = tasks = overdue = barriers = 0
    for name in MEETING_PROJECTS:
        project = Project.objects.filter(name=name).first()
        if project is not None:
            m, c, t, o = _meetings(project, today, rng)
            meetings, cases, tasks, overdue = meetings + m, cases + c, tasks + t, overdue + o
    for name in BARRIER_PROJECTS:
        project = Project.objects.filter(name=name).first()
        if project is not None:
            barriers += _barriers(project, today, rng)
    open_tasks = Task.objects.filter(done_on__isnull=True).count()
    return [
        f"Samverkansteam: {TeamMeeting.objects.count()} möten ({meetings} skapade nu) med {cases} ärenden; "
        f"{tasks} uppgifter, varav {open_tasks} öppna och {overdue} försenade.",
        f"Samverkanshinder: {Barrier.objects.count()} ({barriers} skapade nu) i {len(BARRIER_PROJECTS)} projekt.",
    ]
