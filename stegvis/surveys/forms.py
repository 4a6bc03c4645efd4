"""Forms for answering questionnaires (the same for participants, paper and partners), links and versions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import conditional, date_field, with_blank
from stegvis.surveys import services
from stegvis.surveys.models import SCALE_MAX, SCALE_MIN, Measure, Occasion, Question, QuestionnaireVersion


class AnswerForm(forms.Form):
    """One field per question asked on the occasion, named q<pk>.

    Participants, coaches entering a paper form and partners all get this form, so
    what is asked is the same whichever way the answers come in.
    """

    def __init__(
        self,
        *args,
        version: QuestionnaireVersion,
        occasion: str,
        questions: list[Question] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.occasion = occasion
        self.questions = questions if questions is not None else services.asked_questions(version, occasion)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = answer_field(question)

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def raw_answers(self) -> dict[int, object]:
        """What was sent, valid or not: kept as a draft when the form comes back with errors."""
        return {q.pk: self.data.get(f"q{q.pk}") for q in self.questions if self.data.get(f"q{q.pk}")}

    @property
    def has_field_errors(self) -> bool:
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def question_fields(self) -> list[QuestionField]:
        return [
            QuestionField(q, self[f"q{q.pk}"], number) for number, q in enumerate(self.questions, start=1)
        ]


@dataclass(frozen=True)
class QuestionField:
    """A question with its bound field, as the question template renders it."""

    question: Question
    field: forms.BoundField
    number: int

    @property
    def name(self) -> str:
        return self.field.html_name

    @property
    def describedby(self) -> str:
        """Ids of the help text, the scale's ends and the error, those that are there."""
        ids = []
        if self.question.help_text:
            ids.append(f"{self.name}-help")
        if self.question.kind == Question.Kind.SCALE:
            ids.append(f"{self.name}-ends")
        if self.field.errors:
            ids.append(f"{self.name}-error")
        return " ".join(ids)


def answer_field(question: Question) -> forms.Field:
    required_message = {"required": _("Svara på frågan.")}
    invalid = {"invalid_choice": _("Välj ett av svarsalternativen.")}
    if question.kind == Question.Kind.TEXT:
        return forms.CharField(
            label=question.text,
            required=question.required,
            max_length=services.MAX_TEXT_ANSWER,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages=required_message,
        )
    if question.kind == Question.Kind.SCALE:
        choices = [(str(v), str(v)) for v in range(SCALE_MIN, SCALE_MAX + 1)]
    else:
        choices = [(str(i), label) for i, label in enumerate(question.choices, start=1)]
    return forms.TypedChoiceField(
        label=question.text,
        required=question.required,
        choices=choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={**required_message, **invalid},
    )


class PaperAnswerForm(AnswerForm):
    answered_on = date_field(_("Datum då enkäten fylldes i"), initial_today=True)


