# Same input rules in English: Django's own date fields take ISO dates only.
from config.formats.th.formats import *  # noqa: F403
