"""What the crawling checks (readability, the phone journey) open: pages a person reads.

Not the files, the API, the admin, switching language or logging out; not downloads (PDF,
CSV, spreadsheets, calendar files), which are letters or data and are checked apart.
"""

import re

_NOT_PAGES = ("/static/", "/admin/", "/api/", "/i18n/", "/account/uitloggen/", "/media/")
_DOWNLOAD = re.compile(r"\.(pdf|csv|xlsx|ics|json)$|/(pdf|csv|xlsx|export)/?$")


def is_page(path: str) -> bool:
    return not path.startswith(_NOT_PAGES) and not _DOWNLOAD.search(path)
