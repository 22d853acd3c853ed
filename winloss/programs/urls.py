from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_new, name="new"),
    path("<int:program>/", views.overview, name="overview"),
    path("<int:program>/scope/", views.scope, name="scope"),
    path("<int:program>/scope/edit/", views.scope_edit, name="scope_edit"),
    path("<int:program>/log/", views.program_log, name="log"),
    path("<int:program>/next-wave/", views.next_wave, name="next_wave"),
    path("<int:program>/sample/", views.sample, name="sample"),
]
