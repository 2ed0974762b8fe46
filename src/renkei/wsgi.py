import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
pages = get_wsgi_application()  # sets Django up; the import below needs the apps loaded

from renkei.core.bearer_calls import with_bearer_api_handler  # noqa: E402

application = with_bearer_api_handler(pages)

# What loading the project made (modules, models, URL patterns, translations: some 100,000
# objects) lives as long as the process. Frozen, the garbage collector's full collections stop
# walking it again: one took about 70 ms of a public-register request that happened to run it.
gc.collect()
gc.freeze()
