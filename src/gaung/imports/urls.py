from django.urls import path

from gaung.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("new/", views.job_create, name="job_create"),
    path("template/<str:kind>.xlsx", views.sample, name="template"),
    path("<int:pk>/", views.job_detail, name="job_detail"),
    path("<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("<int:pk>/errors.xlsx", views.job_error_report, name="error_report"),
]
