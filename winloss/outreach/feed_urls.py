from django.urls import path

from . import public_views

app_name = "calendar_feed"

# No session: a calendar app subscribes with the signed address alone (``feeds.py``).
urlpatterns = [path("<str:token>.ics", public_views.calendar_feed, name="feed")]
