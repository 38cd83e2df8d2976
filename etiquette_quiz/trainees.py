"""Who is training: the trainee a run trains as, found or created in the store.

The store keys trainees by a stable id kept in the config file; editing the name or the
employee number there renames the trainee and keeps their history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import UserError
from .paths import Config, remember_trainee
from .store import Store, TraineeRecord


def resolve_trainee(
    store: Store,
    config: Config,
    config_file: Path,
    requested: str | None = None,
    first_run: Callable[[], TraineeRecord] | None = None,
) -> TraineeRecord:
    """`requested` (--trainee), else the config file's trainee, else `first_run` (which asks).

    Without `first_run`, a machine that has no trainee yet is an error.
    """
    if requested:
        found = store.find_trainees(requested)
        if len(found) > 1:
            raise UserError("error.trainee-ambiguous", name=requested,
                            numbers=", ".join(p.employee_no or "—" for p in found))
        return found[0] if found else store.create_trainee(requested)
    if config.trainee_id:
        known = store.trainee(config.trainee_id)
        if known is None:  # another store (--db): the same person, first time here
            return store.create_trainee(config.trainee or config.trainee_id, config.employee_no, config.trainee_id)
        if config.trainee and (known.name, known.employee_no) != (config.trainee, config.employee_no):
            store.rename_trainee(known.id, config.trainee, config.employee_no)
            renamed = store.trainee(known.id)
            assert renamed is not None
            return renamed
        return known
    if config.trainee:  # a config written before trainees had ids
        found = [p for p in store.find_trainees(config.trainee) if p.employee_no == config.employee_no]
        trainee = found[0] if found else store.create_trainee(config.trainee, config.employee_no)
        remember_trainee(config, config_file, trainee)
        return trainee
    if first_run is None:
        raise UserError("error.no-trainee")
    return first_run()
