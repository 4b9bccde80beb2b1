from django.urls import path
from rest_framework.routers import SimpleRouter

from gaung.reports.api.views import CompilationViewSet, LetterheadView

router = SimpleRouter()
router.register("compilations", CompilationViewSet, basename="compilation")

urlpatterns = [
    path("letterhead/", LetterheadView.as_view(), name="api-letterhead"),
    *router.urls,
]
