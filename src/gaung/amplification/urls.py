from django.urls import include, path

app_name = "amplification"
urlpatterns: list = [
    path("", include("gaung.amplification.urls_recap")),
]
