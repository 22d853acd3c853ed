"""The real ``winloss backup`` and ``winloss restore``: exit codes and one-line refusals."""

import os
import subprocess
import sys

import pytest


@pytest.mark.xdist_group("migrated-sqlite")
def test_backup_and_restore_exit_zero_and_a_refusal_exits_non_zero(migrated_data_dir, tmp_path):
    def winloss(data_dir, *argv):
        env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(data_dir)}
        env.pop("DATABASE_URL", None)
        return subprocess.run(
            [sys.executable, "-m", "winloss", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    archive = tmp_path / "nightly.zip"
    backed_up = winloss(migrated_data_dir, "backup", str(archive))
    restored = winloss(tmp_path / "new-data", "restore", str(archive))
    again = winloss(tmp_path / "new-data", "restore", str(archive))

    assert backed_up.returncode == 0, backed_up.stderr
    assert restored.returncode == 0, restored.stderr
    assert "migrated to this version's schema" in restored.stdout
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "Traceback" not in again.stderr
    assert "already holds" in again.stderr and "restore into an empty one" in again.stderr
