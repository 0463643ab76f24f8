"""A debit run in its own process that a test kills with SIGKILL part way: batches of
two accounts; in the third batch, after its postings are written and before the commit,
it says so in the marker file and waits to be killed."""

from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path

from billing.debit import service as debit_run
from shared.db.engine import create_engine, create_session_factory


async def main(database_url: str, run_id: str, marker: str) -> None:
    engine = create_engine(database_url, pool_size=2)

    async def hang_in_third_batch(batch: int) -> None:
        if batch == 3:
            Path(marker).write_text(str(batch))
            await asyncio.sleep(3600)

    await debit_run.execute(create_session_factory(engine), uuid.UUID(run_id), batch_accounts=2,
                            before_commit=hang_in_third_batch)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
