"""Developer machine and `make run`: debug on, embedded default unless the
environment names PostgreSQL and Redis."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
