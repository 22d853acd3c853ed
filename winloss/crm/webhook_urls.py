from django.urls import path

from . import webhook_views

app_name = "crm_hooks"

# Under /hooks/crm/: called by the CRM, not a person; the signature or token is the check.
urlpatterns = [
    path("hubspot/<int:pk>/", webhook_views.hubspot, name="hubspot"),
    # Before the Outbound Message's address, whose token would otherwise read "events".
    path(
        "salesforce/<int:pk>/events/",
        webhook_views.salesforce_events,
        name="salesforce_events",
    ),
    path("salesforce/<int:pk>/<str:token>/", webhook_views.salesforce, name="salesforce"),
]
