"""The objects made while the server loads the project are frozen out of the garbage collector's
full collections (renkei.wsgi)."""

import gc
import importlib


def test_loading_the_wsgi_application_freezes_what_it_made():
    import renkei.wsgi

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    importlib.reload(renkei.wsgi)
    assert gc.get_freeze_count() > 10_000
    assert callable(renkei.wsgi.application)
