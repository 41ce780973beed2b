import pytest

from tests.notifications.servers import LineServer, SMTPServer

LINE_TOKEN = "test-channel-access-token"
LINE_SECRET = "test-channel-secret"


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.NOTIFY_PROVIDER_TIMEOUT = 3
    yield server
    server.stop()


@pytest.fixture
def line(settings):
    server = LineServer(LINE_TOKEN)
    server.start()
    settings.LINE_API_BASE_URL = server.url
    settings.LINE_CHANNEL_ACCESS_TOKEN = LINE_TOKEN
    settings.LINE_CHANNEL_SECRET = LINE_SECRET
    settings.NOTIFY_PROVIDER_TIMEOUT = 3
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _no_quiet_hours(settings):
    """Tests of quiet hours set them; the others run at any hour of the day."""
    settings.NOTIFY_QUIET_HOURS = ""
