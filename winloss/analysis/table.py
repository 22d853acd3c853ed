"""The two reads every figure of the Analyse page comes from.

1. One row per validated interview in scope: its deal, outcome, the value of every cut, the
   rep's reason and the deal's rival. A deal heard from several people has several rows;
   ``Table.per_deal`` folds them into one for the figures that count deals.
2. One row per interview from the coding summary (``InterviewThemeSummary``): which
   (theme, direction) codes it cites, packed into 62-bit masks, and its buyer's primary theme.

Both are a GROUP BY or a plain read in the database, so the query count stays flat and each
read returns one row per interview (10,000 rows at 10,000 interviews) instead of the 250,000
excerpts. The cross-tabulations (drivers by outcome, every cut, every wave) are then matrix
products over an interviews × codes boolean matrix: a SQL GROUP BY per cut costs a sort of
every (interview, code) row each time, which on SQLite alone took longer than the page's
budget.
"""

from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import BigIntegerField, Case, F, IntegerField, Max, Sum, Value, When
from django.db.models.functions import Cast

from winloss.coding.models import Direction, InterviewThemeSummary, Theme
from winloss.deals.models import DecisionRole

from .scope import CUTS, Scope

WIN, LOSS = Direction.WIN_DRIVER.value, Direction.LOSS_DRIVER.value
SPAN = 31  # themes per mask column: two bits each (loss, win) in a signed 64-bit integer
RANK_BITS = 31  # the primary-theme key: excerpts above, the codebook rank below


@dataclass(frozen=True)
class Code:
    theme_id: int
    direction: str


@dataclass
class Table:
    """Interviews as rows, codes as columns. Object arrays hold text (None when missing)."""

    ids: np.ndarray
    program: np.ndarray
    entry: np.ndarray  # the sample entry (deal) each interview heard
    outcome: np.ndarray
    cuts: dict[str, np.ndarray]
    owner: np.ndarray
    team: np.ndarray
    rep_reason: np.ndarray  # the debrief's theme slug
    crm_reason: np.ndarray  # the CRM's free text
    rival: np.ndarray  # the deal's primary competitor
    codes: list[Code]
    cited: np.ndarray  # bool, len(ids) × len(codes)
    best_win: np.ndarray  # theme id with most win-driver excerpts, 0 when none
    best_loss: np.ndarray  # the same for loss drivers
    themes: dict[int, Theme] = field(default_factory=dict)

    def rows(self, keep: np.ndarray) -> "Table":
        """The same table limited to the rows where ``keep`` is true."""
        return Table(
            ids=self.ids[keep],
            program=self.program[keep],
            entry=self.entry[keep],
            outcome=self.outcome[keep],
            cuts={k: v[keep] for k, v in self.cuts.items()},
            owner=self.owner[keep],
            team=self.team[keep],
            rep_reason=self.rep_reason[keep],
            crm_reason=self.crm_reason[keep],
            rival=self.rival[keep],
            codes=self.codes,
            cited=self.cited[keep],
            best_win=self.best_win[keep],
            best_loss=self.best_loss[keep],
            themes=self.themes,
        )

    def of_program(self, program_id: int) -> "Table":
        return self.rows(self.program == program_id)

    @property
    def deals(self) -> int:
        return len(np.unique(self.entry))

    def per_deal(self) -> "Table":
        """One row per deal: a deal heard from several people counts once, and cites a code
        when any of its interviews does. What describes the deal (outcome, region, tier …) is
        the same on each of its rows; what differs per voice (respondent role, interviewer,
        primary theme) is the first interview's, so voice cuts read the interview table."""
        if len(self.entry) == self.deals:
            return self
        _deals, first, inverse = np.unique(self.entry, return_index=True, return_inverse=True)
        table = self.rows(first)
        cited = np.zeros((len(first), len(self.codes)), dtype=bool)
        np.logical_or.at(cited, inverse, self.cited)
        table.cited = cited
        return table

    def buyer_primary(self) -> np.ndarray:
        """Each interview's primary theme: most excerpts in the direction that decided it
        (win drivers for a won deal, loss drivers otherwise); 0 when it has none."""
        return np.where(self.outcome == "won", self.best_win, self.best_loss)

    def rolled_up(self) -> "Table":
        """Sub-theme roll-up: a parent theme's column counts interviews citing it or any
        theme below it (same direction), so its share is never the sum of overlapping
        children. Children keep their own columns."""
        if not any(self.ancestors(code.theme_id) for code in self.codes):
            return self
        codes, columns = list(self.codes), [self.cited[:, i] for i in range(len(self.codes))]
        for i, code in enumerate(self.codes):
            for ancestor in self.ancestors(code.theme_id):
                parent = Code(ancestor, code.direction)
                if parent not in codes:
                    codes.append(parent)
                    columns.append(np.zeros(len(self.ids), dtype=bool))
                j = codes.index(parent)
                columns[j] = columns[j] | self.cited[:, i]
        table = self.rows(np.ones(len(self.ids), dtype=bool))
        table.codes = codes
        table.cited = np.stack(columns, axis=1)
        return table

    def ancestors(self, theme_id: int) -> list[int]:
        found, theme = [], self.themes.get(theme_id)
        while theme is not None and theme.parent_id and theme.parent_id not in found:
            found.append(theme.parent_id)
            theme = self.themes.get(theme.parent_id)
        return found

    def children(self, theme_id: int) -> list[Theme]:
        return [t for t in self.themes.values() if theme_id in self.ancestors(t.pk)]

    def column(self, code: Code) -> np.ndarray:
        try:
            return self.cited[:, self.codes.index(code)]
        except ValueError:
            return np.zeros(len(self.ids), dtype=bool)


