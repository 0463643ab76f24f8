"""The scheduled job runs the daily run once per date; a retried job changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from recovery.caseloads.daily_run_job import run_job
from recovery.config import RecoverySettings
from shared.db.engine import create_engine


async def test_job_runs_once_per_date(settings_for):
    settings = settings_for(RecoverySettings, "recovery")
    first = await run_job(settings, date(2026, 6, 3))
    assert first is not None and first.run_date == date(2026, 6, 3)
    assert await run_job(settings, date(2026, 6, 3)) is None
    engine = create_engine(settings.database_url, pool_size=1)
    async with engine.connect() as conn:
        runs = (await conn.execute(text("SELECT run_by FROM daily_run"))).scalars().all()
    await engine.dispose()
    assert runs == ["system:daily-run-job"]
