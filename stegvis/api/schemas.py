"""The JSON shapes of the API (request bodies and responses).

No `from __future__ import annotations` here: pydantic and ninja read these annotations at runtime.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from stegvis.assessments.models import Assessment, Rater
from stegvis.core.models import Gender
from stegvis.participants.models import Education, Exit, Forsorjning, LabourStatus, Phase, Sysselsattning

# Database ids are 32-bit on every backend we support; larger numbers cannot name a row.
MAX_ID = 2_147_483_647
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]

GenderCode = Literal[tuple(Gender.values)]  # type: ignore[valid-type]
PhaseCode = Literal[tuple(Phase.values)]  # type: ignore[valid-type]
WorkingPhase = Literal[tuple(p for p in Phase.values if p != Phase.AVSLUT)]  # type: ignore[valid-type]
SysselsattningCode = Literal[tuple(Sysselsattning.values)]  # type: ignore[valid-type]
ForsorjningCode = Literal[tuple(Forsorjning.values)]  # type: ignore[valid-type]
LabourStatusCode = Literal[tuple(LabourStatus.values)]  # type: ignore[valid-type]
EducationCode = Literal[tuple(Education.values)]  # type: ignore[valid-type]
ExitReason = Literal[tuple(Exit.Reason.values)]  # type: ignore[valid-type]
ExitOutcome = Literal[tuple(Exit.Outcome.values)]  # type: ignore[valid-type]
OccasionCode = Literal[tuple(Assessment.Occasion.values)]  # type: ignore[valid-type]
RaterCode = Literal[tuple(Rater.values)]  # type: ignore[valid-type]

# A text without NUL characters (PostgreSQL cannot store them), of bounded length.
TEXT = r"^[^\x00]*$"


# --- errors ------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(..., description="Vad som gick fel, på svenska.")


class ConflictOut(Schema):
    detail: str
    code: Literal["conflict"]
    current_version: int = Field(..., description="Versionen som gäller nu; hämta posten igen.")


class ValidationErrorItem(Schema):
    loc: list[str | int] = Field(..., description='Var felet finns, t.ex. ["body", "payload", "exit_date"].')
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]


# --- projects ----------------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    name: str
    diarienummer: str
    fund: str
    parent_id: int | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    planned_participants: int | None
    roles: list[str] = Field(..., description="Dina roller i projektet.")
    participant_access: bool = Field(..., description="Om du ser deltagare på individnivå.")


class GenderOut(Schema):
    code: str
    label: str


Count = int | str  # ".." when suppressed


class FigureRowOut(Schema):
    label: str
    cells: dict[str, Count] = Field(..., description='Antal per kön; ".." när antalet är dolt.')
    total: Count
    planned: int | None = None


class ShareOut(Schema):
    met: Count
    total: Count
    percent: int | str | None


class ShareRowOut(Schema):
    label: str
    criterion: int | None = Field(..., description="Kriteriets nummer; null för regeln som helhet.")
    in_rule: bool
    applies: bool
    cells: dict[str, ShareOut]
    total: ShareOut


class StepMovementOut(Schema):
    rule_text: str
    suppressed: bool
    exited_count: Count
    current_count: Count
    exited: list[ShareRowOut]
    current: list[ShareRowOut]
    target_percent: int | None
    target_reached: bool | None


class FiguresOut(Schema):
    project_id: int
    suppressed: bool = Field(..., description="Små antal är dolda (roller utan åtkomst till deltagare).")
    suppressed_marker: str = ".."
    genders: list[GenderOut]
    reached: FigureRowOut
    current: FigureRowOut
    phases: list[FigureRowOut]
    municipalities: list[FigureRowOut]
    outcomes: list[FigureRowOut]
    step_movement: StepMovementOut


# --- people and enrolments -------------------------------------------------------------------


class UserRef(Schema):
    id: int
    name: str


class PersonListOut(Schema):
    id: int
    display_name: str
    personal_id_masked: str = Field(..., description="Bara födelsedatumet: ÅÅÅÅMMDD-****.")
    gender: str
    birth_year: int
    is_anonymous: bool


class PersonOut(PersonListOut):
    personal_id: str = Field(..., description="Hela numret, ÅÅÅÅMMDD-NNNN (tomt för anonyma).")
    first_name: str
    last_name: str
    protected_identity: bool


class EnrolmentListOut(Schema):
    id: int
    project_id: int
    person: PersonListOut
    phase: str
    phase_label: str
    start_date: datetime.date
    next_follow_up_on: datetime.date | None
    coach: UserRef
    municipality: str | None
    version: int = Field(..., description="Skicka med vid ändringar (optimistisk låsning).")


class PhaseChangeOut(Schema):
    phase: str
    changed_on: datetime.date


class SituationOut(Schema):
    sysselsattning: str
    labour_status: str
    education: str


class ExitOut(Schema):
    exit_date: datetime.date
    reason: str
    outcome: str
    qualification_gained: bool | None


class EnrolmentOut(EnrolmentListOut):
    person: PersonOut
    phase_history: list[PhaseChangeOut]
    entry: SituationOut | None
    exit: ExitOut | None


class ReferredOut(Schema):
    """What a referrer's "Mina anvisade" shows: status, nothing more."""

    id: int
    display_name: str
    phase: str
    phase_label: str
    referred_on: datetime.date | None
    start_date: datetime.date
    next_follow_up_on: datetime.date | None


