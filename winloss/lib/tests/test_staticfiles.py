"""Static files with DEBUG off: the first collectstatic writes the manifest that hashes them."""

import json

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

PRODUCTION = {
    "DEBUG": False,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "winloss.lib.staticfiles.ManifestOnceCollected"},
    },
    # winloss's own files only: hashing and compressing the admin's and the API docs' takes
    # half a minute.
    "STATICFILES_DIRS": [settings.BASE_DIR / "static"],
    "STATICFILES_FINDERS": ["django.contrib.staticfiles.finders.FileSystemFinder"],
}


def test_before_collectstatic_static_files_keep_their_plain_names(tmp_path):
    with override_settings(**PRODUCTION, STATIC_ROOT=tmp_path / "static"):
        assert staticfiles_storage.url("winloss/app.css") == "/static/winloss/app.css"


def test_the_first_collectstatic_writes_the_manifest_and_names_carry_their_hash(tmp_path):
    with override_settings(**PRODUCTION, STATIC_ROOT=tmp_path / "static"):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["winloss/app.css"]

        assert hashed != "winloss/app.css" and (tmp_path / "static" / hashed).exists()
        assert (tmp_path / "static" / f"{hashed}.gz").exists()  # WhiteNoise serves it gzipped
        assert staticfiles_storage.url("winloss/app.css") == f"/static/{hashed}"
