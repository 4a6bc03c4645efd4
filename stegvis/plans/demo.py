"""Demo action plans and follow-ups for ``manage.py seed_demo`` (see stegvis.core.demo._seed_extensions).

Most enrolments get a plan a few weeks after they start, with one to three goals and
one to four sub-goals each, in plain Swedish; follow-ups are held about every two
months through each enrolment's history and move the goals along. Some open
enrolments have a follow-up that is overdue and goals past their target date, so the
caseload has something to show first. The generator draws only from the rng it is given.

Projects still running are written through stegvis.plans.services, so versions,
histories and the audit log are what the application itself would produce. The
history of projects that have ended (MIA 2017–2020, IPS 2021–2023; some 40 % of the
rows) is bulk-created as if imported, with the same invariants: a goal's status is
its last history entry, a plan's version counts its writes, and each write has its
audit entry. Through the services it would more than double seed_demo's time.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from stegvis.accounts.models import User
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.plans import services
from stegvis.plans.models import ActionPlan, FollowUp, Goal, GoalStatus, GoalStatusChange

# Goal -> its sub-goals, in the words a participant would use.
THEMES: dict[str, tuple[str, list[str]]] = {
    "struktur": (
        "Få struktur på vardagen",
        [
            "Gå upp samma tid varje vardag",
            "Komma i tid till mötena med handledaren",
            "Använda en kalender för mina tider",
            "Handla och laga mat själv tre dagar i veckan",
        ],
    ),
    "halsa": (
        "Må bättre i kropp och huvud",
        [
            "Delta i friskvård två gånger i veckan",
            "Gå en promenad varje dag",
            "Boka en tid på vårdcentralen",
            "Sova minst sju timmar per natt",
        ],
    ),
    "arbete": (
        "Hitta ett arbete som passar mig",
        [
            "Skriva ett CV",
            "Välja ut tre arbetsgivare att kontakta",
            "Öva på att berätta om mig själv inför en intervju",
            "Söka två jobb i veckan",
        ],
    ),
    "praktik": (
        "Pröva att arbeta på en riktig arbetsplats",
        [
            "Göra ett studiebesök på en arbetsplats",
            "Börja praktik fyra timmar om dagen",
            "Öka praktiken till sex timmar om dagen",
            "Få ett omdöme från handledaren på praktiken",
        ],
    ),
    "studier": (
        "Börja studera",
        [
            "Ta reda på vilka utbildningar som finns",
            "Träffa en studie- och yrkesvägledare",
            "Söka till en kurs på komvux",
            "Ansöka om studiemedel",
        ],
    ),
    "svenska": (
        "Bli bättre på svenska",
        [
            "Gå på språkcafé en gång i veckan",
            "Klara nästa kurs på SFI",
            "Ringa ett samtal på svenska själv",
            "Läsa en lättläst bok på svenska",
        ],
    ),
    "ekonomi": (
        "Få ordning på min ekonomi",
        [
            "Göra en budget tillsammans med handledaren",
            "Träffa budget- och skuldrådgivningen",
            "Betala räkningarna i tid en hel månad",
        ],
    ),
    "gemenskap": (
        "Träffa andra människor",
        [
            "Delta i gruppträffen varje vecka",
            "Prova en fritidsaktivitet",
            "Fika med gruppen efter träffen",
        ],
    ),
    "korkort": (
        "Ta körkort för att kunna ta mig till ett jobb",
        ["Klara teoriprovet", "Ta fem körlektioner", "Ansöka om körkortstillstånd"],
    ),
    "skola": (
        "Klara skolan",
        [
            "Gå till skolan fyra dagar i veckan",
            "Prata med mentorn varje vecka",
            "Få godkänt i svenska",
            "Lämna in skoluppgifterna i tid",
        ],
    ),
    "gymnasiet": (
        "Komma tillbaka till gymnasiet",
        [
            "Besöka två skolor",
            "Söka till ett introduktionsprogram",
            "Träffa skolans kurator",
        ],
    ),
    "behalla": (
        "Behålla mitt arbete",
        [
            "Prata med chefen om vad som gör jobbet lättare för mig",
            "Träffa IPS-coachen varannan vecka",
            "Klara provanställningen",
        ],
    ),
}

PROFILE_THEMES: dict[str, dict[str, int]] = {
    "egen": {
        "struktur": 4,
        "svenska": 5,
        "arbete": 4,
        "praktik": 4,
        "ekonomi": 3,
        "gemenskap": 2,
        "halsa": 2,
    },
    "rebus": {
        "struktur": 5,
        "halsa": 5,
        "praktik": 4,
        "arbete": 3,
        "studier": 2,
        "korkort": 2,
        "gemenskap": 2,
    },
    "isa": {"skola": 5, "gymnasiet": 4, "struktur": 3, "arbete": 3, "studier": 3, "gemenskap": 2},
    "ips": {"arbete": 6, "behalla": 4, "praktik": 3, "halsa": 2, "studier": 2, "struktur": 1},
    "mia": {"struktur": 4, "halsa": 4, "praktik": 4, "arbete": 4, "ekonomi": 2, "gemenskap": 2, "svenska": 2},
}

AGREED = [
    "Vi fortsätter som vi har planerat. Nästa steg är att boka ett studiebesök.",
    "Deltagaren har kommit igång med friskvården och vill fortsätta två gånger i veckan.",
    "Vi bokar ett trepartsmöte med Arbetsförmedlingen inför nästa period.",
    "Perioden har varit tung. Vi tar det lugnare och fokuserar på rutinerna hemma.",
    "CV:t är klart. Deltagaren söker jobb tillsammans med handledaren på tisdagar.",
    "Praktiken fungerar bra. Vi ökar tiden från fyra till sex timmar om dagen.",
    "Deltagaren vill pröva studier. Vi bokar tid hos studie- och yrkesvägledaren.",
    "Målen gäller fortfarande. Vi ändrar måldatum för delmålen som har dragit ut på tiden.",
    "Deltagaren har missat två träffar. Vi bestämmer fasta tider på måndagar och torsdagar.",
    "Arbetsgivaren på praktiken är nöjd. Vi pratar om möjligheten till anställning med stöd.",
    "Vi går igenom budgeten igen och kontaktar budget- och skuldrådgivningen.",
    "Deltagaren deltar i gruppträffarna och trivs. Vi lägger till ett nytt delmål.",
]
OTHERS = [
    "Handläggare från Försäkringskassan",
    "Socialsekreterare",
    "Arbetsgivare på praktikplatsen",
    "Studie- och yrkesvägledare",
    "Kurator",
    "Tolk",
]
# Exits to work or studies end with more goals reached.
GOOD_OUTCOMES = {*Exit.WORK_OR_STUDIES, Exit.Outcome.JOB_SEEKING, Exit.Outcome.RIGHT_PARTY}


@dataclass
class _Goal:
    """A goal as the generator follows it; handle is what the writer made of it."""

    handle: Any
    parent: _Goal | None
    target_date: datetime.date
    status: str = GoalStatus.NOT_STARTED
    changed_on: datetime.date | None = None
    unused_steps: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS, GoalStatus.PARTLY_REACHED)


class _ServiceWriter:
    """Writes through stegvis.plans.services, as a coach's clicks would."""

    def plan(self, enrolment: Enrolment, on: datetime.date, by: User) -> ActionPlan:
        plan = services.plan_create(enrolment=enrolment, on=on, by=by)
        plan.enrolment = enrolment
        return plan

    def goal(
        self,
        plan: ActionPlan,
        description: str,
        target: datetime.date,
        parent: Any,
        on: datetime.date,
        by: User,
    ) -> Goal:
        return services.goal_create(
            plan=plan,
            expected_version=plan.version,
            description=description,
            target_date=target,
            parent=parent,
            on=on,
            by=by,
        )

    def move_target(self, plan: ActionPlan, goal: Goal, target: datetime.date, by: User) -> None:
        goal.plan = plan
        services.goal_update(
            goal=goal,
            expected_version=plan.version,
            description=goal.description,
            target_date=target,
            by=by,
        )

    def agree(self, plan: ActionPlan, participant_on, coach_on, referrer_on, by: User) -> None:  # type: ignore[no-untyped-def]
        services.plan_agreement_update(
            plan=plan,
            expected_version=plan.version,
            participant_on=participant_on,
            coach_on=coach_on,
            referrer_on=referrer_on,
            by=by,
        )

    def follow_up(
        self, enrolment: Enrolment, plan: ActionPlan | None, changes: list[tuple[_Goal, str]], **fields: Any
    ) -> None:
        services.follow_up_record(
            enrolment=enrolment,
            goal_statuses={goal.handle.pk: status for goal, status in changes},
            plan_version=plan.version if plan is not None else None,
            enrolment_version=enrolment.version,
            **fields,
        )
        if plan is not None and changes:
            plan.version += 1

    def flush(self) -> None:
        pass


