"""Build script: the C core is compiled into the cffi extension quiverdb._quiverdb.

Project metadata lives in pyproject.toml; this file only wires in the cffi module and tags the
wheel for the stable ABI (abi3, CPython 3.10+) on regular CPython builds.
"""

import sys
import sysconfig

from setuptools import setup

options = {}
if sys.implementation.name == "cpython" and not sysconfig.get_config_var("Py_GIL_DISABLED"):
    options["bdist_wheel"] = {"py_limited_api": "cp310"}

setup(cffi_modules=["csrc/build_ffi.py:ffibuilder"], options=options)
