from django.urls import path  # noqa: F401

# Calendar, ICS feed, strategy board; in the "content" namespace (see urls.py).
urlpatterns: list = []