def ordered_themes(workspace) -> list[Theme]:
    """The workspace's themes in codebook order, merged and inactive ones too (old codes)."""
    return list(Theme.objects.filter(workspace=workspace).order_by("position", "pk"))


def read_table(scope: Scope, programs: list | None = None, *, bands=None) -> Table:
    """The two reads for ``scope``'s filters over ``programs`` (the scope's own by default:
    trends pass the chain of waves). ``bands`` is the program's deal-size bands, for the cut."""
    programs = programs or [scope.program]
    interviews = scope.interviews_of(programs)
    themes = ordered_themes(scope.program.workspace)
    names, people = _interview_rows(interviews, bands)
    columns = dict(zip(names, zip(*people, strict=True), strict=True)) if people else {}

    def text(name: str) -> np.ndarray:
        return np.array(columns.get(name, ()), dtype=object)

    ids = np.array(columns.get("pk", ()), dtype=np.int64)
    codes, cited, best_win, best_loss = _coding_rows(interviews, programs, themes, ids)
    cut_values = {key: text(path) for key, (_label, path) in CUTS.items()}
    roles = cut_values["respondent_role"]
    cut_values["respondent_role"] = np.array(
        [DecisionRole(r).label if r in DecisionRole.values else r for r in roles], dtype=object
    )
    return Table(
        ids=ids,
        program=np.array(columns.get("program_id", ()), dtype=np.int64),
        entry=np.array(columns.get("entry_id", ()), dtype=np.int64),
        outcome=text("entry__outcome"),
        cuts=cut_values,
        owner=text("entry__deal__owner_name"),
        team=text("entry__deal__owner_team"),
        crm_reason=text("entry__deal__rep_stated_reason"),
        rep_reason=text("entry__debrief__main_reason"),
        rival=text(CUTS["competitor"][1]),  # the competitor cut is the deal's rival
        codes=codes,
        cited=cited,
        best_win=best_win,
        best_loss=best_loss,
        themes={t.pk: t for t in themes},
    )


