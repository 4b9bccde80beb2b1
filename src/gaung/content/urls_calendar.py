from django.urls import path

from gaung.content import views_calendar, views_strategy

# Calendar, ICS feed, strategy board; in the "content" namespace (see urls.py).
urlpatterns: list = [
    path("calendar/", views_calendar.calendar, name="calendar"),
    path("calendar/events/", views_calendar.calendar_events, name="calendar_events"),
    path("calendar/<int:pk>/move/", views_calendar.calendar_reschedule, name="calendar_reschedule"),
    path("calendar/subscribe/", views_calendar.calendar_subscribe, name="calendar_subscribe"),
    # Public by its secret (calendar apps send no login): see calendar_feed.py.
    path("calendar/<slug:token>.ics", views_calendar.calendar_ics, name="calendar_ics"),
    path("strategy/", views_strategy.strategy_board, name="strategy_board"),
    path("strategy/edit/", views_strategy.strategy_edit, name="strategy_edit"),
]
