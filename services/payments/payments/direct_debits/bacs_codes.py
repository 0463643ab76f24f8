"""Bacs report reason codes and what each means for a mandate (Bacs Service User Guide)."""

from __future__ import annotations

ARUDD = {
    "0": "Refer to payer", "1": "Instruction cancelled", "2": "Payer deceased", "3": "Account transferred",
    "4": "Advance notice disputed", "5": "No account", "6": "No instruction", "7": "Amount differs",
    "8": "Amount not yet due", "9": "Presentation overdue", "A": "Service user differs", "B": "Account closed",
}
# Unpaid because the payer lacked funds: may be presented again (with the payer told).
ARUDD_REPRESENTABLE = {"0"}
# Unpaid because the instruction is gone: the mandate is finished.
ARUDD_CANCELS = {"1", "2", "3", "5", "6", "B"}

ADDACS = {
    "0": "Instruction cancelled - refer to payer", "1": "Instruction cancelled by payer", "2": "Payer deceased",
    "3": "Account transferred to a new bank", "B": "Account closed", "C": "Account transferred to a new branch",
    "D": "Advance notice disputed", "E": "Instruction amended", "R": "Instruction reinstated",
}
ADDACS_CANCELS = {"0", "1", "2", "B"}
ADDACS_AMENDS = {"3", "C", "E"}
ADDACS_REINSTATES = {"R"}

AUDDIS = {
    "1": "Instruction cancelled by payer", "2": "Payer deceased", "3": "Account transferred",
    "5": "No account", "6": "No instruction", "B": "Account closed", "C": "Account transferred to a new branch",
    "F": "Invalid account type", "G": "Bank will not accept Direct Debits on account",
    "H": "Instruction has expired", "I": "Payer reference is not unique", "K": "Instruction cancelled by paying bank",
    "L": "Incorrect payer's account details", "M": "Transfer to paying bank", "N": "Transaction code incompatible",
    "O": "Invalid reference", "P": "Payer's name not present", "Q": "Service user's name blank",
}


def describe(table: dict[str, str], code: str) -> str:
    return table.get(code, f"unknown reason code {code!r}")
