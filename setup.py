"""The compiled name scorer: ``renkei.screening.scoring`` built by mypyc into a C extension
beside its Python source (ADR 12). Everything else about the package is in pyproject.toml.

The extension is an optimisation. Where it cannot be built (no C compiler), the build says so
and renkei runs the Python source, which gives the same scores.
"""

from mypyc.build import mypycify
from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = ["src/renkei/screening/scoring.py"]


class OptionalBuildExt(build_ext):
    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as error:  # noqa: BLE001 - any compiler failure leaves the Python source
            print(f"renkei: {ext.name} not compiled ({error}); its Python source runs instead")


def compiled_modules():
    try:
        # Third-party libraries are not installed where this builds: they are typed as Any.
        return mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3")
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a type error leaves the source
        print(f"renkei: the scorer is not compiled ({error}); its Python source runs instead")
        return []


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
