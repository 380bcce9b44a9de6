import type { ExpectedVersion } from './event-store.port';

/** The stream was not at the version the append expected. */
export class WrongExpectedVersion extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${stream} is at version ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedVersion';
  }
}

/** A stream named in an append's `conditions` was not at the version given. Nothing was written. */
export class ConditionFailed extends Error {
  readonly code = 'CONDITION_FAILED';
  constructor(
    readonly stream: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`stream ${stream} is at version ${actual}, the append was decided on version ${expected}`);
    this.name = 'ConditionFailed';
  }
}

/** An event was malformed (bad id, empty type, data not a JSON object). Nothing was written. */
export class InvalidEvent extends Error {
  readonly code = 'INVALID_EVENT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEvent';
  }
}

/** An event id already stored in another stream was appended again. Nothing was written. */
export class DuplicateEventId extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string, readonly stream: string) {
    super(`event ${eventId} is already stored in stream ${stream}`);
    this.name = 'DuplicateEventId';
  }
}
