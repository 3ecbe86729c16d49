"""policytext: text analysis behind the MIIT messaging report.

The package is a pipeline of stages, each a pure function over plain data or
pandas frames, with file I/O kept at the edges (``corpus`` reads, ``export``
writes):

corpus -> clean -> segment (tokens) -> counts -> compare / figures -> charts
"""

from __future__ import annotations

__version__ = "0.1.0"
