"""The one way an object with a life cycle changes state (ADR 16).

Each life cycle is a declarative table: which action moves an object from which states to which,
who may take it, and which ledger event records it. :func:`transition_run` applies one row of a
table safely under concurrency:

1. inside the transaction, lock the row (``select_for_update``) and read it again;
2. check the actor's rights and the state on the locked row, never on the caller's copy, which
   may be stale by the time the lock is granted;
3. let the service change what the action changes, then write only the fields that differ;
4. append the ledger event (``after`` holds ``from`` and ``status``, so the ledger can be
   replayed against the table: :func:`history_problems`);
5. notices are queued by the service with ``transaction.on_commit``.

The loser of a race finds the winner's state on the locked row and gets :class:`StateConflict`
(409), with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Transition:
    """One row of a life cycle's table."""

    name: str  # what the API and services call it: "acknowledge"
    sources: frozenset[str]  # states it may start from
    targets: frozenset[str]  # states it may end in; empty: the state stays as it was
    action: str  # the ledger event: "exchange.acknowledged"
    by: str  # who may take it, in words the table's reader understands: "recipient contact point"
    verb: Promise  # for the error: "This exchange is sent: it cannot be *acknowledged*."


@dataclass(frozen=True)
class LifeCycle:
    name: str  # "exchange"
    object_type: str  # the ledger's object_type: "exchange.exchange"
    state_field: str
    noun: Promise  # "exchange", "consent request"
    state_labels: dict[str, Promise]
    created: dict[str, str]  # ledger actions that create an object -> its first state
    transitions: tuple[Transition, ...]
    # Where the state is not stored but follows from other fields (a suspension is lifted once
    # it has a lifting date): how to read it. ``change`` then sets those fields.
    derive_state: Callable[[Any], str] | None = None
    # Ledger actions that do not move the state but are only possible in some states
    # (a reply to a closed exchange is as impossible as a second acknowledgement).
    _by_name: dict[str, Transition] = field(init=False, repr=False, compare=False)
    _by_action: dict[str, list[Transition]] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        by_action: dict[str, list[Transition]] = {}
        for row in self.transitions:
            by_action.setdefault(row.action, []).append(row)
        object.__setattr__(self, "_by_name", {row.name: row for row in self.transitions})
        object.__setattr__(self, "_by_action", by_action)

    def transition(self, name: str) -> Transition:
        return self._by_name[name]

    def state_of(self, instance: Any) -> str:
        if self.derive_state is not None:
            return self.derive_state(instance)
        return getattr(instance, self.state_field)

    def state_label(self, state: str) -> str:
        label = self.state_labels.get(state)
        return str(label) if label is not None else state

    def rows_for_action(self, action: str) -> list[Transition]:
        return self._by_action.get(action, [])


class StateConflict(ApplicationError):
    """The object is no longer (or never was) in a state the action starts from."""

    status = 409

    def __init__(self, life_cycle: LifeCycle, current: str, row: Transition):
        super().__init__(
            _("This %(noun)s is %(status)s: it cannot be %(action)s.")
            % {
                "noun": life_cycle.noun,
                "status": life_cycle.state_label(current),
                "action": row.verb,
            },
            code="invalid_transition",
            details={"status": current, "action": row.name},
        )


def state_require(life_cycle: LifeCycle, instance: models.Model, name: str) -> None:
    """Fail early, before any work, when the caller's copy is already in the wrong state. The
    locked row is checked again by :func:`transition_run`."""
    row = life_cycle.transition(name)
    current = life_cycle.state_of(instance)
    if current not in row.sources:
        raise StateConflict(life_cycle, current, row)


