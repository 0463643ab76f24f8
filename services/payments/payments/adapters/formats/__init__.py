"""One adapter per income file format: ``parse(path, source_system)`` yields a Record or a
Rejected per line and raises FileStructureError for a file that cannot be used at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path

from payments.adapters.formats import bacs_reports, benefit_schedules, camt053, cash_csv
from payments.domain.income import Record, Rejected

Parser = Callable[[Path, str], Iterator[Record | Rejected]]


class FileFormat(StrEnum):
    CASH_CSV = "cash_csv"
    CAMT053 = "camt053"
    HB_SCHEDULE = "hb_schedule"
    UC_SCHEDULE = "uc_schedule"
    ARUDD = "arudd"
    ADDACS = "addacs"
    AUDDIS = "auddis"


PARSERS: dict[FileFormat, Parser] = {
    FileFormat.CASH_CSV: cash_csv.parse,
    FileFormat.CAMT053: camt053.parse,
    FileFormat.HB_SCHEDULE: benefit_schedules.parse_hb,
    FileFormat.UC_SCHEDULE: benefit_schedules.parse_uc,
    FileFormat.ARUDD: bacs_reports.parse_arudd,
    FileFormat.ADDACS: bacs_reports.parse_addacs,
    FileFormat.AUDDIS: bacs_reports.parse_auddis,
}

# Formats with a cheaper check of structure alone (else the first pass runs the parser).
STRUCTURE_CHECKS: dict[FileFormat, Callable[[Path], None]] = {FileFormat.CASH_CSV: cash_csv.check_structure}

# The source system a format's payments are keyed under when the sender does not say.
DEFAULT_SOURCE = {
    FileFormat.CASH_CSV: "cash_receipting",
    FileFormat.CAMT053: "bank",
    FileFormat.HB_SCHEDULE: "housing_benefit",
    FileFormat.UC_SCHEDULE: "universal_credit",
    FileFormat.ARUDD: "bacs",
    FileFormat.ADDACS: "bacs",
    FileFormat.AUDDIS: "bacs",
}
