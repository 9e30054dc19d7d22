from .base import *  # noqa: F401,F403
from .base import env, env_list

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = True
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    "local-sample-secret-key-not-for-production-0123456789abcdef",
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "0.0.0.0", "127.0.0.1"])
