"""The scorer runs compiled by mypyc where it could be built (ADR 12). The compiled module must
have been built from the sources beside it, and must score exactly as its Python source does."""

import csv
import functools
import importlib.util
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.screening import scoring
from renkei.screening.names import name_keys

FOLDER = Path(scoring.__file__).resolve().parent
DATA = Path(__file__).resolve().parents[4] / "bench" / "data"
COMPILED = not scoring.__file__.endswith(".py")
# Without a C compiler the install leaves the source running (setup.py); there is then no
# compiled module to check. CI never skips these: the first test fails there instead.
NOT_COMPILED = "no compiled scorer here (built without a C compiler): the source itself runs"


@functools.cache
def _python_source():
    """The scorer as its Python source, loaded apart from the compiled module."""
    spec = importlib.util.spec_from_file_location("scoring_source", FOLDER / "scoring.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_runs_the_compiled_scorer():
    if os.environ.get("CI") != "true" and not COMPILED:
        pytest.skip(NOT_COMPILED)  # a laptop without gcc: slower, the same scores
    assert COMPILED, "setup.py did not build the scorer: see the install's output"


@pytest.mark.skipif(not COMPILED, reason=NOT_COMPILED)
def test_the_compiled_scorer_was_built_from_the_sources_beside_it():
    built = Path(scoring.__file__).stat().st_mtime
    for source in ("scoring.py", "names.py"):
        assert (FOLDER / source).stat().st_mtime <= built, (
            f"{source} changed after the scorer was compiled: ./scripts/test builds it again"
        )


@pytest.mark.skipif(not COMPILED, reason=NOT_COMPILED)
@pytest.mark.parametrize("name", ["cross_script", "cross_script_held_out", "cross_script_fresh"])
def test_the_compiled_scorer_scores_as_its_source_to_the_last_bit(name):
    source = _python_source()
    with (DATA / f"{name}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        left, right = name_keys(row["name1"]), name_keys(row["name2"])
        for kind in ("person", "organisation"):
            compiled = scoring.name_score(left, right, kind)
            python = source.name_score(left, right, kind)
            assert tuple(compiled) == tuple(python), (row["name1"], row["name2"], kind)
            assert compiled.explain() == python.explain()


_NAMES = st.lists(
    st.sampled_from(["Sok", "Sokh", "Chan", "Dara", "Co.", "Ltd", "2", "ソック", "ສົມ", "Ли", "A"]),
    min_size=1,
    max_size=4,
).map(" ".join)


@pytest.mark.skipif(not COMPILED, reason=NOT_COMPILED)
@settings(max_examples=300, deadline=None)
@given(left=_NAMES, right=_NAMES | st.text(max_size=12))
def test_the_compiled_scorer_agrees_on_made_up_names(left, right):
    source = _python_source()
    for kind in ("person", "organisation"):
        assert tuple(scoring.name_score(name_keys(left), name_keys(right), kind)) == tuple(
            source.name_score(name_keys(left), name_keys(right), kind)
        )
