/** An append a command is about to make: enough to find it in the store after a crash. */
export interface PlannedAppend {
  stream: string;
  /** The aggregate id the command answers with. */
  id: string;
  /** The command's name (the events' `metadata.command`). */
  command: string;
  /** The ids of the events about to be appended (derived from the Idempotency-Key, so stable). */
  eventIds: string[];
}

/**
 * Told about each append of a command run on behalf of a keyed request (`RequestMeta.appendObserver`):
 * the API's idempotency layer records the plan before the append, so a retry after a crash can tell
 * whether it was written.
 */
export interface AppendObserver {
  beforeAppend(planned: PlannedAppend): Promise<void>;
  afterAppend?(planned: PlannedAppend): Promise<void> | void;
}
