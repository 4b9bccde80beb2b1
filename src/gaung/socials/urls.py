from django.urls import path

from gaung.socials import views

app_name = "socials"
urlpatterns = [
    path("socials/", views.account_list, name="account_list"),
    path("socials/new/", views.account_create, name="account_create"),
    path("socials/verification/", views.verification_queue, name="verification_queue"),
    path(
        "socials/employee-suggestions/",
        views.employee_suggestions,
        name="employee_suggestions",
    ),
    path("socials/<int:pk>/", views.account_detail, name="account_detail"),
    path("socials/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("socials/<int:pk>/delete/", views.account_delete, name="account_delete"),
    path("socials/<int:pk>/review/", views.account_review, name="account_review"),
    path("me/", views.my_profile, name="my_accounts"),
    path("me/accounts/new/", views.my_account_create, name="my_account_create"),
    path("me/accounts/<int:pk>/edit/", views.my_account_edit, name="my_account_edit"),
    path("me/accounts/<int:pk>/delete/", views.my_account_delete, name="my_account_delete"),
]
