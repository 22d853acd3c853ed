from django.urls import path

from . import views

app_name = "digests"

urlpatterns = [
    path("", views.subscriptions_page, name="subscriptions"),
    path("follow/", views.follow, name="follow"),
    path("<int:subscription_id>/unfollow/", views.unfollow, name="unfollow"),
    path("delivery/", views.delivery, name="delivery"),
]
