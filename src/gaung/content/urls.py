from django.urls import include, path

app_name = "content"
urlpatterns: list = [
    # Ideas, team roles and configuration (urls_ideas.py), calendar, ICS feed and strategy
    # board (urls_calendar.py); the item pages are added here.
    path("", include("gaung.content.urls_ideas")),
    path("", include("gaung.content.urls_calendar")),
]
