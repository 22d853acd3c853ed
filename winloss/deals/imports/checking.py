"""First pass over a deal file: read every row into a checked record, without the database.

Records are spooled to a temporary file in chunks, so a 100,000-row file is never held in
memory, and the second pass (``saving``) can hold the database's write lock only for as long
as writing takes. What this pass cannot settle alone it leaves to the second: dates such as
``03/04/2025`` stay ``AmbiguousDate`` until the whole file has shown its convention.
"""

import datetime as dt
import hashlib
import pickle
import re
from collections.abc import Callable
from typing import Any

from winloss.deals.models import CLOSED_OUTCOMES, Outcome
from winloss.lib.tables.reading import Table

from .dates import DateConvention
from .errors import ImportFailed, RowError, ValueProblem
from .formats import Mapping, normalise
from .outcomes import StageRules, given_outcome
from .records import (
    AT,
    CHUNK,
    MAX_LENGTH,
    NOT_A_COMPETITOR,
    REASONS,
    RECORD,
    TEXT_FIELDS,
    Checked,
    SeenIds,
    chosen_reason,
    packed,
)
from .values import (
    DATE_ORDERS,
    DMY,
    MDY,
    parse_amount,
    parse_bool,
)

_STAGE, _OUTCOME, _AMOUNT, _CURRENCY = AT["stage"], AT["outcome"], AT["amount"], AT["currency"]
_CLOSE, _EMAIL, _COMPETITOR = AT["close_date"], AT["owner_email"], AT["competitor"]
_REASON, _DISPUTE = AT["rep_stated_reason"], AT["open_dispute"]
_WIDTH = len(RECORD)
_CLOSED = frozenset(o.value for o in CLOSED_OUTCOMES)
# An amount as most exports write it (digits, at most two decimals): kept as text.
_SIMPLE_AMOUNT = re.compile(r"\d{1,14}(?:\.\d{1,2})?\Z")
# What the first pass remembers of each row, to find repeats: its CRM id (as Python's 64-bit
# hash) -> its fingerprint and row number packed in one int (``SeenIds``).
_ROW_BITS = 21  # row numbers up to 2,097,151 (MAX_ROWS is 1,000,000)
_ROW_MASK = (1 << _ROW_BITS) - 1
_FINGERPRINT = (1 << 40) - 1