class LinkCreateForm(forms.Form):
    questionnaire = forms.TypedChoiceField(label=_("Enkät"), coerce=int)
    occasion = forms.ChoiceField(
        label=_("Tillfälle"),
        choices=[(Occasion.START, _("Vid start")), (Occasion.EXIT, _("Vid avslut"))],
        widget=forms.RadioSelect,
    )
    days_valid = forms.IntegerField(
        label=_("Länken gäller i"),
        min_value=1,
        max_value=services.MAX_DAYS_VALID,
        initial=services.DEFAULT_DAYS_VALID,
        help_text=_("Antal dagar, högst %(max)s. Länken slutar fungera när enkäten är besvarad.")
        % {"max": services.MAX_DAYS_VALID},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, questionnaires, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = [(q.pk, q.name) for q in questionnaires]
        if len(questionnaires) > 1:
            self.fields["questionnaire"].choices = with_blank(self.fields["questionnaire"].choices)
            self.fields["questionnaire"].help_text = _(
                "Vid avslut: välj samma enkät som vid start, så att svaren kan jämföras."
            )


class PaperChooseForm(forms.Form):
    """Which questionnaire and occasion the paper form is (asked before the answers)."""

    enkat = forms.TypedChoiceField(label=_("Enkät"), coerce=int)
    tillfalle = forms.ChoiceField(
        label=_("Tillfälle"),
        choices=[(Occasion.START, _("Vid start")), (Occasion.EXIT, _("Vid avslut"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, questionnaires, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enkat"].choices = [(q.pk, q.name) for q in questionnaires]
        if len(questionnaires) > 1:
            self.fields["enkat"].choices = with_blank(self.fields["enkat"].choices)


class PartnerLinkForm(forms.Form):
    questionnaire = forms.TypedChoiceField(label=_("Enkät"), coerce=int)
    organisation = forms.TypedChoiceField(label=_("Samverkanspart"), coerce=int)
    count = forms.IntegerField(
        label=_("Antal länkar"),
        min_value=1,
        max_value=services.MAX_PARTNER_LINKS,
        initial=1,
        help_text=_("En länk per handläggare som ska svara; varje länk fungerar en gång."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    days_valid = forms.IntegerField(
        label=_("Länkarna gäller i"),
        min_value=1,
        max_value=services.MAX_DAYS_VALID,
        initial=services.DEFAULT_DAYS_VALID,
        help_text=_("Antal dagar, högst %(max)s.") % {"max": services.MAX_DAYS_VALID},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    creation_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, questionnaires, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = [(q.pk, q.name) for q in questionnaires]
        if len(questionnaires) == 1:
            self.fields["questionnaire"].initial = questionnaires[0].pk
        self.fields["organisation"].choices = with_blank([(o.pk, o.name) for o in organisations])


class PartnerPaperChooseForm(forms.Form):
    enkat = forms.TypedChoiceField(label=_("Enkät"), coerce=int)
    organisation = forms.TypedChoiceField(label=_("Samverkanspart"), coerce=int)

    def __init__(self, *args, questionnaires, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enkat"].choices = [(q.pk, q.name) for q in questionnaires]
        if len(questionnaires) == 1:
            self.fields["enkat"].initial = questionnaires[0].pk
        self.fields["organisation"].choices = with_blank([(o.pk, o.name) for o in organisations])


# --- versions --------------------------------------------------------------------------------


class VersionForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik för den som svarar"),
        max_length=120,
        help_text=_("Visas överst på enkäten, till exempel ”Hur har du det just nu?”."),
    )
    intro = forms.CharField(
        label=_("Inledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Varför ni frågar, hur lång tid det tar och vem som läser svaren."),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Fråga"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(label=_("Förklaring under frågan"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Svarstyp"), choices=with_blank(Question.Kind.choices))
    required = forms.BooleanField(label=_("Måste besvaras"), required=False)
    asked_at = forms.ChoiceField(
        label=_("Ställs"), choices=Question.AskedAt.choices, initial=Question.AskedAt.ALWAYS
    )
    measure = forms.ChoiceField(
        label=_("Mått"),
        choices=[("", _("Inget mått")), *Measure.choices],
        required=False,
        help_text=_("Bara för skalfrågor. Svar med samma mått jämförs mellan start och avslut."),
    )
    # Required for a scale (the labels) or a choice (the alternatives); the service says which.
    scale_low_label = conditional(
        forms.CharField(label=_("Text för 1"), max_length=60, required=False, help_text=_("För skalfrågor."))
    )
    scale_high_label = conditional(
        forms.CharField(label=_("Text för 5"), max_length=60, required=False, help_text=_("För skalfrågor."))
    )
    choices = conditional(
        forms.CharField(
            label=_("Svarsalternativ"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Ett alternativ per rad, för frågor med ett svarsalternativ."),
        )
    )

    def question_data(self) -> services.QuestionData:
        data = self.cleaned_data
        return services.QuestionData(
            text=data["text"],
            kind=data["kind"],
            required=data["required"],
            measure=data["measure"],
            asked_at=data["asked_at"],
            scale_low_label=data["scale_low_label"],
            scale_high_label=data["scale_high_label"],
            choices=[line.strip() for line in data["choices"].splitlines() if line.strip()],
            help_text=data["help_text"],
        )

    @staticmethod
    def initial_for(question: Question) -> dict:
        return {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "required": question.required,
            "asked_at": question.asked_at,
            "measure": question.measure,
            "scale_low_label": question.scale_low_label,
            "scale_high_label": question.scale_high_label,
            "choices": "\n".join(question.choices),
        }


class BaseQuestionFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Plats i enkäten")
        conditional(form.fields["ORDER"])
        form.fields["ORDER"].help_text = _("Ändra siffran för att flytta frågan.")
        form.fields["DELETE"].label = _("Ta bort frågan")


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=services.MAX_QUESTIONS,
    validate_max=True,
)
