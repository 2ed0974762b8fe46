"""The name check with its matching for nothing: what `bench/screening_speed.py --ceiling` serves.

The product's WSGI application, with one change made in the serving process only:

- ``matching_free``: each name's candidates are found and scored the first time the name is
  asked, then answered from memory. Every other step of a check still runs on every call: the
  token, the body's parsing, the name's cleaning and keys, the caller's scope and the index
  version, the answer and its JSON.
- ``matching_and_scope_free``: the same, with the caller's scope and the index version read
  once as well (the whole of ``screening_check_many_for`` answered from memory).

The rate each reaches is the most that faster finding and scoring (a compiled engine, a better
index) could give the check on the same server, without and with a cheaper scope read: bounds
for decisions (ADR 25), never a way to run the product, which must read the register and the
caller's agreements when asked.
"""

from __future__ import annotations

from renkei.wsgi import application  # isort: skip - sets Django up before the models load
from renkei.screening import selectors  # isort: skip

_answers: dict = {}


def _remember(function):
    def remembered(*arguments):
        # Keyed by all the matching reads (the scope and the index's identity, or the caller
        # and the queries), so that each answer is the one the product gave the first time.
        key = tuple(tuple(a) if isinstance(a, list) else a for a in arguments)
        found = _answers.get(key)
        if found is None:
            found = _answers[key] = function(*arguments)
        return found

    return remembered


def _installing(name: str):
    installed = []

    def serve(environ, start_response):
        if not installed:
            setattr(selectors, name, _remember(getattr(selectors, name)))
            installed.append(name)
        return application(environ, start_response)

    return serve


matching_free = _installing("_checked")
matching_and_scope_free = _installing("screening_check_many_for")