def check_rows(
    table: Table,
    mapping: Mapping,
    *,
    rules: StageRules,
    date_order: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ImportFailed(f"The date order must be {DMY} or {MDY}, not {date_order!r}.")
    checker = _RowChecker(table, mapping, rules=rules, date_order=date_order)
    checked = checker.checked
    try:
        for number, cells in table.rows():
            checker.check(number, cells)
            if len(checker.pending) >= CHUNK:
                checker.flush()
            if progress is not None and checked.rows % CHUNK == 0:
                progress(checked.rows, max(table.estimated_rows, checked.rows))
        checker.flush()
        checked.date_order = checker.dates_seen.settle()
    except BaseException:
        checked.close()
        raise
    finally:
        checker.seen.close()
    if progress is not None:
        progress(checked.rows, checked.rows)
    return checked


class _RowChecker:
    def __init__(
        self, table: Table, mapping: Mapping, *, rules: StageRules, date_order: str | None
    ) -> None:
        self.checked = Checked()
        self.rules = rules
        self.headers = table.headers
        self.width = len(table.headers)
        index = {header: i for i, header in enumerate(table.headers)}
        self.columns = {name: (index[header], header) for header, name in mapping.columns.items()}
        # Everything a row needs is worked out here once: (record position, cell index, ...).
        self.text = [
            (AT[name], i, header, MAX_LENGTH.get(name) or 10_000)
            for name, (i, header) in self.columns.items()
            if name in TEXT_FIELDS and name in AT and name != "crm_id"
        ]
        self.reasons = [
            (name, i, header) for name, (i, header) in self.columns.items() if name in REASONS
        ]
        self.dates = [
            (AT[name], *self.columns[name])
            for name in ("created_date", "close_date")
            if name in self.columns
        ]
        self.close_date = self.columns.get("close_date")
        self.amount = self.columns.get("amount")
        self.flags = [
            (name, *self.columns[name])
            for name in ("is_won", "is_closed", "open_dispute")
            if name in self.columns
        ]
        self.given = self.columns.get("outcome")
        self.outcome_column = (
            self.columns.get("stage") or self.columns.get("is_won") or self.given or (0, "")
        )
        self.has_is_won = "is_won" in self.columns
        # (stage, is_won, is_closed) -> outcome: a file has a handful of combinations.
        self.outcomes: dict[tuple, str] = {}
        self.has_is_closed = "is_closed" in self.columns
        self.derive_id = "crm_id" not in self.columns
        # Derived ids hash the row by column name, so a re-export with its columns in another
        # order keeps its ids.
        self.hash_order = sorted(range(self.width), key=lambda i: normalise(self.headers[i]))
        self.seen = SeenIds()
        # Rows checked since the last flush: (number, id key, fingerprint and number packed
        # in one int, record or None, problems, the row's cells). The cells are kept until
        # the flush because a row found valid can still be rejected there, as a repeat.
        self.pending: list[
            tuple[int, int | None, int, tuple | None, list[RowError], list[str]]
        ] = []
        self.dates_seen = DateConvention(date_order)

    def check(self, number: int, cells: list[str]) -> None:
        """Check one row into ``pending``; ``flush`` settles repeats and keeps the result."""
        self.checked.rows += 1
        problems: list[RowError] = []
        if len(cells) > self.width:
            problems.append(
                RowError(number, "", "", f"The row has {len(cells)} values but the header has "
                         f"{self.width} columns; check for an unquoted separator.")
            )  # fmt: skip
            self.pending.append((number, None, 0, None, problems, cells))
            return
        crm_id, key, packed_row = self._identify(number, cells, problems)
        if key is None:
            self.pending.append((number, None, 0, None, problems, cells))
            return
        record: list[Any] = [None] * _WIDTH
        record[0], record[1] = number, crm_id
        for at, i, header, limit in self.text:
            text = cells[i].strip()
            if len(text) > limit:
                problems.append(
                    RowError(number, header, text[:80], f"Longer than {limit} characters.")
                )
            record[at] = text
        for at, i, header in self.dates:
            text = cells[i]
            # ISO dates and Salesforce timestamps, most of any file, skip the general parser.
            if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[10:11] in ("", "T"):
                try:
                    record[at] = dt.date.fromisoformat(text[:10]).toordinal()
                    continue
                except ValueError:
                    pass
            record[at] = packed(self.dates_seen.read(number, text, header, problems))
        if self.amount is not None:
            text = cells[self.amount[0]]
            if _SIMPLE_AMOUNT.match(text):
                record[_AMOUNT] = text  # text pickles ten times faster than a Decimal
            else:
                self._amount(number, text, self.amount[1], record, problems)
        flags: dict[str, bool] = {}
        for name, i, header in self.flags:
            text = cells[i]
            if text == "" or text == "1":  # Salesforce's checkboxes, the usual case
                flags[name] = text == "1"
                continue
            try:
                flags[name] = parse_bool(text)
            except ValueProblem as problem:
                problems.append(RowError(number, header, text, str(problem)))
        combo = (
            record[_STAGE] or "",
            flags.get("is_won", False) if self.has_is_won else None,
            flags.get("is_closed", False) if self.has_is_closed else None,
        )
        outcome: str | None
        if self.given is not None and (text := cells[self.given[0]].strip()):
            try:
                outcome = given_outcome(text)
            except ValueProblem as problem:
                problems.append(RowError(number, self.given[1], text, str(problem)))
                outcome = Outcome.OPEN.value  # the row is rejected; later checks need one
        else:
            outcome = self.outcomes.get(combo)
        if outcome is None:
            try:
                outcome = self.outcomes[combo] = self.rules.outcome(
                    combo[0], is_won=combo[1], is_closed=combo[2]
                )
            except ValueProblem as problem:
                problems.append(RowError(number, self.outcome_column[1], "", str(problem)))
        record[_OUTCOME] = outcome
        if record[_CURRENCY] or record[_EMAIL] or (outcome in _CLOSED and record[_CLOSE] is None):
            self._more_checks(number, record, problems)
        if problems:
            self.pending.append((number, key, packed_row, None, problems, cells))
            return
        if self.reasons:
            record[_REASON] = chosen_reason(
                {n: cells[i].strip() for n, i, _ in self.reasons}, outcome
            )
        competitor = record[_COMPETITOR]
        if competitor and competitor.casefold() in NOT_A_COMPETITOR:
            record[_COMPETITOR] = ""
        if record[_CURRENCY]:
            record[_CURRENCY] = record[_CURRENCY].upper()
        record[_DISPUTE] = flags.get("open_dispute")
        self.pending.append((number, key, packed_row, tuple(record), problems, cells))

    def flush(self) -> None:
        """Settle the pending rows against every earlier one, keep their records and errors.

        A row that repeats an earlier row exactly is counted once; a row that reuses an
        earlier row's CRM id with other values is an error.
        """
        checked, pending = self.checked, self.pending
        earlier = self.seen.earlier([entry[1] for entry in pending if entry[1] is not None])
        new: dict[int, int] = {}
        chunk = []
        for number, key, packed_row, record, problems, cells in pending:
            if key is not None:
                first = earlier.get(key) or new.get(key)
                if first is None:
                    new[key] = packed_row
                elif first >> _ROW_BITS == packed_row >> _ROW_BITS:
                    checked.duplicates += 1
                    checked.warnings.row(
                        "duplicate", number, "repeat an earlier row exactly and were counted once"
                    )
                    continue
                else:
                    header = self.columns.get("crm_id", (0, ""))[1]
                    problems = [
                        RowError(number, header, "", f"Row {first & _ROW_MASK} has the same CRM "
                                 "id with different values; a deal can appear only once in a file.")
                    ]  # fmt: skip
            if problems:
                checked.reject(number, cells, problems)
            elif record is not None:
                chunk.append(record)
        self.seen.add(new)
        checked.valid += len(chunk)
        if chunk:
            pickle.dump(chunk, checked.spool, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending = []

    def _amount(self, number: int, text: str, header: str, record: list, problems: list) -> None:
        try:
            amount, code = parse_amount(text)
        except ValueProblem as problem:
            problems.append(RowError(number, header, text, str(problem)))
            return
        record[_AMOUNT] = None if amount is None else str(amount)
        if code and not record[_CURRENCY]:
            record[_CURRENCY] = code

    def _identify(
        self, number: int, cells: list[str], problems: list[RowError]
    ) -> tuple[str, int | None, int]:
        """The row's CRM id, the key repeats are found by, and its fingerprint and number."""
        if self.derive_id:
            content = "\x1f".join(
                f"{self.headers[i]}\x1e{cells[i].strip()}" for i in self.hash_order
            )
            crm_id = "row-" + hashlib.blake2b(content.encode(), digest_size=10).hexdigest()
            fingerprint = 0  # the id is the content: the same id is the same row
        else:
            i, header = self.columns["crm_id"]
            crm_id = cells[i].strip()
            if not crm_id:
                problems.append(RowError(number, header, "", "The CRM id is empty."))
                return crm_id, None, 0
            if len(crm_id) > MAX_LENGTH["crm_id"]:
                limit = MAX_LENGTH["crm_id"]
                problems.append(
                    RowError(number, header, crm_id[:80], f"Longer than {limit} characters.")
                )
                return crm_id, None, 0
            fingerprint = hash("\x1f".join(cells)) & _FINGERPRINT
        return crm_id, hash(crm_id), (fingerprint << _ROW_BITS) | number

    def _more_checks(self, number: int, record: list, problems: list[RowError]) -> None:
        if (
            record[_OUTCOME] in _CLOSED
            and self.close_date is not None
            and record[_CLOSE] is None
            and not any(p.column == self.close_date[1] for p in problems)
        ):
            label = Outcome(record[_OUTCOME]).label.lower()
            problems.append(
                RowError(number, self.close_date[1], "", f"A deal {label} needs a close date.")
            )
        currency = record[_CURRENCY]
        if currency and (len(currency) != 3 or not currency.isalpha()):
            header = self.columns.get("currency", (0, "currency"))[1]
            problems.append(
                RowError(number, header, currency, "Not a currency code such as USD or EUR.")
            )
        email = record[_EMAIL]
        if email and ("@" not in email or " " in email):
            header = self.columns["owner_email"][1]
            problems.append(RowError(number, header, email, "Not an email address."))
