"""The site's URLs with single sign-on switched on, as config/urls.py builds them when it is configured."""

from django.urls import include, path

from config.urls import handler403
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *site_urlpatterns]

__all__ = ["handler403", "urlpatterns"]