class _BulkWriter:
    """Builds the same rows in memory and inserts them a table at a time (ended projects' history)."""

    def __init__(self) -> None:
        self.plans: list[ActionPlan] = []
        self.goals: list[Goal] = []
        self.follow_ups: list[FollowUp] = []
        self.changes: list[GoalStatusChange] = []
        self.audit: list[tuple[str, Enrolment, User, Any]] = []
        self.siblings: dict[tuple[int, int], int] = {}

    def plan(self, enrolment: Enrolment, on: datetime.date, by: User) -> ActionPlan:
        plan = ActionPlan(enrolment=enrolment, drawn_up_on=on, created_by=by, version=1)
        self.plans.append(plan)
        self.audit.append(("plans.plan.created", enrolment, by, plan))
        return plan

    def goal(
        self,
        plan: ActionPlan,
        description: str,
        target: datetime.date,
        parent: Any,
        on: datetime.date,
        by: User,
    ) -> Goal:
        key = (id(plan), id(parent))
        siblings = self.siblings.get(key, 0)
        self.siblings[key] = siblings + 1
        goal = Goal(
            plan=plan,
            parent=parent,
            description=description,
            target_date=target,
            status=GoalStatus.NOT_STARTED,
            status_changed_on=on,
            position=siblings,
        )
        self.goals.append(goal)
        self.changes.append(GoalStatusChange(goal=goal, status=goal.status, changed_on=on, changed_by=by))
        plan.version += 1
        self.audit.append(("plans.goal.created", plan.enrolment, by, goal))
        return goal

    def move_target(self, plan: ActionPlan, goal: Goal, target: datetime.date, by: User) -> None:
        goal.target_date = target
        plan.version += 1
        self.audit.append(("plans.goal.updated", plan.enrolment, by, goal))

    def agree(self, plan: ActionPlan, participant_on, coach_on, referrer_on, by: User) -> None:  # type: ignore[no-untyped-def]
        plan.agreed_by_participant_on = participant_on
        plan.agreed_by_coach_on = coach_on
        plan.agreed_by_referrer_on = referrer_on
        plan.version += 1
        self.audit.append(("plans.plan.agreed", plan.enrolment, by, plan))

    def follow_up(
        self, enrolment: Enrolment, plan: ActionPlan | None, changes: list[tuple[_Goal, str]], **fields: Any
    ) -> None:
        by = fields["by"]
        # Recorded while the enrolment ran: the next date was set then.
        next_on = fields["held_on"] + datetime.timedelta(days=enrolment.project.follow_up_interval_days)
        follow_up = FollowUp(
            enrolment=enrolment,
            held_on=fields["held_on"],
            participant_present=fields["participant_present"],
            coach_present=fields["coach_present"],
            referrer_present=fields["referrer_present"],
            others_present=fields["others_present"],
            agreed=fields["agreed"],
            next_follow_up_on=next_on,
            created_by=by,
        )
        self.follow_ups.append(follow_up)
        self.audit.append(("plans.follow_up.recorded", enrolment, by, follow_up))
        for goal, status in changes:
            goal.handle.status, goal.handle.status_changed_on = status, fields["held_on"]
            self.changes.append(
                GoalStatusChange(
                    goal=goal.handle,
                    status=status,
                    changed_on=fields["held_on"],
                    changed_by=by,
                    follow_up=follow_up,
                )
            )
            self.audit.append(("plans.goal.status_changed", enrolment, by, goal.handle))
        if plan is not None and changes:
            plan.version += 1

    def flush(self) -> None:
        ActionPlan.objects.bulk_create(self.plans, batch_size=500)
        for goal in self.goals:
            goal.plan = goal.plan  # picks up the plan's new pk
        top = [g for g in self.goals if g.parent is None]
        Goal.objects.bulk_create(top, batch_size=500)
        subs = [g for g in self.goals if g.parent is not None]
        for goal in subs:
            goal.parent = goal.parent
        Goal.objects.bulk_create(subs, batch_size=500)
        for follow_up in self.follow_ups:
            follow_up.enrolment = follow_up.enrolment
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=500)
        for change in self.changes:
            change.goal = change.goal
            if change.follow_up is not None:
                change.follow_up = change.follow_up
        GoalStatusChange.objects.bulk_create(self.changes, batch_size=500)
        AuditEntry.objects.bulk_create(
            (
                AuditEntry(
                    user=by,
                    organisation_id=by.organisation_id,
                    action=action,
                    project_id=enrolment.project_id,
                    person_id=enrolment.person_id,
                    enrolment_id=enrolment.pk,
                    object_id=obj.pk,
                )
                for action, enrolment, by, obj in self.audit
            ),
            batch_size=500,
        )


