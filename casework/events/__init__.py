"""What happened to a case, published in process for whoever cares.

Recording (cases, pathway, records) says what happened; documents (render-ahead),
tasks and time-and-motion listen. Publishers never import their listeners, which is
what lets the import-linter ``layers`` contract put recording below them.

The bus is blinker (already a dependency of Flask): named signals, synchronous, weakly
referenced receivers. Receivers run in the publisher's transaction and session, so a
receiver that adds rows commits with the change that caused them, and one that fails
fails the change: a task lost silently is worse than a page that says try again. A
receiver that only saves time later (render-ahead) catches its own errors.

Signals (sender is the case; keyword arguments as listed):

- ``case_opened``: ``on``
- ``stage_started``: ``instance``, ``on``
- ``stage_completed``: ``instance``, ``record``, ``on``
- ``record_submitted``: ``record``, ``on`` (sent for sign-off, or completed without)
- ``record_returned``: ``record``, ``on``
- ``record_signed_off``: ``record``, ``on``
- ``record_settled``: ``record`` (after commit: a submit or sign-off is saved)
- ``due_dates_changed``: (none: the open stages' due dates were worked out again)
- ``fact_changed``: ``fact``, ``on``
- ``date_reached``: ``trigger_id``, ``on`` (from the worker)
- ``lead_changed``: ``worker_id``
"""

from __future__ import annotations

from blinker import Namespace

bus = Namespace()

case_opened = bus.signal("case_opened")
stage_started = bus.signal("stage_started")
stage_completed = bus.signal("stage_completed")
record_submitted = bus.signal("record_submitted")
record_returned = bus.signal("record_returned")
record_signed_off = bus.signal("record_signed_off")
record_settled = bus.signal("record_settled")
due_dates_changed = bus.signal("due_dates_changed")
fact_changed = bus.signal("fact_changed")
date_reached = bus.signal("date_reached")
lead_changed = bus.signal("lead_changed")
