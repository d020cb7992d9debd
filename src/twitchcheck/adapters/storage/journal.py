"""Where the journal lives: SQLite by default (one file in the user's data directory), PostgreSQL by URL.

Every change is one transaction, so a journal is never half-written: an import either adds all of its new
events or none, even if the process is killed midway (SQLite runs in WAL mode with full syncs). Every change
is also recorded as an operation, so `undo` can take back the latest one.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError

from twitchcheck.adapters.storage.journal_tables import (
    DEFAULT_JOURNAL,
    HEAD_REVISION,
    AlertRow,
    CoachEmailRow,
    EventRow,
    EventSourceRow,
    OperationRow,
    RevisionRow,
    SettingRow,
    StatusRow,
)
from twitchcheck.adapters.storage.location import resolve_url
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.jsonin import JsonInputError, loads
from twitchcheck.journal.events import Event, History, parse_event, parse_events, resolve_at
from twitchcheck.journal.plausible import check_plausible
from twitchcheck.services.watch import Alert, NewAlert, StoredStatus, coach_json

_MIGRATIONS = Path(__file__).with_name("migrations")
_CHUNK = 500
_WRITE = "twitchcheck_write"
_BATCH = 5000


ProgressFn = Callable[[int, int], None]
"""Called with (done, total) during a long write."""


class JournalError(RuntimeError):
    """The journal cannot be opened or changed; the message says which and why, without a traceback."""


@dataclass(frozen=True, slots=True)
class Stored:
    """An event as kept in the journal: its number (for show/edit/delete) and the operation that added it."""

    seq: int
    event: Event
    added_by: int
    deleted_by: int | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    seq: int
    kind: str
    created_at: datetime
    summary: str
    undone: bool


@dataclass(frozen=True, slots=True)
class ImportResult:
    read: int
    added: int
    already_there: int
    operation: int | None
    seqs: tuple[int, ...] = ()
    """The numbers of the events added."""


# -- where ------------------------------------------------------------------------------------------------


def describe(url: str) -> str:
    """The URL fit to print: a file path for SQLite, the URL without its password otherwise."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return parsed.render_as_string(hide_password=True)


# -- keys -------------------------------------------------------------------------------------------------