class EnrolmentIn(Schema):
    """An enrolment with the same fields and rules as the page "Skriv in deltagare"."""

    identity: Literal["identified", "anonymous"] = "identified"
    personal_id: str = Field("", max_length=20, pattern=TEXT)
    first_name: str = Field("", max_length=100, pattern=TEXT)
    last_name: str = Field("", max_length=100, pattern=TEXT)
    gender: GenderCode
    birth_year: int | None = Field(None, ge=1900, le=2100)
    protected_identity: bool = False
    coach_id: int | None = Field(None, ge=1, le=MAX_ID, description="Utelämnad: du själv.")
    start_date: datetime.date
    municipality_id: int | None = Field(None, ge=1, le=MAX_ID)
    referring_organisation_id: int | None = Field(None, ge=1, le=MAX_ID)
    sysselsattning: SysselsattningCode
    income_sources: list[ForsorjningCode] = Field(..., min_length=1, max_length=20)
    labour_status: LabourStatusCode
    education: EducationCode
    current_with: list[RowId] = Field(
        default_factory=list, max_length=50, description="Organisationer som är aktuella."
    )
    rural_area: bool | None = None
    disability: bool | None = None
    third_country_national: bool | None = None
    foreign_background: bool | None = None
    minority: bool | None = None
    homeless: bool | None = None
    consent_given: bool = False
    consent_form_version: str = Field("", max_length=40, pattern=TEXT)
    override_reason: str = Field("", max_length=2000, pattern=TEXT)


class PhaseIn(Schema):
    phase: WorkingPhase
    on: datetime.date
    version: int = Field(..., ge=1, le=MAX_ID)


class ExitIn(Schema):
    exit_date: datetime.date
    reason: ExitReason
    outcome: ExitOutcome
    qualification_gained: bool | None = None
    sysselsattning: SysselsattningCode
    income_sources: list[ForsorjningCode] = Field(..., min_length=1, max_length=20)
    version: int = Field(..., ge=1, le=MAX_ID)


# --- plans, activities, assessments ------------------------------------------------------------


class SubGoalOut(Schema):
    id: int
    description: str
    target_date: datetime.date | None
    status: str
    status_label: str
    status_changed_on: datetime.date | None


class GoalOut(SubGoalOut):
    sub_goals: list[SubGoalOut]


class PlanOut(Schema):
    id: int
    enrolment_id: int
    drawn_up_on: datetime.date
    agreed_by_participant_on: datetime.date | None
    agreed_by_coach_on: datetime.date | None
    agreed_by_referrer_on: datetime.date | None
    version: int
    goals: list[GoalOut]


class ActivityOut(Schema):
    id: int
    activity_type: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    end_reason: str
    place: str
    planned_hours_per_week: float | None
    reported_hours: float
    goal_ids: list[int]
    note: str
    version: int


class ScoreOut(Schema):
    area_id: int
    area: str
    level: int


class InstrumentRef(Schema):
    id: int
    name: str
    version: int


class AssessmentOut(Schema):
    id: int
    instrument: InstrumentRef
    assessed_on: datetime.date
    occasion: str
    rater: str
    version: int
    scores: list[ScoreOut]


class LevelIn(Schema):
    area_id: int = Field(..., ge=1, le=MAX_ID)
    level: int | None = Field(..., ge=1, le=100, description="1 till skalans max; null för ej skattat.")


class AssessmentIn(Schema):
    instrument_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Utelämnat: projektets instrument (som på sidan)."
    )
    assessed_on: datetime.date
    occasion: OccasionCode
    rater: RaterCode
    levels: list[LevelIn] = Field(
        ..., max_length=50, description="Nivå per område; område som inte finns med är inte skattat."
    )