@dataclass
class _Counts:
    plans: int = 0
    agreed: int = 0
    goals: int = 0
    sub_goals: int = 0
    follow_ups: int = 0
    overdue: int = 0


class _PlanGenerator:
    def __init__(self, *, today: datetime.date, rng: random.Random, showcase_coach: User | None) -> None:
        self.today = today
        self.rng = rng
        self.counts = _Counts()
        self.showcase_coach = showcase_coach
        self.showcase_overdue = 0

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, max(low, high)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def profile(self, enrolment: Enrolment) -> str:
        project = enrolment.project
        key = (project.parent.name if project.parent_id else project.name).lower()
        for name, profile in (("rebus", "rebus"), ("egenmakt", "egen"), ("isa", "isa"), ("ips", "ips")):
            if name in key:
                return profile
        return "mia"

    # one enrolment ------------------------------------------------------------------------

    def run(self, enrolment: Enrolment, writer: _ServiceWriter | _BulkWriter) -> None:
        exit_date = enrolment.exit.exit_date if not enrolment.is_open else None
        last_day = exit_date or self.today
        length = (last_day - enrolment.start_date).days
        coach = enrolment.coach
        interval = enrolment.project.follow_up_interval_days
        plan, goals = None, []
        if length >= 21 and self.chance(0.9):
            drawn_up = enrolment.start_date + self.days(7, min(35, length - 7))
            plan, goals = self.plan(writer, enrolment, drawn_up, last_day, coach)
        # Follow-ups about every two months; an open enrolment may be one meeting behind.
        meetings: list[datetime.date] = []
        step = datetime.timedelta(days=interval - 6)
        day = enrolment.start_date + step + self.days(0, 12)
        while day <= last_day:
            meetings.append(day)
            day += step + self.days(0, 12)
        # The main demo coach always has a few, so that the caseload shows what comes first.
        showcase = coach == self.showcase_coach and self.showcase_overdue < 3
        if enrolment.is_open and len(meetings) > 1 and (self.chance(0.15) or (showcase and self.chance(0.5))):
            meetings.pop()
            self.showcase_overdue += coach == self.showcase_coach
        for index, held_on in enumerate(meetings):
            final = exit_date is not None and index == len(meetings) - 1
            self.follow_up(writer, enrolment, plan, goals, held_on, coach, final=final)
        if enrolment.is_open and enrolment.next_follow_up_on and enrolment.next_follow_up_on < self.today:
            self.counts.overdue += 1

    def plan(
        self,
        writer: _ServiceWriter | _BulkWriter,
        enrolment: Enrolment,
        drawn_up: datetime.date,
        last_day: datetime.date,
        coach: User,
    ) -> tuple[ActionPlan, list[_Goal]]:
        plan = writer.plan(enrolment, drawn_up, coach)
        self.counts.plans += 1
        goals: list[_Goal] = []
        weights = PROFILE_THEMES[self.profile(enrolment)]
        themes = list(dict.fromkeys(self.rng.choices(list(weights), weights=list(weights.values()), k=3)))
        for theme in themes[: self.rng.choice((1, 2, 2, 2, 3))]:
            description, steps = THEMES[theme]
            target = drawn_up + self.days(120, 300)
            goal = _Goal(writer.goal(plan, description, target, None, drawn_up, coach), None, target)
            goals.append(goal)
            self.counts.goals += 1
            count = min(len(steps), self.rng.choice((1, 2, 2, 3, 3, 4)))
            goal.unused_steps = steps[count:]
            for position, text in enumerate(steps[:count], start=1):
                sub_target = drawn_up + self.days(40 * position, 75 * position)
                handle = writer.goal(plan, text, sub_target, goal.handle, drawn_up, coach)
                goals.append(_Goal(handle, goal, sub_target))
                self.counts.sub_goals += 1
        # Agreed at the planning meeting or soon after; the referrer's signature takes longer.
        if self.chance(0.85):
            referrer_on = None
            if enrolment.referral_id and self.chance(0.75):
                day = drawn_up + self.days(3, 40)
                referrer_on = day if day <= last_day else None
            writer.agree(plan, drawn_up, drawn_up, referrer_on, coach)
            self.counts.agreed += 1
        return plan, goals

    def next_status(
        self, goal: _Goal, held_on: datetime.date, siblings: list[_Goal], *, final: bool, good: bool
    ) -> str:
        status = goal.status
        if not goal.is_open:
            return status
        roll = self.rng.random()
        if final:
            reached = 0.7 if good else 0.35
            if roll < reached:
                return GoalStatus.REACHED
            if roll < reached + 0.12:
                return GoalStatus.PARTLY_REACHED
            return self.rng.choice((GoalStatus.NOT_REACHED, GoalStatus.DROPPED))
        if status == GoalStatus.NOT_STARTED:
            return GoalStatus.IN_PROGRESS if roll < 0.75 else status
        if goal.parent is None and any(g.parent is goal and g.is_open for g in siblings):
            return status  # a goal is reached when its steps are done
        late = goal.target_date < held_on
        reach = (0.4 if goal.parent is not None else 0.18) + (0.3 if late else 0)
        if roll < reach:
            return GoalStatus.REACHED
        if roll < reach + 0.08:
            return (
                GoalStatus.PARTLY_REACHED if status != GoalStatus.PARTLY_REACHED else GoalStatus.IN_PROGRESS
            )
        if roll < reach + 0.11:
            return GoalStatus.DROPPED
        if late and roll < reach + 0.14:
            return GoalStatus.NOT_REACHED
        return status

    def follow_up(
        self,
        writer: _ServiceWriter | _BulkWriter,
        enrolment: Enrolment,
        plan: ActionPlan | None,
        goals: list[_Goal],
        held_on: datetime.date,
        coach: User,
        *,
        final: bool,
    ) -> None:
        changes: list[tuple[_Goal, str]] = []
        if plan is not None and held_on >= plan.drawn_up_on:
            good = not enrolment.is_open and enrolment.exit.outcome in GOOD_OUTCOMES
            for goal in goals:
                status = self.next_status(goal, held_on, goals, final=final, good=good)
                if status != goal.status:
                    changes.append((goal, status))
        writer.follow_up(
            enrolment,
            plan,
            changes,
            held_on=held_on,
            participant_present=self.chance(0.95),
            coach_present=True,
            referrer_present=enrolment.referral_id is not None and self.chance(0.45),
            others_present=self.rng.choice(OTHERS) if self.chance(0.15) else "",
            agreed=self.rng.choice(AGREED),
            by=coach,
        )
        for goal, status in changes:
            goal.status, goal.changed_on = status, held_on
        self.counts.follow_ups += 1
        # Most late goals get a new date at the meeting ("vi ändrar måldatum").
        if plan is not None and not final:
            for goal in goals:
                if goal.is_open and goal.target_date < held_on and self.chance(0.85):
                    interval = enrolment.project.follow_up_interval_days
                    goal.target_date = held_on + self.days(interval + 10, interval + 90)
                    writer.move_target(plan, goal.handle, goal.target_date, coach)
        # Now and then a new step is added at the meeting.
        open_goals = [g for g in goals if g.parent is None and g.is_open and g.unused_steps]
        if plan is not None and open_goals and not final and self.chance(0.1):
            parent = self.rng.choice(open_goals)
            target = held_on + self.days(30, 90)
            text = parent.unused_steps.pop(0)
            goals.append(
                _Goal(writer.goal(plan, text, target, parent.handle, held_on, coach), parent, target)
            )
            self.counts.sub_goals += 1


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    """Plans and follow-ups for the demo enrolments; returns summary lines (counts only)."""
    gen = _PlanGenerator(today=today, rng=rng, showcase_coach=users.get("handledare"))
    service_writer, bulk_writer = _ServiceWriter(), _BulkWriter()
    enrolments = (
        Enrolment.objects.select_related("project", "project__parent", "coach", "exit")
        .exclude(exit__reason=Exit.Reason.MISREGISTRATION)
        .order_by("pk")
    )
    for enrolment in enrolments:
        project = enrolment.project
        history = not enrolment.is_open and project.end_date is not None and project.end_date < today
        gen.run(enrolment, bulk_writer if history else service_writer)
    bulk_writer.flush()
    counts = gen.counts
    open_with_plan = ActionPlan.objects.exclude(enrolment__phase=Phase.AVSLUT).count()
    return [
        "",
        f"Handlingsplaner: {counts.plans} ({counts.agreed} godkända, {open_with_plan} för pågående deltagare); "
        f"mål: {counts.goals}; delmål: {counts.sub_goals}.",
        f"Uppföljningar: {counts.follow_ups}; pågående deltagare med försenad uppföljning: {counts.overdue}.",
    ]
