import pytest

from gazzetta import config


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in ("GAZZETTA_SECRET_KEY", "GAZZETTA_DEBUG", "GAZZETTA_WORKERS", "GAZZETTA_LANGUAGES", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GAZZETTA_HOME", str(tmp_path))
    return monkeypatch


def test_embedded_defaults(env, tmp_path):
    loaded = config.load()
    assert loaded.home == tmp_path and loaded.embedded_database and not loaded.debug
    assert loaded.languages == ("de", "it", "en")


def test_secret_key_is_generated_once_and_kept_private(env, tmp_path):
    first = config.load().secret_key
    assert config.load().secret_key == first and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    env.setenv("GAZZETTA_SECRET_KEY", "from-the-environment")
    assert config.load().secret_key == "from-the-environment"


@pytest.mark.parametrize(("name", "value"), [("GAZZETTA_WORKERS", "two"), ("GAZZETTA_LANGUAGES", "de,../x")])
def test_malformed_settings_are_refused_with_their_name(env, name, value):
    env.setenv(name, value)
    with pytest.raises(config.ConfigError, match=name):
        config.load()


def test_debug_only_when_asked(env):
    env.setenv("GAZZETTA_DEBUG", "1")
    assert config.load().debug
    env.setenv("GAZZETTA_DEBUG", "0")
    assert not config.load().debug
