"""A pytest plugin (loaded first, from ``addopts``): write bytecode caches in test runs even
when ``$PYTHONDONTWRITEBYTECODE`` is set.

Without the caches every test process (one per CPU under pytest-xdist) compiles the
project's modules and assertion-rewrites every test module and the test plugins' packages
(hypothesis, pytest-xdist, pytest-httpserver: some 200 modules) again: about 4 s of the 8 s
collection of each process on a 2-core machine. The caches go to ``__pycache__`` folders
(ignored by git); where a folder is not writable, Python and pytest just skip the cache.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = False