def row_lock(instance: M) -> M:
    """Inside the service's transaction: the row locked and read again. For guarded writes that
    are not a life cycle's transition (a release that happens once)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("row_lock must run inside the service's transaction")
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def _values(instance: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def transition_run(
    life_cycle: LifeCycle,
    name: str,
    *,
    instance: models.Model,
    actor,
    authorize: Callable[[models.Model], None] | None = None,
    change: Callable[[models.Model], Any] | None = None,
    audit: Callable[[models.Model, str], Any] | None = None,
    agreement_code: str | Callable[[models.Model], str] = "",
    object_repr: Callable[[models.Model], str] | None = None,
    summary: Callable[[models.Model], dict[str, Any]] | None = None,
    lock_first: Iterable[models.Model] = (),
    then: Callable[[models.Model], Any] | None = None,
) -> models.Model:
    """Apply the transition ``name`` to ``instance``; returns the locked, updated row (and copies
    what changed onto ``instance``, so a caller holding it sees the new state).

    ``authorize(locked)`` raises when the actor may not act; ``change(locked)`` makes the action's
    changes (and may set the state where the row has several targets); ``audit(locked, previous)``
    replaces the default ledger event. ``lock_first`` rows are locked before this one, in the
    order given: a parent locked by every writer keeps the lock order the same everywhere.
    ``then(locked)`` runs last in the same transaction: further records, notices.
    """
    row = life_cycle.transition(name)
    model = type(instance)
    with transaction.atomic():
        for parent in lock_first:
            type(parent)._default_manager.select_for_update().filter(pk=parent.pk).first()
        locked = model._default_manager.select_for_update().get(pk=instance.pk)
        if authorize is not None:
            authorize(locked)
        previous, current, changed = _apply(life_cycle, row, locked, change)
        if audit is not None:
            audit(locked, previous)
        else:
            code = agreement_code(locked) if callable(agreement_code) else agreement_code
            audit_append(
                actor=actor,
                action=row.action,
                target=locked,
                object_type=life_cycle.object_type,
                object_repr=object_repr(locked) if object_repr else "",
                agreement_code=code,
                after={**(summary(locked) if summary else {}), "from": previous, "status": current},
            )
        if then is not None:
            then(locked)
    for attname in changed:
        setattr(instance, attname, getattr(locked, attname))
    return locked


def _apply(
    life_cycle: LifeCycle, row, locked: models.Model, change: Callable | None
) -> tuple[str, str, list[str]]:
    """On the locked row: check the state, set the target, make the change, check where it
    ended, and write only the fields that changed. Returns (from, to, fields written)."""
    previous = life_cycle.state_of(locked)
    if previous not in row.sources:
        raise StateConflict(life_cycle, previous, row)
    before = _values(locked)
    if len(row.targets) == 1 and life_cycle.derive_state is None:
        setattr(locked, life_cycle.state_field, next(iter(row.targets)))
    if change is not None:
        change(locked)
    current = life_cycle.state_of(locked)
    if current not in (row.targets or frozenset({previous})):
        raise RuntimeError(f"{life_cycle.name}.{row.name} may not end in {current!r}")
    changed = [field for field, value in _values(locked).items() if before[field] != value]
    if changed:
        locked.save(update_fields=changed)
    return previous, current, changed


# ---------------------------------------------------------------- replay


LIFE_CYCLES: dict[str, LifeCycle] = {}


def life_cycle_register(life_cycle: LifeCycle) -> LifeCycle:
    """Each app registers its tables here, so ``renkei audit verify`` can replay them all."""
    LIFE_CYCLES[life_cycle.object_type] = life_cycle
    return life_cycle


@dataclass(frozen=True)
class HistoryProblem:
    seq: int
    object_type: str
    object_id: str
    message: str


def history_problems(events: Iterable[Any]) -> list[HistoryProblem]:
    """Replay the ledger's events, in order, against the registered life cycles; each event whose
    object was not in a state its action starts from, or that put the object in a state its
    action cannot reach, is a problem. ``events`` need ``seq``, ``action``, ``object_type``,
    ``object_id`` and ``after``."""
    states: dict[tuple[str, str], str] = {}
    problems: list[HistoryProblem] = []
    for event in events:
        life_cycle = LIFE_CYCLES.get(event.object_type)
        if life_cycle is None:
            continue
        key = (event.object_type, event.object_id)
        after = event.after if isinstance(event.after, dict) else {}
        recorded = after.get("status")
        if event.action in life_cycle.created:
            if key in states:
                problems.append(_problem(event, "created twice"))
            states[key] = recorded or life_cycle.created[event.action]
            continue
        rows = life_cycle.rows_for_action(event.action)
        current = states.get(key)
        if not rows:
            if recorded is not None and current is not None and recorded != current:
                problems.append(
                    _problem(event, f"state {current} became {recorded} outside the life cycle")
                )
                states[key] = recorded
            continue
        if current is None:
            # Created before the ledger recorded this life cycle's first state: take the
            # event's own word for where it started.
            current = after.get("from") or sorted(rows[0].sources)[0]
        fitting = [r for r in rows if current in r.sources]
        if not fitting:
            problems.append(_problem(event, f"{event.action} is not possible from {current}"))
        elif recorded is not None and not any(
            recorded in (r.targets or {current}) for r in fitting
        ):
            problems.append(
                _problem(event, f"{event.action} cannot lead from {current} to {recorded}")
            )
        if "from" in after and after["from"] != current:
            problems.append(
                _problem(event, f"recorded as starting from {after['from']}, was {current}")
            )
        if recorded is not None:
            states[key] = recorded
        elif fitting and len(fitting[0].targets) == 1:
            states[key] = next(iter(fitting[0].targets))
    return problems


def life_cycles_load() -> dict[str, LifeCycle]:
    """Every installed app's ``life_cycle`` module, imported so its tables are registered."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("life_cycle")
    return LIFE_CYCLES


def ledger_history_problems() -> list[HistoryProblem]:
    """The whole ledger replayed against every life cycle (``renkei audit verify``)."""
    from renkei.audit.models import AuditEvent

    life_cycles_load()
    events = (
        AuditEvent.objects.filter(object_type__in=list(LIFE_CYCLES))
        .order_by("seq")
        .only("seq", "action", "object_type", "object_id", "after")
    )
    return history_problems(events.iterator(chunk_size=2000))


def _problem(event, message: str) -> HistoryProblem:
    return HistoryProblem(event.seq, event.object_type, event.object_id, message)
