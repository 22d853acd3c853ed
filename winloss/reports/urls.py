from django.urls import path

from . import executive_views, views

app_name = "reports"

R = "<int:program_id>/report/"

urlpatterns = [
    path(R, views.step_page, name="report"),
    path(R + "publish/", views.publish, name="publish"),
    path(R + "quotes/", views.quote_picker, name="quotes"),
    path(R + "quotes/add/", views.quote_add, name="quote_add"),
    path(R + "quotes/<int:quote_id>/remove/", views.quote_remove, name="quote_remove"),
    path(R + "quotes/<int:quote_id>/redact/", views.quote_redact, name="quote_redact"),
    path(R + "memos/cite/", views.memo_cite, name="memo_cite"),
    path(R + "memos/<int:cited_id>/remove/", views.memo_uncite, name="memo_uncite"),
    path(R + "draft/<str:chart>.svg", views.draft_chart, name="draft_chart"),
    path(R + "draft.<str:fmt>", views.draft_file, name="draft_file"),
    path(R + "waves/", executive_views.waves_page, name="waves"),
    path(R + "waves/trends.svg", executive_views.waves_chart, name="waves_chart"),
    path(R + "waves.pdf", executive_views.waves_file, name="waves_pdf"),
    path(R + "v<int:number>/", views.version_page, name="version"),
    path(R + "v<int:number>/<str:chart>.svg", views.version_chart, name="version_chart"),
    path(R + "v<int:number>.<str:fmt>", views.version_file, name="version_file"),
    path(
        "<int:program_id>/interviews/summaries/",
        views.interview_summaries,
        name="interview_summaries",
    ),
    path(
        "<int:program_id>/interviews/<int:interview_id>/summary/",
        views.interview_summary_page,
        name="interview_summary",
    ),
]