def _fetch(queryset) -> list[tuple]:
    """The rows as the database returns them: at 10,000 rows Django's per-value converters
    cost more than the query. Only for columns that need no conversion (ints, text)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _interview_rows(interviews, bands) -> tuple[list[str], list[tuple]]:
    band = bands.expression("entry__deal__amount") if bands else Value(None, IntegerField())
    fields = [
        "pk",
        "program_id",
        "entry_id",
        "entry__outcome",
        *(path for _label, path in CUTS.values() if path != "size_band"),
        "entry__deal__owner_name",
        "entry__deal__owner_team",
        "entry__deal__rep_stated_reason",
        "entry__debrief__main_reason",
    ]
    # The annotation last: that is where the SQL puts it.
    rows = interviews.annotate(size_band=band).order_by("pk").values_list(*fields, "size_band")
    return [*fields, "size_band"], _fetch(rows)


def _spans(theme_ids: list[int]) -> list[int]:
    """Start ids of the runs of SPAN consecutive ids that cover ``theme_ids`` (one mask
    column each): a codebook made at once has consecutive ids, so usually one or two."""
    starts: list[int] = []
    for pk in sorted(theme_ids):
        if not starts or pk >= starts[-1] + SPAN:
            starts.append(pk)
    return starts


def _coding_rows(interviews, programs, themes: list[Theme], ids: np.ndarray):
    starts = _spans([t.pk for t in themes])
    is_win = Case(When(direction=WIN, then=Value(1)), default=Value(0))
    one = Cast(Value(1), BigIntegerField())
    masks = {
        f"m{i}": Cast(
            Sum(
                Case(
                    When(
                        theme_id__gte=start,
                        theme_id__lt=start + SPAN,
                        # PostgreSQL shifts a bigint by an integer only.
                        then=one.bitleftshift(
                            # The stubs say int; Django shifts by an expression as well.
                            Cast((F("theme_id") - start) * 2 + is_win, IntegerField())  # type: ignore[arg-type]
                        ),
                    ),
                    default=Value(0),
                    output_field=BigIntegerField(),
                )
            ),
            BigIntegerField(),
        )
        for i, start in enumerate(starts)
    }
    # Most excerpts wins; a tie goes to the theme first in the codebook. Themes are numbered
    # in codebook order when made, so the id usually is the order and no CASE is needed.
    top = 2**RANK_BITS - 1
    if [t.pk for t in themes] == sorted(t.pk for t in themes):
        rank = top - F("theme_id")
        by_rank = {top - t.pk: t.pk for t in themes}
    else:
        rank = Case(
            *[When(theme_id=t.pk, then=Value(top - i)) for i, t in enumerate(themes)],
            default=Value(0),
            output_field=BigIntegerField(),
        )
        by_rank = {top - i: t.pk for i, t in enumerate(themes)}
    key = F("excerpts") * (2**RANK_BITS) + rank
    best = {
        name: Max(Case(When(direction=direction, then=key), output_field=BigIntegerField()))
        for name, direction in (("best_win", WIN), ("best_loss", LOSS))
    }
    rows = _fetch(
        InterviewThemeSummary.objects.filter(
            program__in=programs,
            direction__in=[WIN, LOSS],
            interview__in=interviews.values("pk"),
        )
        .order_by()
        .values_list("program_id", "interview_id")
        .annotate(**masks, **best)
    )
    n = len(ids)
    cited = np.zeros((n, 2 * SPAN * len(starts)), dtype=bool)
    best_win = np.zeros(n, dtype=np.int64)
    best_loss = np.zeros(n, dtype=np.int64)
    if rows:
        found = np.array([r[1] for r in rows], dtype=np.int64)
        # A row whose interview changed between the two reads is skipped, not misplaced.
        where = np.searchsorted(ids, found).clip(0, max(n - 1, 0))
        known = ids[where] == found if n else np.zeros(len(rows), dtype=bool)
        bits = np.arange(2 * SPAN, dtype=np.uint64)
        for i in range(len(starts)):
            values = np.array([int(r[2 + i] or 0) for r in rows], dtype=np.uint64)
            block = ((values[:, None] >> bits) & np.uint64(1)).astype(bool)
            cited[where[known], i * 2 * SPAN : (i + 1) * 2 * SPAN] = block[known]
        for target, offset in ((best_win, 0), (best_loss, 1)):
            index = 2 + len(starts) + offset
            theme = [0 if r[index] is None else by_rank.get(int(r[index]) & top, 0) for r in rows]
            target[where[known]] = np.array(theme, dtype=np.int64)[known]
    codes: list[Code] = []
    keep: list[int] = []
    known_ids = {t.pk for t in themes}
    for i, start in enumerate(starts):
        for bit in range(2 * SPAN):
            theme_id = start + bit // 2
            column = i * 2 * SPAN + bit
            if theme_id in known_ids and cited[:, column].any():
                codes.append(Code(theme_id, WIN if bit % 2 else LOSS))
                keep.append(column)
    return codes, cited[:, keep], best_win, best_loss
