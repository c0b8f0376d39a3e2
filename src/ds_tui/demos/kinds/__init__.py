"""The demos: one module each, registered once, here. Everything that names the demos — the catalog,
``ds-tui demo list``, the lesson checker's embeds, metrics and parameters (``ds_tui.registry``), the
app's embeds, the class quiz's metric titles — is derived from :data:`ALL`, in this order.

Adding a demo: write its module (a :class:`ds_tui.demos.spec.Demo` named ``DEMO``) and add it here
(docs/architecture.md, "Adding a demo")."""

from __future__ import annotations

from ds_tui.demos.kinds import allreduce, cpu_bound, io_bound, isolation, mixed, pipeline, race, worker_pool
from ds_tui.demos.spec import Demo

ALL: tuple[Demo, ...] = (
    cpu_bound.DEMO,
    io_bound.DEMO,
    mixed.DEMO,
    race.DEMO,
    isolation.DEMO,
    worker_pool.DEMO,
    allreduce.DEMO,
    pipeline.DEMO,
)
