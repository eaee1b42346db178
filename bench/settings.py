"""Settings for the benchmark: the product's settings with one bare view added to the URLs."""

from gpleadership.settings import *  # noqa: F403
from gpleadership.settings import ALLOWED_HOSTS

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]

# The figures are the output: the login and request logs stay quiet unless something breaks.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"axes": {"level": "ERROR"}, "django.request": {"level": "CRITICAL"}},
}
