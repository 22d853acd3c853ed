"""CRM deal imports: Salesforce, HubSpot and any CSV, TSV or XLSX, all or nothing.

``import_deals`` (``run``) imports a deal file; ``enrich.import_file`` also takes the
companion files (accounts, sales teams, products) and tells them apart by their headers.
In the order a file meets them: ``lib.tables`` (bytes to rows, for any upload), ``formats``
(headers to fields), ``values``, ``dates`` and ``outcomes`` (cells to dates, amounts, yes/no,
outcomes), ``checking`` and ``records`` (the first pass, no database), ``saving``, ``lookups``
and ``sql`` (the second pass, one transaction), ``run``. ``background`` (with ``stored``) and
``mappings`` are the services the web and the CLI call. ``ImportFailed`` is the one error;
its message is for the person importing.
"""

from .errors import ImportFailed, RowError
from .formats import FIELDS, FORMATS, Mapping, detect_format, guess_mapping
from .run import ImportResult, import_deals

__all__ = [
    "FIELDS",
    "FORMATS",
    "ImportFailed",
    "ImportResult",
    "Mapping",
    "RowError",
    "detect_format",
    "guess_mapping",
    "import_deals",
]
