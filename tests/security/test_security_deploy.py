"""`gazzetta check --deploy` is clean with the production settings the README documents."""

import os
import secrets
import subprocess
import sys


def deploy_check(tmp_path, **environment) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("GAZZETTA_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(GAZZETTA_HOME=str(tmp_path), GAZZETTA_SECRET_KEY=secrets.token_urlsafe(50),
               GAZZETTA_ALLOWED_HOSTS="news.example.org", **environment)
    return subprocess.run([sys.executable, "-m", "gazzetta", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = deploy_check(tmp_path, GAZZETTA_HTTPS="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_https_the_deploy_check_names_what_is_missing(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout
