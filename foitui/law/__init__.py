"""The statutory rules of FOIA, the EIR, FOISA and the EISR, each regime's differences as data.

`regimes` holds what differs by law (names, calendars, time limits, clock-stop and extension
provisions, cost rules, exemption code prefixes). The working-day arithmetic stays in
`foitui.deadlines` and the catalogue in `foitui.exemptions`; both read their per-law facts
from here.
"""
