from django.urls import path

from . import escalation_views, views
from .agreement import views as agreement_views
from .codebook import views as codebook_views
from .memos import views as memo_views
from .suggest import views as suggestion_views

app_name = "coding"

# Included under /w/<ws>/programs/: the codebook belongs to the workspace, not one program.
urlpatterns = [
    path("codebook/", codebook_views.codebook, name="codebook"),
    path("codebook/add/", codebook_views.theme_add, name="theme_add"),
    path("codebook/packs/", codebook_views.pack_enable, name="pack_enable"),
    path("codebook/export.csv", codebook_views.codebook_csv, name="codebook_csv"),
    path("codebook/export.qdc", codebook_views.codebook_qdc, name="codebook_qdc"),
    path("codebook/import/", codebook_views.codebook_import, name="codebook_import"),
    path("codebook/publish/", codebook_views.codebook_publish, name="codebook_publish"),
    path("codebook/discard/", codebook_views.codebook_discard, name="codebook_discard"),
    path("codebook/versions/", codebook_views.codebook_versions, name="codebook_versions"),
    path("codebook/<int:theme_id>/", codebook_views.theme_edit, name="theme_edit"),
    path("codebook/<int:theme_id>/merge/", codebook_views.theme_merge, name="theme_merge"),
    path("codebook/<int:theme_id>/retire/", codebook_views.theme_retire, name="theme_retire"),
    path("codebook/<int:theme_id>/restore/", codebook_views.theme_restore, name="theme_restore"),
    path("<int:program_id>/code/", views.step_page, name="code"),
    path("<int:program_id>/code/export/", views.export_excerpts, name="export"),
    path("<int:program_id>/code/export.qdpx", views.export_qdpx, name="export_qdpx"),
    path("<int:program_id>/code/review/", codebook_views.review_queue, name="review_queue"),
    path(
        "<int:program_id>/code/review/decide/",
        codebook_views.review_decide,
        name="review_decide",
    ),
    path("<int:program_id>/code/import/", views.import_history, name="import_history"),
    path("<int:program_id>/code/<int:interview_id>/", views.interview_screen, name="interview"),
    path("<int:program_id>/code/<int:interview_id>/save/", views.save_excerpt, name="save"),
    path("<int:program_id>/code/<int:interview_id>/remove/", views.remove_excerpt, name="remove"),
    path(
        "<int:program_id>/code/<int:interview_id>/accept/", suggestion_views.accept, name="accept"
    ),
    path(
        "<int:program_id>/code/<int:interview_id>/reject/", suggestion_views.reject, name="reject"
    ),
    path(
        "<int:program_id>/code/<int:interview_id>/escalate/",
        escalation_views.confirm,
        name="escalate",
    ),
    path("<int:program_id>/code/suggest/", suggestion_views.suggest_program, name="suggest"),
    path("<int:program_id>/code/retrain/", suggestion_views.retrain, name="retrain"),
    path("<int:program_id>/code/agreement/", agreement_views.agreement, name="agreement"),
    path("<int:program_id>/code/agreement/assign/", agreement_views.assign, name="assign_second"),
    path("<int:program_id>/code/agreement/settle/", agreement_views.settle, name="settle"),
    path("<int:program_id>/code/themes/<int:theme_id>/", views.theme_excerpts, name="theme"),
    path("<int:program_id>/code/themes/<int:theme_id>/recode/", views.recode, name="recode"),
    # Memos about the program, its themes, interviews and excerpts.
    path("<int:program_id>/memos/", memo_views.memo_list, name="memos"),
    path("<int:program_id>/memos/export/", memo_views.memo_export, name="memo_export"),
    path("<int:program_id>/memos/new/", memo_views.memo_new, name="memo_new"),
    path("<int:program_id>/memos/<int:memo_id>/", memo_views.memo_page, name="memo"),
    path("<int:program_id>/memos/<int:memo_id>/save/", memo_views.memo_save, name="memo_save"),
    path("<int:program_id>/memos/<int:memo_id>/share/", memo_views.memo_share, name="memo_share"),
]
