from django.urls import path

from gaung.reports import views

app_name = "reports"
urlpatterns = [
    path("compilations/", views.compilation_list, name="compilation_list"),
    path("compilations/new/", views.compilation_create, name="compilation_create"),
    path("compilations/<int:pk>/", views.compilation_detail, name="compilation_detail"),
    path(
        "compilations/<int:pk>/progress/",
        views.compilation_progress,
        name="compilation_progress",
    ),
    path("compilations/<int:pk>/pdf/", views.compilation_pdf, name="compilation_pdf"),
    path("compilations/<int:pk>/delete/", views.compilation_delete, name="compilation_delete"),
    path(
        "compilations/<int:pk>/units/<int:row_pk>/",
        views.unit_detail,
        name="unit_detail",
    ),
    path("letterhead/", views.letterhead, name="letterhead"),
]
