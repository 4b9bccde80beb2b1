from django.urls import path

from gaung.core.views import home

app_name = "socials"
urlpatterns = [
    path("socials/", home, name="account_list"),
    path("socials/verification/", home, name="verification_queue"),
    path("me/", home, name="my_accounts"),
]
