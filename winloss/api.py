"""The REST API under /api/v1: each stage adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="winloss API",
    version="1",
    description="Read and write a win-loss program. Authenticate with a personal API token "
    "(Authorization: Bearer <token>), created on your profile; it acts as you in one workspace.",
    urls_namespace="api",
)
