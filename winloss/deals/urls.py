from django.urls import path

from . import import_views, views

app_name = "deals"

urlpatterns = [
    path("", views.deal_list, name="list"),
    path("<int:deal_id>/", views.deal_detail, name="detail"),
    path("<int:deal_id>/edit/", views.deal_edit, name="edit"),
    path("<int:deal_id>/contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("accounts/<int:account_id>/", views.account_detail, name="account"),
    path("accounts/<int:account_id>/edit/", views.account_edit, name="account_edit"),
    path(
        "accounts/<int:account_id>/contacts/new/",
        views.account_contact_new,
        name="account_contact_new",
    ),
    path("competitors/", views.competitor_list, name="competitors"),
    path("competitors/new/", views.competitor_new, name="competitor_new"),
    path("competitors/<int:competitor_id>/edit/", views.competitor_edit, name="competitor_edit"),
    path("competitors/<int:competitor_id>/merge/", views.competitor_merge, name="competitor_merge"),
    path("import/", import_views.import_upload, name="import"),
    path("import/map/", import_views.import_map, name="import_map"),
    path("import/jobs/<int:job_id>/", import_views.import_job, name="import_job"),
    path(
        "import/jobs/<int:job_id>/rejected.csv",
        import_views.import_rejected,
        name="import_rejected",
    ),
    path("stages/", views.stage_list, name="stages"),
    path("products/", views.product_names, name="products"),
    path("products/rename/", views.product_rename, name="product_rename"),
]
