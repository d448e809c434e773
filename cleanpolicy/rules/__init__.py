"""Rule families, one module each, in canonical run order (see :mod:`cleanpolicy.registry`).

Every module defines ``RULES`` (its registry rows) and ``OPTIONS`` (its option
table and defaults).  Rule functions are pure: ``func(text, policy)`` returns a
list of :class:`~cleanpolicy.Edit` (or, for ``kind="transform"``, the new
string) and never raises.  Modules import nothing heavy at import time.
"""
