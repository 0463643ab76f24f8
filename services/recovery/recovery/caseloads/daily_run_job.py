"""The daily run as a scheduled job (cron, a Kubernetes CronJob):

    recovery-daily-run [--date YYYY-MM-DD]

Runs once per date: a second start for the same date reports the run already done and
exits 0, so a retried job is harmless. Its events wait in the outbox for the service's
relay."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date

import uvloop

from recovery.caseloads import daily_run
from recovery.config import RecoverySettings
from recovery.errors import Conflict
from shared.db.engine import create_engine, create_session_factory
from shared.db.unit_of_work import UnitOfWork

ACTOR = "system:daily-run-job"


async def run_job(settings: RecoverySettings, run_date: date) -> daily_run.RunSummary | None:
    """The run's summary, or None if the date was already run."""
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            try:
                summary = await daily_run.run(uow, run_date, ACTOR)
            except Conflict:
                return None
            await uow.commit()
            return summary
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    summary = uvloop.run(run_job(RecoverySettings(), args.date))
    if summary is None:
        print(json.dumps({"run_date": args.date.isoformat(), "status": "already done"}))
    else:
        print(json.dumps(asdict(summary), default=str))


if __name__ == "__main__":
    main()
