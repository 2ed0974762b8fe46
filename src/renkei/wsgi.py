import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
pages = get_wsgi_application()  # sets Django up; the import below needs the apps loaded

from renkei.core.bearer_calls import with_bearer_api_handler  # noqa: E402

application = with_bearer_api_handler(pages)
