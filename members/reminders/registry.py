"""What a reminder source is: a function of `now` yielding `DueReminder`s, registered by kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import NamedTuple, TypeVar

from django.db import models


class Subject(NamedTuple):
    """What a reminder is about, named by model and primary key: for a source that reads its
    rows as values (tens of thousands of model instances cost more than the rest of a sweep)."""

    model: type[models.Model]
    pk: int


class DueReminder(NamedTuple):  # a tuple: a sweep makes a hundred thousand of them
    kind: str
    subject: models.Model | Subject
    recipient_id: int
    due_on: dt.date
    title: str
    body: str
    url: str = ""

    @property
    def subject_model(self) -> type[models.Model]:
        return self.subject.model if isinstance(self.subject, Subject) else type(self.subject)


ReminderSource = Callable[[dt.datetime], Iterable[DueReminder]]
_sources: dict[str, ReminderSource] = {}


def reminder_source(kind: str) -> Callable[[ReminderSource], ReminderSource]:
    def register(source: ReminderSource) -> ReminderSource:
        _sources[kind] = source
        return source

    return register


def registered_sources() -> dict[str, ReminderSource]:
    return dict(_sources)


def due_reminders(kind: str, now: dt.datetime) -> Iterator[DueReminder]:
    """What the source of `kind` says is due now; a source yielding another kind is a bug."""
    for due in _sources[kind](now):
        if due.kind != kind:
            raise ValueError(f"Source {kind!r} yielded a {due.kind!r} reminder")
        yield due


T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
