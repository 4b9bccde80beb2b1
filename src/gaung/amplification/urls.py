from django.urls import include, path

from gaung.amplification import views

app_name = "amplification"
urlpatterns: list = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/activate/", views.campaign_activate, name="campaign_activate"),
    path("<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("<int:pk>/cancel/", views.campaign_cancel, name="campaign_cancel"),
    path("<int:pk>/assignments/", views.campaign_assignments, name="campaign_assignments"),
    path("proofs/", views.proof_queue, name="proof_queue"),
    path("proofs/<int:pk>/screenshot/", views.proof_screenshot, name="proof_screenshot"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/delete/", views.group_delete, name="group_delete"),
    path("election-periods/", views.period_list, name="period_list"),
    path("election-periods/new/", views.period_create, name="period_create"),
    path("election-periods/<int:pk>/", views.period_edit, name="period_edit"),
    path("election-periods/<int:pk>/delete/", views.period_delete, name="period_delete"),
    path("", include("gaung.amplification.urls_recap")),
]
