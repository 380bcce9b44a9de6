import type { Pool } from 'pg';
import { migrate } from '@laurel/event-store';
import { eventStoreMigrations } from '@laurel/event-store/postgres/schema';

export { backfillHashChains } from '@laurel/event-store';

/** The event store's schema migrations alone (connect() would also back-fill, without the bar). */
export async function eventStoreMigrationsApply(pool: Pool): Promise<void> {
  await migrate(pool, 'event-store', eventStoreMigrations);
}
