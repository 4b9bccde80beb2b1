"""Indonesian display formats: only what differs from Django's own ``id`` locale.

Django's ``id`` locale already gives ``1.234.567`` and ``12,5`` (decimal comma, full stop
every three digits) and ``23-11-2026`` as the short date. Its long date uses the
Associated Press month abbreviation (``23 Nov. 2026``, ``Agu.``); Indonesian writes the
three-letter month without a full stop (``23 Nov 2026``, ``Agu``), as the ``id_date`` and
``local_datetime`` template filters do. Times are written ``14.30`` with two-digit hours
(``09.05``), again as those filters do.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H.i"
TIME_FORMAT = "H.i"
SHORT_DATETIME_FORMAT = "d-m-Y H.i"
