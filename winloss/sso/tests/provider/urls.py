from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from oidc_provider.models import Client


@csrf_exempt
def allow_redirect(request: HttpRequest) -> HttpResponse:
    """Test set-up only: accept one more address of winloss (a live server's port)."""
    client = Client.objects.get(client_id=request.POST["client_id"])
    client.redirect_uris = [*client.redirect_uris, request.POST["uri"]]
    client.save()
    return HttpResponse("ok")


urlpatterns = [
    path("login/", LoginView.as_view(template_name="provider_login.html"), name="login"),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("test/redirect-uri/", allow_redirect),
]
