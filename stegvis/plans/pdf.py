"""HTML to PDF with WeasyPrint, reading only the app's own static files.

WeasyPrint needs Pango from the operating system (Debian: libpango-1.0-0,
libpangoft2-1.0-0), so it is imported when a PDF is asked for, not at start-up.
Stylesheets are read from the static files; nothing is fetched over the network or
from elsewhere on disk, so a page can never make the server call out.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

BASE_URL = "https://stegvis.invalid/"


def _static_file(url: str) -> tuple[bytes, str]:
    path = unquote(urlsplit(url).path)
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not url.startswith(BASE_URL) or not path.startswith(static_prefix):
        raise ValueError(f"PDF rendering reads the app's static files only, not {url}")
    found = finders.find(path.removeprefix(static_prefix))
    if not found:
        raise ValueError(f"no static file {path}")
    with open(found, "rb") as handle:
        data = handle.read()
    return data, "text/css" if path.endswith(".css") else "application/octet-stream"


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
            data, content_type = _static_file(url)
            return URLFetcherResponse(url, data, {"Content-Type": content_type})

    fetcher = StaticOnlyFetcher(fail_on_errors=True)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
