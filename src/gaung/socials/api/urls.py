from django.urls import path
from rest_framework.routers import SimpleRouter

from gaung.socials.api.views import MeView, SocialAccountViewSet

router = SimpleRouter()
router.register("accounts", SocialAccountViewSet, basename="account")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    *router.urls,
]
