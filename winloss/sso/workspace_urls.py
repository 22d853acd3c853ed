from django.urls import path

from . import views

# Under /w/<ws>/sign-on/: a workspace setting, like its members.
urlpatterns = [
    path("", views.sign_on_settings, name="sign_on"),
    path("requirement/", views.requirement, name="sign_on_requirement"),
    path("groups/add/", views.group_add, name="sign_on_group_add"),
    path("groups/remove/", views.group_remove, name="sign_on_group_remove"),
]
