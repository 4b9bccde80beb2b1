from django.urls import path

from gaung.amplification import views_asn

app_name = "amplification_asn"
urlpatterns = [
    path("me/campaigns/", views_asn.my_campaigns, name="my_campaigns"),
    path("me/campaigns/<int:pk>/", views_asn.my_campaign, name="my_campaign"),
    path("me/campaigns/<int:pk>/proof/", views_asn.submit_proof, name="submit_proof"),
    # Public, and short: it is pasted into posts and chats.
    path("l/<slug:token>", views_asn.tracked_link, name="tracked_link"),
]
