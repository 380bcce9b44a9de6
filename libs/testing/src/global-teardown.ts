/**
 * Jest globalTeardown of the `integration` project: drops the run's database, stops the
 * embedded PostgreSQL / private redis-server that global-setup started (external servers
 * are left alone) and restores the environment.
 */
import { takeTestInfraState } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await takeTestInfraState()?.teardown();
}
