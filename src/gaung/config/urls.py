from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gaung.core.views import healthz

api_patterns = [
    path("", include("gaung.registry.api.urls")),
    path("", include("gaung.socials.api.urls")),
    path("", include("gaung.imports.api.urls")),
    path("", include("gaung.reports.api.urls")),
    path("", include("gaung.amplification.api.urls")),
    path("content/", include("gaung.content.api.urls")),
    path("activation/", include("gaung.registry.activation_api")),
]

urlpatterns = [
    path("", include("gaung.core.urls")),
    path("", include("gaung.registry.urls")),
    path("", include("gaung.socials.urls")),
    path("imports/", include("gaung.imports.urls")),
    path("reports/", include("gaung.reports.urls")),
    path("campaigns/", include("gaung.amplification.urls")),
    path("content/", include("gaung.content.urls")),
    path("", include("gaung.amplification.urls_asn")),
    path("", include("gaung.registry.activation_urls")),
    path("auth/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: CSP forbids inline scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
