"""The upload form and the column-mapping form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import conditional
from stegvis.imports import fields

NOT_IN_FILE = ""
# Needed in some cases only (the form's clean() says when), so not marked "(valfritt)".
CONDITIONAL = {
    "personal_id",
    "first_name",
    "last_name",
    "birth_year",
    "exit_reason",
    "exit_outcome",
    "exit_sysselsattning",
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("Excel-arbetsbok (.xlsx) eller CSV (.csv). Första raden ska vara kolumnrubriker."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen är större än %(mb)s MB. Dela upp den i flera filer.")
                % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class MappingForm(forms.Form):
    """One select per target field, listing the file's headers; pre-filled with a guess from the header names."""

    consent_confirmed = conditional(
        forms.BooleanField(
            label=_(
                "Alla deltagare med personnummer i filen har lämnat samtycke till deltagande och registrering"
            ),
            required=False,
        )
    )
    consent_form_version = conditional(
        forms.CharField(label=_("Samtyckesblankettens version"), max_length=40, required=False, initial="1.0")
    )

    def __init__(self, *args, headers: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [(NOT_IN_FILE, _("– Finns inte i filen –")), *((str(i), h) for i, h in enumerate(headers))]
        mapped: dict[str, forms.Field] = {}
        for target in fields.TARGETS:
            required = target.name in fields.ALWAYS_REQUIRED
            field = forms.ChoiceField(
                label=target.label,
                choices=choices,
                required=required,
                help_text=target.help,
                error_messages={
                    "required": _("Välj kolumnen som innehåller %(label)s.")
                    % {"label": str(target.label).lower()}
                },
            )
            if target.name in CONDITIONAL:
                conditional(field)
            mapped[f"map_{target.name}"] = field
        self.fields = {**mapped, **self.fields}

    def target_fields(self):
        return [self[f"map_{t.name}"] for t in fields.TARGETS]

    def consent_fields(self):
        return [self["consent_confirmed"], self["consent_form_version"]]

    def clean(self) -> dict:
        cleaned = super().clean()
        mapping = self.mapping()
        if "personal_id" in mapping:
            for name in ("first_name", "last_name"):
                if name not in mapping:
                    self.add_error(
                        f"map_{name}",
                        _("Välj kolumnen med %(label)s: den behövs för deltagare med personnummer.")
                        % {"label": str(fields.TARGET_LABELS[name]).lower()},
                    )
            if not cleaned.get("consent_confirmed"):
                self.add_error(
                    "consent_confirmed",
                    _(
                        "Deltagare med personnummer registreras bara med samtycke. Bekräfta samtycket, eller importera dem anonymt utan personnummer."
                    ),
                )
            if not (cleaned.get("consent_form_version") or "").strip():
                self.add_error("consent_form_version", _("Ange samtyckesblankettens version."))
        elif "birth_year" not in mapping:
            self.add_error(
                "map_personal_id",
                _(
                    "Välj kolumnen med personnummer, eller kolumnen med födelseår om deltagarna ska registreras anonymt."
                ),
            )
        if "exit_date" in mapping:
            for name in ("exit_reason", "exit_outcome", "exit_sysselsattning"):
                if name not in mapping:
                    self.add_error(
                        f"map_{name}",
                        _("Välj kolumnen med %(label)s: den behövs när avslutsdatum importeras.")
                        % {"label": str(fields.TARGET_LABELS[name]).lower()},
                    )
        used: dict[int, str] = {}
        for name, index in mapping.items():
            if index in used:
                self.add_error(
                    f"map_{name}",
                    _("Kolumnen %(header)s är redan vald för %(other)s.")
                    % {
                        "header": self.headers[index],
                        "other": str(fields.TARGET_LABELS[used[index]]).lower(),
                    },
                )
            used.setdefault(index, name)
        return cleaned

    def mapping(self) -> dict[str, int]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        result: dict[str, int] = {}
        for target in fields.TARGETS:
            value = data.get(f"map_{target.name}")
            if value not in (None, NOT_IN_FILE) and str(value).isdigit() and int(value) < len(self.headers):
                result[target.name] = int(value)
        return result

    @staticmethod
    def initial_for(mapping: dict[str, int], consent_form_version: str) -> dict:
        initial = {f"map_{name}": str(index) for name, index in mapping.items()}
        initial["consent_form_version"] = consent_form_version or "1.0"
        return initial
