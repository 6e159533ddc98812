"""Made-up time for `convivial demo`, so the time report has something to show.

Rows are marked generated and the report says so. Where a form has two or more
versions with demo records, later versions are made a little quicker, as a redesign
that worked would be.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from casework.extensions import db
from casework.library import service as library
from casework.models import FormVersion, Record, TimeSpent


def seed_time() -> int:
    """Give every demo record without any time some plausible minutes; return how many."""
    timed = set(db.session.scalars(select(TimeSpent.record_id).distinct()))
    made = 0
    for record in db.session.scalars(select(Record).order_by(Record.id)):
        if record.id in timed:
            continue
        version = db.session.get(FormVersion, record.form_version_id)
        newer = db.session.scalar(
            select(db.func.count(FormVersion.id)).where(
                FormVersion.form_id == version.form_id, FormVersion.version < version.version
            )
        )
        speed = 0.75**newer  # each later version a quarter quicker
        rng = random.Random(record.id)  # noqa: S311 - made-up minutes, the same each run
        for section in library.form_model(version).sections:
            minutes = rng.uniform(4, 25) * speed
            db.session.add(
                TimeSpent(
                    record_id=record.id,
                    form_version_id=version.id,
                    section_id=section.id,
                    user_id=record.created_by_id,
                    seconds=round(minutes * 60),
                    idempotency_key=f"demo-{record.id}-{section.id}"[:64],
                    generated=True,
                )
            )
        made += 1
    db.session.commit()
    return made
