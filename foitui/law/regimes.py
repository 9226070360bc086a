"""Each regime's statutory differences, as data: one `Regime` per law.

Code elsewhere asks ``REGIMES[law].time_limit`` instead of testing ``law == Law.FOISA``, so a
rule of one regime is found in one place and a new regime is one more entry. Plain data, no
imports beyond the standard library and `foitui.kinds`: the request list reads it at start-up.

Sources, by regime (legislation.gov.uk):

- FOIA: Freedom of Information Act 2000 (ukpga/2000/36): s.10(1) 20 working days, s.10(6)
  working day (bank holidays in any part of the UK), s.1(3) and s.10(6)(b) clarification,
  s.9 and s.10(2) fees, s.10(3) public interest extension, s.12 cost limit with the Freedom of
  Information and Data Protection (Appropriate Limit and Fees) Regulations 2004 (uksi/2004/3244).
- EIR: Environmental Information Regulations 2004 (uksi/2004/3391): reg. 2(1) working day,
  reg. 5(2) 20 working days, reg. 7(1) extension to 40, reg. 9(4) clarification, reg. 8
  charges, reg. 12(4)(b) manifestly unreasonable (no cost limit: ICO guidance "Manifestly
  unreasonable requests - regulation 12(4)(b)" uses the Fees Regulations only as a guide).
- FOISA: Freedom of Information (Scotland) Act 2002 (asp/2002/13): s.10(1) 20 working days,
  s.73 working day (Scottish bank holidays only), s.1(3) and s.10(1)(b) clarification, s.9 and
  s.10(3) fees, no extension, s.12 with the Fees for Required Disclosure (Scotland) Regulations
  2004 (ssi/2004/467): reg. 3 staff time at most £15 an hour, time spent deciding whether the
  information is held does not count; reg. 5 the limit is £600.
- EISR: Environmental Information (Scotland) Regulations 2004 (ssi/2004/520): reg. 2(1)
  working day as FOISA s.73, reg. 5(2)(a) 20 working days, reg. 7(1) extension to 40 for volume
  and complexity, reg. 9(4) clarification, reg. 8 charges, reg. 10(4)(b) manifestly unreasonable
  (no cost limit; the Scottish Information Commissioner's guidance on reg. 10(4)(b) treats the
  FOISA £600 limit as a guide at most).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from foitui.kinds import Law

UK_WIDE = ("ENG", "WLS", "SCT", "NIR")
"""FOIA s.10(6), EIR reg. 2(1): a bank holiday in any part of the United Kingdom."""
SCOTLAND = ("SCT",)
"""FOISA s.73, EISR reg. 2(1): a bank holiday in Scotland."""


@dataclass(frozen=True, slots=True)
class CostRule:
    """How a regime treats the cost of answering.

    `statutory` is True where a limit in regulations lets the authority refuse (FOIA and FOISA
    s.12); False where there is no limit and the figures are only a guide to whether the burden
    makes the request manifestly unreasonable (EIR reg. 12(4)(b), EISR reg. 10(4)(b)).
    `limit_pounds` is by body (``local``, ``central``) where the regulations tell them apart.
    """

    provision: str
    rate_pounds: int
    limit_pounds: Mapping[str, int]
    statutory: bool
    source: str

    def limit_for(self, body: str | None) -> int:
        """The limit in pounds for a body (``local`` when unset or not told apart)."""
        return self.limit_pounds.get(body or "local", self.limit_pounds["local"])

    def limit_hours(self, body: str | None) -> float:
        return self.limit_for(body) / self.rate_pounds


@dataclass(frozen=True, slots=True)
class Regime:
    """One law's rules: names, calendar, time limit, clock stops, extension, cost, codes."""

    law: Law
    name: str
    """Short name, as officers write it: ``FOIA``, ``EIR``, ``FOISA``, ``EISR``."""
    title: str
    subdivisions: tuple[str, ...]
    """Whose bank holidays are not working days (holidays package subdivisions)."""
    code_prefix: str
    """The prefix of the regime's exemption codes: ``s``, ``r``, ``fs``, ``sr``."""
    provision_word: str
    """How a provision is cited: ``s.`` for an Act's sections, ``reg. `` for regulations."""
    time_limit: str
    clarification: str
    fees: str
    extension: str
    """The extension the regime allows, or says that there is none."""
    extension_reason: str | None
    """The `foitui extend --reason` the regime takes: ``pit``, ``eir`` (reg. 7), or None."""
    extension_notice: str | None
    """Where the notice of an extension must be given within the first 20 working days."""
    clarification_limit_days: int | None
    """Working days after receipt within which clarification must be sought (EIR and EISR
    reg. 9(2)); None where the law sets no such limit (FOIA s.1(3), FOISA s.1(3))."""
    cost: CostRule

    def cite(self, code: str) -> str:
        """A code as a citation with its law: ``sr10(4)(b)`` -> ``EISR reg. 10(4)(b)``."""
        return f"{self.name} {self.provision_word}{code.removeprefix(self.code_prefix)}"


