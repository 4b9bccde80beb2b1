from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from gaung.core.views import healthz

api_patterns = [
    path("", include("gaung.registry.api.urls")),
    path("", include("gaung.socials.api.urls")),
]

urlpatterns = [
    path("", include("gaung.core.urls")),
    path("", include("gaung.registry.urls")),
    path("", include("gaung.socials.urls")),
    path("auth/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
