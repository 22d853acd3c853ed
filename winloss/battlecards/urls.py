from django.urls import path

from . import views

app_name = "battlecards"

C = "<int:program_id>/<int:competitor_id>"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:program_id>/", views.program_page, name="program"),
    path(C + "/", views.card_page, name="card"),
    # One route a format, as the evidence library's downloads.
    path(C + ".pdf", views.card_pdf, name="card_pdf"),
    path(C + ".pptx", views.card_pptx, name="card_pptx"),
]
