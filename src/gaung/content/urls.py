from django.urls import include, path

from gaung.content import views

app_name = "content"
urlpatterns: list = [
    path("", views.item_list, name="item_list"),
    path("overdue/", views.overdue_list, name="overdue_list"),
    path("new/", views.item_create, name="item_create"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/transition/<slug:action>/", views.item_transition, name="item_transition"),
    path("<int:pk>/checklist/", views.item_checklist, name="item_checklist"),
    path("<int:pk>/versions/", views.item_versions, name="item_versions"),
    path("<int:pk>/compare/", views.item_compare, name="item_compare"),
    # Ideas, team roles and configuration (urls_ideas.py), calendar, ICS feed and strategy
    # board (urls_calendar.py).
    path("", include("gaung.content.urls_ideas")),
    path("", include("gaung.content.urls_calendar")),
]