def content_key(contract: Mapping[str, Any], occurrence: int = 0) -> str:
    """The key of an event without an `id`: a digest of its content (and which copy of it in one file)."""
    digest = hashlib.sha256(json.dumps(contract, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return f"sha256:{digest[:40]}" + (f"#{occurrence}" if occurrence else "")


_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _dump(contract: Mapping[str, Any]) -> str:
    """One JSON Lines line: readable UTF-8, with the characters some readers take as line breaks escaped."""
    return json.dumps(contract, ensure_ascii=False, separators=(", ", ": ")).translate(_LINE_BREAKS)


_OFFSET = re.compile(r"(Z|[+-][0-9]{2}:[0-9]{2})$")


def portable_at(at: str, zone: tzinfo) -> str:
    """`at` as export writes it: a local time gets the journal's UTC offset at that moment, so that it means
    the same instant in a journal in any other time zone; a date alone stays a date (a day is a day)."""
    if "T" not in at or _OFFSET.search(at):
        return at
    offset = resolve_at(at, zone).strftime("%z")
    return f"{at}{offset[:3]}:{offset[3:]}"


def stored_at(at: str, zone: tzinfo) -> str:
    """`at` as the journal keeps it: an offset that is the journal's own at that moment is dropped, so that a
    re-imported export is the same event as the one exported; any other offset stays."""
    match = _OFFSET.search(at)
    if "T" not in at or match is None:
        return at
    local = at[: match.start()]
    return local if portable_at(local, zone) == at else at


def _utc(event: Event, zone: tzinfo) -> datetime:
    return resolve_at(event.at, zone).astimezone(UTC).replace(tzinfo=None)


# -- reading JSON Lines -----------------------------------------------------------------------------------


def read_jsonl(lines: Iterable[str]) -> list[Event]:
    """Every event of a JSON Lines text; InputError naming every bad line by number and field otherwise.

    Blank lines are allowed, and a byte-order mark before the first line. Nothing is half-read: one bad line
    rejects the whole input. An event repeated with the same `id` is kept once.
    """
    return [event for _, event in read_numbered(lines)]


def read_numbered(lines: Iterable[str]) -> list[tuple[int, Event]]:
    """`read_jsonl`, with each event's line number."""
    events: list[tuple[int, Event]] = []
    problems: list[FieldProblem] = []
    ids: dict[str, tuple[int, Event]] = {}
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # Windows editors start UTF-8 files with a BOM
        if not line.strip():
            continue
        try:
            event = parse_event(loads(line))
            if event.id is not None and event.id in ids:
                first, earlier = ids[event.id]
                if earlier != event:
                    message = f"{event.id!r} is already used on line {first} for a different event"
                    problems.append(FieldProblem(f"line {number}: id", message))
                continue  # the same event twice: once is enough
            if event.id is not None:
                ids[event.id] = (number, event)
            events.append((number, event))
        except JsonInputError as error:
            problems.append(FieldProblem(f"line {number}", str(error)))
        except InputError as error:
            problems.extend(FieldProblem(f"line {number}: {p.field}", p.message) for p in error.problems)
    if problems:
        raise InputError(problems, "journal file")
    return events


# -- the journal ------------------------------------------------------------------------------------------


def _sqlite_pragmas(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN; take control so that each `begin()` is one real
    # transaction (the SQLAlchemy documentation's recipe), in WAL mode with full syncs for crash safety.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=10000")  # first: switching to WAL needs the lock, and may wait
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # Writers take the write lock at once (no deadlock between two upgrading readers); readers do not,
        # so that a long import never blocks `journal list` (WAL lets them read the last committed state).
        writing = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction on any engine of `open_engine` (on SQLite it takes the write lock at once)."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


def purge_journal(connection: Connection, name: str) -> None:
    """Delete every row of the journal `name` (events, their sources, operations, settings) in the caller's
    transaction."""
    connection.execute(delete(EventSourceRow).where(EventSourceRow.journal == name))
    connection.execute(delete(EventRow).where(EventRow.journal == name))
    connection.execute(delete(OperationRow).where(OperationRow.journal == name))
    connection.execute(delete(SettingRow).where(SettingRow.journal == name))
    its_alerts = select(AlertRow.id).where(AlertRow.journal == name).scalar_subquery()
    connection.execute(delete(CoachEmailRow).where(CoachEmailRow.alert_id.in_(its_alerts)))
    connection.execute(delete(AlertRow).where(AlertRow.journal == name))
    connection.execute(delete(StatusRow).where(StatusRow.journal == name))
    connection.execute(delete(RevisionRow).where(RevisionRow.journal == name))


def upsert(connection: Connection) -> Any:
    """The dialect's INSERT with ON CONFLICT (SQLite and PostgreSQL both have it)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def bump_revision(connection: Connection, name: str) -> None:
    """Raise the journal's revision in the caller's (write) transaction: its stored status is now stale."""
    statement = (
        upsert(connection)(RevisionRow)
        .values(journal=name, revision=1)
        .on_conflict_do_update(index_elements=["journal"], set_={"revision": RevisionRow.revision + 1})
    )
    connection.execute(statement)


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None else None


def alert_from_row(row: Any) -> Alert:
    """An alert row as the services take it."""
    data = json.loads(row.data)
    return Alert(
        level=row.level,
        previous_level=row.previous_level,
        red_flags=list(data.get("red_flags", [])),
        warnings=list(data.get("warnings", [])),
        id=int(row.id),
        journal=str(row.journal),
        created_at=row.created_at.replace(tzinfo=UTC),
        seen_at=_aware(row.seen_at),
        emailed_at=_aware(row.emailed_at),
    )


def migrate(engine: Engine, where: str) -> None:
    """Bring the database's tables to the newest version (Alembic); nothing is written when they are current.

    A database that holds other tables but no journal, or a journal made by a newer twitchcheck, is refused.
    """
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        versioned = inspect(connection).has_table("alembic_version")
        if versioned and connection.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION:
            return  # current: Alembic (a sixth of a second to import) is not needed
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    if current == head:
        return
    if current is None and tables:
        shown = ", ".join(sorted(tables)[:5])
        raise JournalError(f"{where} is not a twitchcheck journal: it already holds other tables ({shown})")
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise JournalError(
            f"the journal at {where} was made by a newer twitchcheck (version {current}); upgrade"
        )
    with engine.connect() as connection:
        connection = connection.execution_options(**{_WRITE: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":  # two first opens at once: one migrates, one waits
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7346215)")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def open_engine(location: str | None = None, *, create: bool = True) -> Engine:
    """The database at a path or URL (see `resolve_url`), migrated to the newest tables; JournalError if not.

    One engine can serve many journals (`Journal(engine, name)`), as the web app does. `create=False` refuses
    a SQLite file that does not exist yet.
    """
    if location is not None and not location.strip():
        raise JournalError("--db is empty: give a file path or a database URL")
    url = resolve_url(location)
    shown = _masked(location or url)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if not parsed.database or parsed.database == ":memory:":
                raise JournalError(f"{shown}: an in-memory database would lose the journal; give a file")
            path = Path(parsed.database)
            if not create and not path.exists():
                raise JournalError(f"there is no journal at {path} yet: log something or import a file first")
            if path.is_dir():
                raise JournalError(f"{path} is a directory; give a file name like {path / 'journal.db'}")
            path.parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: a database error's message (which the web app logs) never carries what someone
        # sent, such as an email or a note.
        engine = create_engine(url, hide_parameters=True)
    except (ArgumentError, ValueError, OSError, ImportError) as error:
        raise JournalError(f"cannot use the journal at {shown}: {_masked(str(error))}") from None
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    try:
        migrate(engine, describe(url))
    except JournalError:
        engine.dispose()
        raise
    except SQLAlchemyError as error:
        engine.dispose()
        raise _cannot_open(url, error) from None
    return engine


def _cannot_open(url: str, error: SQLAlchemyError) -> JournalError:
    """A database error on opening, said plainly, with any password masked."""
    reason = _masked(str(getattr(error, "orig", None) or error)).strip()
    return JournalError(f"cannot open the journal at {describe(url)}: {reason}")


_OPERATION_COLUMNS = (
    OperationRow.seq,
    OperationRow.kind,
    OperationRow.created_at,
    OperationRow.summary,
    OperationRow.undone,
)
"""An operation's columns, in the order of the `Operation` fields."""


class Journal:
    """One person's journal in a database. Open it with `Journal.open(location)`; close it when done."""

    def __init__(self, engine: Engine, name: str = DEFAULT_JOURNAL, *, zone: str | None = None) -> None:
        """A journal in a migrated database (see `open`); several journals (by `name`) can share one."""
        self.engine = engine
        self.name = name
        self._zone: tzinfo | None = None
        self._ensure_zone(zone)

    @classmethod
    def open(
        cls,
        location: str | None = None,
        *,
        name: str = DEFAULT_JOURNAL,
        zone: str | None = None,
        create: bool = True,
    ) -> Journal:
        """Open (migrating as needed) the journal at a path or URL; see `resolve_url`.

        `create=False` refuses a SQLite file that does not exist yet (for commands that only read, so that a
        mistyped path is an error rather than a new empty journal). `zone` sets the time zone for local times
        when the journal is new (default: this machine's).
        """
        engine = open_engine(location, create=create)
        try:
            return cls(engine, name, zone=zone)
        except JournalError:
            engine.dispose()
            raise
        except SQLAlchemyError as error:
            engine.dispose()
            raise _cannot_open(str(engine.url), error) from None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction (on SQLite it takes the write lock at once)."""
        with self.engine.connect() as connection:
            connection = connection.execution_options(**{_WRITE: True})
            with connection.begin():
                yield connection

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def location(self) -> str:
        return describe(self.engine.url.render_as_string(hide_password=False))

    # -- settings

    def _ensure_zone(self, wanted: str | None) -> None:
        query = select(SettingRow.value).where(SettingRow.journal == self.name, SettingRow.name == "zone")
        with self.engine.connect() as connection:
            stored = connection.scalar(query)
        if stored is None:  # a new journal: written once, so that reading never needs the write lock
            with self._writing() as connection:
                stored = connection.scalar(query)
                if stored is None:
                    stored = wanted or _local_zone_name()
                    connection.execute(
                        insert(SettingRow), {"journal": self.name, "name": "zone", "value": stored}
                    )
        try:
            self._zone = ZoneInfo(stored)
        except (ZoneInfoNotFoundError, ValueError):
            raise JournalError(f"the journal's time zone {stored!r} is not known on this machine") from None

    @property
    def zone(self) -> tzinfo:
        """The time zone that local times (without an offset) are read in; fixed when the journal was made."""
        assert self._zone is not None
        return self._zone

    # -- writing

    def add(
        self,
        events: Sequence[Event],
        *,
        kind: str = "log",
        summary: str = "",
        progress: ProgressFn | None = None,
        labels: Sequence[str] | None = None,
        confirmed: bool = False,
    ) -> ImportResult:
        """Add events in one transaction; an event whose `id` is known adds nothing.

        An event without an `id` is kept each time when `kind` is "log" (someone logging now: two identical
        twitches in one minute are two twitches); in an import it is known by its content, so importing the
        same file again adds nothing. A client that may send one event twice gives it an `id`.

        An event whose `id` is already in the journal with different content is a conflict: InputError names
        each one (by `labels`, like "line 12", when given) and nothing is written. So is a strength test or a
        circumference outside its plausible range (a typo?), unless `confirmed`. `progress(done, total)` is
        called as batches are written.
        """
        check_plausible(events, confirmed=confirmed, labels=labels)
        events = list(events)
        rows = self._rows(events, by_content=kind != "log")
        now = datetime.now(UTC).replace(tzinfo=None)
        seqs: list[int] = []
        try:
            with self._writing() as connection:
                self._check_conflicts(connection, rows, events, labels)
                op = self._operation(connection, kind, summary or f"{kind}: {{n}} event(s)", now)
                for start in range(0, len(rows), _BATCH):
                    batch = rows[start : start + _BATCH]
                    for row in batch:
                        row["added_by"] = op
                    seqs += self._insert_new(connection, batch)
                    if progress is not None:
                        progress(min(start + _BATCH, len(rows)), len(rows))
                added = len(seqs)
                if added:
                    bump_revision(connection, self.name)
                if added > 1000 and connection.dialect.name == "postgresql":
                    connection.exec_driver_sql("ANALYZE events")  # fresh statistics for the next lookups
                if added:
                    label = (summary or f"{kind}: {{n}} event(s)").replace("{n}", str(added))
                    connection.execute(
                        update(OperationRow).where(OperationRow.seq == op).values(summary=label)
                    )
                else:  # nothing new: no operation to undo
                    connection.execute(delete(OperationRow).where(OperationRow.seq == op))
        except IntegrityError:
            raise JournalError(
                "the journal changed while adding; nothing was written: run the command again"
            ) from None
        except OperationalError as error:
            raise JournalError(f"nothing was written: {error.orig}") from None
        return ImportResult(len(rows), added, len(rows) - added, op if added else None, tuple(seqs))

    def _check_conflicts(
        self,
        connection: Connection,
        rows: Sequence[Mapping[str, Any]],
        events: Sequence[Event],
        labels: Sequence[str] | None,
    ) -> None:
        """InputError for every event whose `id` the journal already holds with different content."""
        given = {
            row["key"]: index for index, (row, item) in enumerate(zip(rows, events, strict=True)) if item.id
        }
        if not given:
            return
        keys = list(given)
        problems = []
        for start in range(0, len(keys), _CHUNK):
            query = select(EventRow.key, EventRow.data).where(
                EventRow.journal == self.name, EventRow.key.in_(keys[start : start + _CHUNK])
            )
            for key, stored in connection.execute(query):
                index = given[key]
                if stored != rows[index]["data"]:
                    where = labels[index] if labels is not None else f"event {index + 1}"
                    problems.append(
                        FieldProblem(
                            f"{where}: id",
                            f"{key!r} is already in the journal with different content; change the stored "
                            "event with `journal edit`, or leave this line out",
                        )
                    )
        if problems:
            raise InputError(problems, "journal file")

    def _insert_new(self, connection: Connection, rows: list[dict[str, Any]]) -> list[int]:
        """Insert the rows whose key is new, in one statement; the numbers of the rows inserted."""
        dialect = connection.dialect.name
        if dialect in {"sqlite", "postgresql"}:
            # INSERT ... ON CONFLICT DO NOTHING RETURNING: only the new rows come back, in one round trip.
            from sqlalchemy.dialects import postgresql, sqlite

            upsert = sqlite.insert(EventRow) if dialect == "sqlite" else postgresql.insert(EventRow)
            statement = upsert.on_conflict_do_nothing(index_elements=["journal", "key"]).returning(
                EventRow.seq
            )
            return [int(seq) for seq in connection.execute(statement, rows).scalars()]
        known = self._known_keys(connection, [row["key"] for row in rows])  # other databases: ask first
        fresh = [row for row in rows if row["key"] not in known]
        if not fresh:
            return []
        return [
            int(seq) for seq in connection.execute(insert(EventRow).returning(EventRow.seq), fresh).scalars()
        ]

    # -- imports from other apps (journal.imports): sources folded into one event

    def resolve_keys(self, keys: Sequence[str]) -> dict[str, int]:
        """The event each key names, as its number: an event's own key, or a source folded into it (deleted
        events too, so that a re-import never brings back what was deleted)."""
        found: dict[str, int] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(keys), _CHUNK):
                chunk = list(keys[start : start + _CHUNK])
                found.update(
                    connection.execute(
                        select(EventRow.key, EventRow.seq).where(
                            EventRow.journal == self.name, EventRow.key.in_(chunk)
                        )
                    ).all()
                )
                found.update(
                    connection.execute(
                        select(EventSourceRow.key, EventSourceRow.seq).where(
                            EventSourceRow.journal == self.name, EventSourceRow.key.in_(chunk)
                        )
                    ).all()
                )
        return found

    def imported(
        self, types: Sequence[str], prefixes: Sequence[str], start: datetime, end: datetime
    ) -> list[Stored]:
        """Events of `types` whose key starts with one of `prefixes` (imported ones), between two aware
        moments, deleted ones included (with `deleted_by` set): what a new import is matched against."""
        by_prefix = [EventRow.key.startswith(prefix, autoescape=True) for prefix in prefixes]
        from sqlalchemy import or_

        query = (
            select(EventRow.seq, EventRow.data, EventRow.added_by, EventRow.deleted_by)
            .where(
                EventRow.journal == self.name,
                EventRow.type.in_(list(types)),
                EventRow.at_utc >= start.astimezone(UTC).replace(tzinfo=None),
                EventRow.at_utc <= end.astimezone(UTC).replace(tzinfo=None),
                or_(*by_prefix),
            )
            .order_by(EventRow.seq)
        )
        with self.engine.connect() as connection:
            rows = list(connection.execute(query))
        return [
            Stored(row.seq, parse_event(json.loads(row.data)), row.added_by, row.deleted_by) for row in rows
        ]

    def add_imported(
        self,
        events: Sequence[Event],
        sources: Mapping[str, str],
        *,
        summary: str,
        progress: ProgressFn | None = None,
    ) -> ImportResult:
        """Add new events and the sources folded into events (`sources`: a source key -> the key of the event,
        new or kept, it went into), in one transaction that `undo` takes back whole.

        Every event must carry an `id`. An event or source whose key the journal already holds adds nothing.
        """
        rows = self._rows(list(events))
        now = datetime.now(UTC).replace(tzinfo=None)
        seqs: list[int] = []
        try:
            with self._writing() as connection:
                op = self._operation(connection, "import", summary, now)
                for start in range(0, len(rows), _BATCH):
                    batch = rows[start : start + _BATCH]
                    for row in batch:
                        row["added_by"] = op
                    seqs += self._insert_new(connection, batch)
                    if progress is not None:
                        progress(min(start + _BATCH, len(rows)), len(rows))
                linked = self._link_sources(connection, sources, op)
                if seqs or linked:
                    bump_revision(connection, self.name)
                    label = summary.replace("{n}", str(len(seqs)))
                    connection.execute(
                        update(OperationRow).where(OperationRow.seq == op).values(summary=label)
                    )
                else:
                    connection.execute(delete(OperationRow).where(OperationRow.seq == op))
        except IntegrityError:
            raise JournalError(
                "the journal changed while adding; nothing was written: run the command again"
            ) from None
        except OperationalError as error:
            raise JournalError(f"nothing was written: {error.orig}") from None
        op_done = op if seqs or linked else None
        return ImportResult(len(rows), len(seqs), len(rows) - len(seqs), op_done, tuple(seqs))

    def _link_sources(self, connection: Connection, sources: Mapping[str, str], op: int) -> int:
        """Record each source key against the event its target key names; the number recorded."""
        if not sources:
            return 0
        targets = sorted(set(sources.values()))
        seq_of: dict[str, int] = {}
        for start in range(0, len(targets), _CHUNK):
            chunk = targets[start : start + _CHUNK]
            seq_of.update(
                connection.execute(
                    select(EventRow.key, EventRow.seq).where(
                        EventRow.journal == self.name, EventRow.key.in_(chunk)
                    )
                ).all()
            )
            missing = [key for key in chunk if key not in seq_of]
            if missing:  # a target that is itself a source of a kept event
                seq_of.update(
                    connection.execute(
                        select(EventSourceRow.key, EventSourceRow.seq).where(
                            EventSourceRow.journal == self.name, EventSourceRow.key.in_(missing)
                        )
                    ).all()
                )
        keys = list(sources)
        known: set[str] = set()
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            known.update(
                connection.scalars(
                    select(EventRow.key).where(EventRow.journal == self.name, EventRow.key.in_(chunk))
                )
            )
            known.update(
                connection.scalars(
                    select(EventSourceRow.key).where(
                        EventSourceRow.journal == self.name, EventSourceRow.key.in_(chunk)
                    )
                )
            )
        fresh = [
            {"journal": self.name, "key": key, "seq": seq_of[target], "added_by": op}
            for key, target in sources.items()
            if key not in known and target in seq_of
        ]
        for start in range(0, len(fresh), _BATCH):
            connection.execute(insert(EventSourceRow), fresh[start : start + _BATCH])
        return len(fresh)

    def import_jsonl(
        self,
        lines: Iterable[str],
        *,
        source: str = "file",
        progress: ProgressFn | None = None,
        confirmed: bool = False,
    ) -> ImportResult:
        """Import a JSON Lines journal file: all of it, or (with InputError naming every bad line) nothing.

        `progress(written, total)` is called as the new events are written, inside the one transaction.
        `confirmed` takes values outside their plausible range (see `add`).
        """
        numbered = read_numbered(lines)
        return self.add(
            [event for _, event in numbered],
            kind="import",
            summary=f"import {source}: {{n}} event(s)",
            progress=progress,
            labels=[f"line {number}" for number, _ in numbered],
            confirmed=confirmed,
        )

    def _rows(self, events: list[Event], *, by_content: bool = True) -> list[dict[str, Any]]:
        """One row per event (`events` get their `at` as stored: see `stored_at`). Its key is its `id`;
        without one, its content's digest (`by_content`) or a new random key that matches nothing."""
        zone = self.zone
        seen: Counter[str] = Counter()
        rows = []
        for index, item in enumerate(events):
            at = stored_at(item.at, zone)
            if at != item.at:
                item = item.model_copy(update={"at": at})
                events[index] = item
            contract = item.to_contract()
            if item.id is not None:
                key = item.id
            elif not by_content:
                key = f"log:{uuid.uuid4().hex}"
            else:
                digest = content_key(contract)
                key = content_key(contract, seen[digest])
                seen[digest] += 1
            rows.append(
                {
                    "journal": self.name,
                    "key": key,
                    "type": item.type,
                    "at_utc": _utc(item, zone),
                    "data": _dump(contract),
                }
            )
        return rows

    def _known_keys(self, connection: Connection, keys: Sequence[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            known.update(
                connection.scalars(
                    select(EventRow.key).where(EventRow.journal == self.name, EventRow.key.in_(chunk))
                )
            )
        return known

    def _operation(
        self, connection: Connection, kind: str, summary: str, now: datetime, undo: Any = None
    ) -> int:
        result = connection.execute(
            insert(OperationRow).returning(OperationRow.seq),
            {
                "journal": self.name,
                "kind": kind,
                "created_at": now,
                "summary": summary,
                "undone": False,
                "undo_data": None if undo is None else json.dumps(undo),
            },
        )
        return int(result.scalar_one())

    def edit(self, seq: int, changes: Mapping[str, Any], *, confirmed: bool = False) -> Stored:
        """Change fields of event `seq` (None removes a field); the result must be a valid event, with its
        values in their plausible range unless `confirmed`."""
        with self._writing() as connection:
            row = self._row(connection, seq)
            before = json.loads(row.data)
            after = {key: value for key, value in {**before, **changes}.items() if value is not None}
            if after.get("type") != before["type"]:
                raise InputError([FieldProblem("type", "cannot be changed; delete and log again")], "event")
            edited = parse_event(after)
            check_plausible([edited], confirmed=confirmed)
            edited = edited.model_copy(update={"at": stored_at(edited.at, self.zone)})
            key = row.key if edited.id is None or edited.id == before.get("id") else edited.id
            if key != row.key and self._known_keys(connection, [key]):
                raise InputError([FieldProblem("id", f"{key!r} is already in the journal")], "event")
            now = datetime.now(UTC).replace(tzinfo=None)
            self._operation(
                connection, "edit", f"edit #{seq}", now, {"seq": seq, "data": row.data, "key": row.key}
            )
            connection.execute(
                update(EventRow)
                .where(EventRow.seq == seq)
                .values(data=_dump(edited.to_contract()), key=key, at_utc=_utc(edited, self.zone))
            )
            bump_revision(connection, self.name)
        return Stored(seq, edited, row.added_by, None)

    def delete(self, seqs: Sequence[int]) -> int:
        """Delete events by number (undo brings them back); an unknown number deletes nothing."""
        seqs = list(dict.fromkeys(seqs))
        with self._writing() as connection:
            for seq in seqs:
                self._row(connection, seq)
            now = datetime.now(UTC).replace(tzinfo=None)
            label = ", ".join(f"#{seq}" for seq in seqs)
            op = self._operation(connection, "delete", f"delete {label}", now, {"seqs": list(seqs)})
            connection.execute(update(EventRow).where(EventRow.seq.in_(list(seqs))).values(deleted_by=op))
            bump_revision(connection, self.name)
        return len(seqs)

    def purge(self) -> None:
        """Remove the whole journal for good: its events, operations and settings (no undo)."""
        with self._writing() as connection:
            purge_journal(connection, self.name)

    def pending_undo(self) -> Operation | None:
        """The change `undo` would take back next, if any."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*_OPERATION_COLUMNS)
                .where(OperationRow.journal == self.name, OperationRow.undone.is_(False))
                .order_by(OperationRow.seq.desc())
                .limit(1)
            ).first()
        return Operation(*row) if row is not None else None

    def added_by(self, operation: int) -> int:
        """How many events an operation added that are still in the journal."""
        with self.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).where(EventRow.added_by == operation)) or 0)

    def undo(self) -> Operation | None:
        """Take back the latest change that has not been undone; None when there is nothing to undo."""
        with self._writing() as connection:
            row = connection.execute(
                select(OperationRow)
                .where(OperationRow.journal == self.name, OperationRow.undone.is_(False))
                .order_by(OperationRow.seq.desc())
                .limit(1)
            ).first()
            if row is None:
                return None
            op = row[0] if isinstance(row[0], OperationRow) else row
            seq, kind = op.seq, op.kind
            data = json.loads(op.undo_data) if op.undo_data else {}
            if kind in {"log", "import"}:
                added = select(EventRow.seq).where(EventRow.added_by == seq)
                connection.execute(
                    delete(EventSourceRow).where(
                        (EventSourceRow.added_by == seq) | EventSourceRow.seq.in_(added)
                    )
                )
                connection.execute(delete(EventRow).where(EventRow.added_by == seq))
            elif kind == "delete":
                connection.execute(update(EventRow).where(EventRow.deleted_by == seq).values(deleted_by=None))
            elif kind == "edit":
                restored = parse_event(json.loads(data["data"]))
                connection.execute(
                    update(EventRow)
                    .where(EventRow.seq == data["seq"])
                    .values(data=data["data"], key=data["key"], at_utc=_utc(restored, self.zone))
                )
            connection.execute(update(OperationRow).where(OperationRow.seq == seq).values(undone=True))
            bump_revision(connection, self.name)
            return Operation(seq, kind, op.created_at, op.summary, True)

    # -- the stored status and its alerts (services.watch)

    def revision(self) -> int:
        """The journal's revision: raised by every change, 0 before the first."""
        with self.engine.connect() as connection:
            found = connection.scalar(select(RevisionRow.revision).where(RevisionRow.journal == self.name))
        return int(found or 0)

    def stored_status(self) -> StoredStatus | None:
        """The status last stored, current or not."""
        with self.engine.connect() as connection:
            data = connection.scalar(select(StatusRow.data).where(StatusRow.journal == self.name))
        return StoredStatus.from_json(json.loads(data)) if data is not None else None

    def save_status(
        self,
        status: StoredStatus,
        decide: Callable[[StoredStatus | None, StoredStatus], NewAlert | None],
        now: datetime,
    ) -> bool:
        """Store `status` and the alert `decide` gives against the one stored before, in one transaction;
        False, with nothing written, when the journal changed since `status.revision` or a newer status of
        the same revision is already stored."""
        with self._writing() as connection:
            # The journal's revision row, locked: two writers of one journal's status take turns, so each
            # change is compared with the status stored before it and alerts once (SQLite: BEGIN IMMEDIATE).
            connection.execute(
                upsert(connection)(RevisionRow)
                .values(journal=self.name, revision=0)
                .on_conflict_do_nothing(index_elements=["journal"])
            )
            revision = connection.scalar(
                select(RevisionRow.revision).where(RevisionRow.journal == self.name).with_for_update()
            )
            if int(revision or 0) != status.revision:
                return False
            data = connection.scalar(select(StatusRow.data).where(StatusRow.journal == self.name))
            previous = StoredStatus.from_json(json.loads(data)) if data is not None else None
            if (
                previous is not None
                and previous.revision == status.revision
                and previous.as_of > status.as_of
            ):
                return False
            row = {
                "revision": status.revision,
                "as_of": naive_utc(status.as_of),
                "valid_until": naive_utc(status.valid_until) if status.valid_until is not None else None,
                "level": status.level,
                "emergency_number": status.emergency_number,
                "data": json.dumps(status.to_json(), ensure_ascii=False),
                "coach": json.dumps(coach_json(status), ensure_ascii=False),  # what a coach's list reads
            }
            connection.execute(
                upsert(connection)(StatusRow)
                .values(journal=self.name, **row)
                .on_conflict_do_update(index_elements=["journal"], set_=row)
            )
            alert = decide(previous, status)
            if alert is not None:
                connection.execute(
                    insert(AlertRow),
                    {
                        "journal": self.name,
                        "created_at": naive_utc(now),
                        "revision": status.revision,
                        "level": alert.level,
                        "previous_level": alert.previous_level,
                        "data": json.dumps(alert.to_json(), ensure_ascii=False),
                        "email_attempts": 0,
                    },
                )
        return True

    def alerts(self, *, unseen: bool = False, limit: int = 50) -> list[Alert]:
        """The newest `limit` alerts (only those not seen yet, with `unseen`), oldest first."""
        query = select(*AlertRow.__table__.columns).where(AlertRow.journal == self.name)
        if unseen:
            query = query.where(AlertRow.seen_at.is_(None))
        with self.engine.connect() as connection:
            rows = list(connection.execute(query.order_by(AlertRow.id.desc()).limit(limit)))
        return [alert_from_row(row) for row in reversed(rows)]

    def mark_alerts_seen(self, ids: Sequence[int], now: datetime) -> int:
        """Mark alerts as shown; how many had not been seen before."""
        if not ids:
            return 0
        with self._writing() as connection:
            result = connection.execute(
                update(AlertRow)
                .where(AlertRow.journal == self.name, AlertRow.id.in_(list(ids)), AlertRow.seen_at.is_(None))
                .values(seen_at=naive_utc(now))
            )
        return int(result.rowcount or 0)

    # -- reading

    def _row(self, connection: Connection, seq: int) -> EventRow:
        row = connection.execute(
            select(*EventRow.__table__.columns).where(
                EventRow.journal == self.name, EventRow.seq == seq, EventRow.deleted_by.is_(None)
            )
        ).first()
        if row is None:
            raise InputError([FieldProblem("event", f"there is no event #{seq} in the journal")], "event")
        return row  # type: ignore[return-value]  # a Row with EventRow's columns

    def get(self, seq: int) -> Stored:
        with self.engine.connect() as connection:
            row = self._row(connection, seq)
        return Stored(row.seq, parse_event(json.loads(row.data)), row.added_by, row.deleted_by)

    def entries(
        self,
        *,
        types: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        last: int | None = None,
    ) -> list[Stored]:
        """Events in time order (aware `since`/`until` bounds); `last` keeps only the newest n."""
        query = select(EventRow.seq, EventRow.data, EventRow.added_by).where(
            EventRow.journal == self.name, EventRow.deleted_by.is_(None)
        )
        if types:
            query = query.where(EventRow.type.in_(list(types)))
        if since is not None:
            query = query.where(EventRow.at_utc >= since.astimezone(UTC).replace(tzinfo=None))
        if until is not None:
            query = query.where(EventRow.at_utc <= until.astimezone(UTC).replace(tzinfo=None))
        if last is not None:
            query = query.order_by(EventRow.at_utc.desc(), EventRow.seq.desc()).limit(last)
        else:
            query = query.order_by(EventRow.at_utc, EventRow.seq)
        with self.engine.connect() as connection:
            rows = list(connection.execute(query))
        if last is not None:
            rows.reverse()
        events = parse_events([row.data for row in rows])
        return [Stored(row.seq, event, row.added_by) for row, event in zip(rows, events, strict=True)]

    def events(self, until: datetime | None = None) -> list[Event]:
        return [stored.event for stored in self.entries(until=until)]

    def history(self, until: datetime | None = None) -> History:
        """The journal as the analyses take it: every event up to `until`, in the journal's time zone."""
        return History.of(self.events(until), self.zone)

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.scalar(
                    select(func.count()).where(EventRow.journal == self.name, EventRow.deleted_by.is_(None))
                )
                or 0
            )

    def operations(self, last: int = 20) -> list[Operation]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(*_OPERATION_COLUMNS)
                .where(OperationRow.journal == self.name)
                .order_by(OperationRow.seq.desc())
                .limit(last)
            )
            return [Operation(*row) for row in rows]

    def export(self, out: TextIO, *, types: Sequence[str] | None = None) -> int:
        """Write the journal as JSON Lines (the journal-event contract), oldest first; the number written.
        A local time (written without an offset) is exported with the journal's offset at that moment, so it
        does not move when the file is imported into a journal in another time zone."""
        query = select(EventRow.data).where(EventRow.journal == self.name, EventRow.deleted_by.is_(None))
        if types:
            query = query.where(EventRow.type.in_(list(types)))
        count = 0
        with self.engine.connect() as connection:
            zone = self.zone
            for (data,) in connection.execute(query.order_by(EventRow.at_utc, EventRow.seq)):
                contract = json.loads(data)
                at = portable_at(contract["at"], zone)
                if at != contract["at"]:  # a local time: written with the journal's offset
                    data = _dump({**contract, "at": at})
                out.write(data)
                out.write("\n")
                count += 1
        return count


def _masked(text: str) -> str:
    """A location or message with any password in a URL replaced by ***."""
    return re.sub(r"(://[^:/@\s]*):[^@\s]*@", r"\1:***@", text)


def _local_zone_name() -> str:
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
    except Exception:  # tzlocal cannot tell (a container without /etc/localtime): fall back to UTC
        return "UTC"
    return name or "UTC"
