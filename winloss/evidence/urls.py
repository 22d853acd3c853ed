from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.search_page, name="search"),
    # One route a format, the format not a URL argument: nothing in the address to look up.
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("saved/", views.save_search, name="save_search"),
    path("saved/<int:search_id>/delete/", views.delete_search, name="delete_search"),
]
