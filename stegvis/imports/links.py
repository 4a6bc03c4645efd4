"""What the imports app adds to other apps' pages: the project page's link to the import."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from stegvis.imports.selectors import can_import
from stegvis.projects.links import ProjectLink

IMPORT_LINK = ProjectLink(
    order=80,
    label=gettext_lazy("Importera från Excel"),
    url_name="imports:start",
    visible=can_import,
)