_ENGLAND_FEES = MappingProxyType({"local": 450, "central": 600})
_SCOTTISH_FEES = MappingProxyType({"local": 600, "central": 600})

REGIMES: Mapping[Law, Regime] = MappingProxyType(
    {
        Law.FOI: Regime(
            law=Law.FOI,
            name="FOIA",
            title="Freedom of Information Act 2000",
            subdivisions=UK_WIDE,
            code_prefix="s",
            provision_word="s.",
            time_limit="FOIA s.10(1)",
            clarification="FOIA s.1(3), s.10(6)(b)",
            fees="FOIA s.9, s.10(2)",
            extension="public interest test extension, FOIA s.10(3)",
            extension_reason="pit",
            extension_notice="FOIA s.17(2)",
            clarification_limit_days=None,
            cost=CostRule(
                provision="FOIA s.12",
                rate_pounds=25,
                limit_pounds=_ENGLAND_FEES,
                statutory=True,
                source="Fees Regulations 2004 reg. 3 and 4(4)",
            ),
        ),
        Law.EIR: Regime(
            law=Law.EIR,
            name="EIR",
            title="Environmental Information Regulations 2004",
            subdivisions=UK_WIDE,
            code_prefix="r",
            provision_word="reg. ",
            time_limit="EIR reg. 5(2)",
            clarification="EIR reg. 9(4)",
            fees="EIR reg. 8",
            extension="complex and voluminous, EIR reg. 7(1)",
            extension_reason="eir",
            extension_notice="EIR reg. 7(3)",
            clarification_limit_days=20,
            cost=CostRule(
                provision="EIR reg 12(4)(b)",
                rate_pounds=25,
                limit_pounds=_ENGLAND_FEES,
                statutory=False,
                source="no cost limit: manifestly unreasonable, the Fees Regulations 2004 as a "
                "guide (ICO guidance on reg. 12(4)(b))",
            ),
        ),
        Law.FOISA: Regime(
            law=Law.FOISA,
            name="FOISA",
            title="Freedom of Information (Scotland) Act 2002",
            subdivisions=SCOTLAND,
            code_prefix="fs",
            provision_word="s.",
            time_limit="FOISA s.10(1)",
            clarification="FOISA s.1(3), s.10(1)(b)",
            fees="FOISA s.9, s.10(3)",
            extension="FOISA itself provides no extension",
            extension_reason=None,
            extension_notice=None,
            clarification_limit_days=None,
            cost=CostRule(
                provision="FOISA s.12",
                rate_pounds=15,
                limit_pounds=_SCOTTISH_FEES,
                statutory=True,
                source="Fees for Required Disclosure (Scotland) Regulations 2004 reg. 3 (£15 an "
                "hour at most; deciding whether it is held does not count) and reg. 5 (£600)",
            ),
        ),
        Law.EISR: Regime(
            law=Law.EISR,
            name="EISR",
            title="Environmental Information (Scotland) Regulations 2004",
            subdivisions=SCOTLAND,
            code_prefix="sr",
            provision_word="reg. ",
            time_limit="EISR reg. 5(2)(a)",
            clarification="EISR reg. 9(4)",
            fees="EISR reg. 8",
            extension="volume and complexity, EISR reg. 7(1)",
            extension_reason="eir",
            extension_notice="EISR reg. 7(2)",
            clarification_limit_days=20,
            cost=CostRule(
                provision="EISR reg 10(4)(b)",
                rate_pounds=15,
                limit_pounds=_SCOTTISH_FEES,
                statutory=False,
                source="no cost limit: manifestly unreasonable, the FOISA fees limit as a guide "
                "(Scottish Information Commissioner guidance on reg. 10(4)(b))",
            ),
        ),
    }
)
"""Every regime by law."""

LAW_NAMES: Mapping[Law, str] = MappingProxyType({law: r.name for law, r in REGIMES.items()})
"""``FOIA``, ``EIR``, ``FOISA``, ``EISR`` by law."""


def regime(law: Law | str) -> Regime:
    """The regime of a law or its value (``"eisr"``)."""
    return REGIMES[Law(law)]


def regime_of_code(code: str) -> Regime:
    """The regime an exemption code belongs to, by its prefix (``sr`` before ``s``)."""
    for prefix, law in (("fs", Law.FOISA), ("sr", Law.EISR), ("r", Law.EIR)):
        if code.startswith(prefix):
            return REGIMES[law]
    return REGIMES[Law.FOI]
