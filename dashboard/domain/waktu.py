"""Western Indonesia Time: the clock every date and time on screen and in a form is read in."""

from __future__ import annotations

import datetime as dt

# Jawa and Sumatra keep UTC+7 all year (no daylight saving); other zones are configuration
# for provinces in WITA/WIT, not a second constant.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
