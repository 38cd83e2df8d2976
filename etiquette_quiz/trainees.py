"""Who is training: the trainee a run trains as, found or created in the store.

The store keys trainees by a stable id kept in the config file; editing the name or the
employee number there renames the trainee and keeps their history. Names and employee
numbers are compared as model.person_key does, so ＡＢ-007 typed with a Chinese IME is AB-007.
A name given with --trainee that matches nobody is never created silently: a typo would split
one person's history in two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import UserError, suggest
from .model import person_key
from .paths import Config, remember_trainee
from .store import Store, TraineeRecord

# Asked when --trainee names nobody: (the name given, trainees with a similar name) -> the trainee to
# train as (one of those, or a new one the callback created), or None to stop.
ConfirmNew = Callable[[str, Sequence[TraineeRecord]], TraineeRecord | None]


def similar_trainees(store: Store, name: str) -> list[TraineeRecord]:
    """Trainees whose name or employee number is close to `name` (李小虹 for 李小红), closest first."""
    people = store.trainees()
    labels: dict[str, list[TraineeRecord]] = {}
    for person in people:
        for label in (person.name, person.employee_no):
            if label:
                labels.setdefault(person_key(label), []).append(person)
    import difflib

    close = difflib.get_close_matches(person_key(name), list(labels), n=3, cutoff=0.6)
    return list(dict.fromkeys(person for label in close for person in labels[label]))


def resolve_trainee(
    store: Store,
    config: Config,
    config_file: Path,
    requested: str | None = None,
    first_run: Callable[[], TraineeRecord] | None = None,
    confirm_new: ConfirmNew | None = None,
) -> TraineeRecord:
    """`requested` (--trainee), else the config file's trainee, else `first_run` (which asks).

    Without `first_run`, a machine that has no trainee yet is an error; without `confirm_new`,
    so is a --trainee that names nobody (a run that cannot ask).
    """
    if requested:
        return _requested(store, requested, confirm_new)
    if config.trainee_id:
        known = store.trainee(config.trainee_id)
        if known is not None and known.removed_at is not None:  # removed from the app: set up someone
            if first_run is None:
                raise UserError("error.no-trainee")
            return first_run()
        if known is None:  # another store (--db): the same person, first time here
            return store.create_trainee(config.trainee or config.trainee_id, config.employee_no, config.trainee_id)
        if config.trainee and (known.name, known.employee_no) != (config.trainee, config.employee_no):
            store.rename_trainee(known.id, config.trainee, config.employee_no)
            renamed = store.trainee(known.id)
            assert renamed is not None
            return renamed
        return known
    if config.trainee:  # a config written before trainees had ids
        found = [p for p in store.find_trainees(config.trainee)
                 if person_key(p.employee_no) == person_key(config.employee_no)]
        trainee = found[0] if found else store.create_trainee(config.trainee, config.employee_no)
        remember_trainee(config, config_file, trainee)
        return trainee
    if first_run is None:
        raise UserError("error.no-trainee")
    return first_run()


def _requested(store: Store, requested: str, confirm_new: ConfirmNew | None) -> TraineeRecord:
    found = store.find_trainees(requested)
    if len(found) > 1:
        raise UserError("error.trainee-ambiguous", name=requested,
                        numbers=", ".join(p.employee_no or "—" for p in found))
    if found:
        return found[0]
    similar = similar_trainees(store, requested)
    if confirm_new is None:
        names = [p.label for p in store.trainees()]
        hint = similar[0].label if similar else suggest(requested, names)
        raise UserError("error.unknown-trainee" if hint else "error.unknown-trainee-none", name=requested,
                        suggestion=hint)
    chosen = confirm_new(requested, similar)
    if chosen is None:
        raise UserError("error.trainee-not-created", name=requested)
    return chosen
