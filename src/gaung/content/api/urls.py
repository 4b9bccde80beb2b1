from django.urls import path
from rest_framework.routers import SimpleRouter

from gaung.content.api import views

# Basenames start with "content-": the routes share the API's one namespace with the others.
router = SimpleRouter()
router.register("items", views.ContentItemViewSet, basename="content-item")
router.register("ideas", views.IdeaViewSet, basename="content-idea")
router.register("purposes", views.PurposeViewSet, basename="content-purpose")
router.register("checklist", views.ChecklistViewSet, basename="content-checklist")
router.register("service-times", views.ServiceTimeViewSet, basename="content-service-time")

urlpatterns = [
    path("calendar/", views.CalendarView.as_view(), name="content-calendar"),
    *router.urls,
]
