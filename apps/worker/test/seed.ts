import { randomUUID } from 'node:crypto';
import { SHIPPED_DEFINITIONS, workflowDefinitionDecider } from '@laurel/domain';
import { SYSTEM_ACTOR, streams, type CommandRunner } from '@laurel/application';
import { WrongExpectedVersion, type EventStore, type NewEvent } from '@laurel/event-store';
import { uniqueName } from '@laurel/testing';

/** Publishes the shipped recognition workflow through the command path (once per shared log: a repeat is refused and ignored). */
export async function publishRecognitionWorkflow(runner: CommandRunner): Promise<void> {
  const definition = SHIPPED_DEFINITIONS.find((d) => d.id === 'initiative-recognition');
  await runner
    .run({
      stream: streams.workflow('initiative-recognition'),
      id: 'initiative-recognition',
      decider: workflowDefinitionDecider,
      command: { type: 'publishDefinition', data: { definition: definition as never } },
      meta: { actor: SYSTEM_ACTOR, correlationId: randomUUID(), ifMatch: 0 },
      context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
    })
    .catch((error) => {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    });
}

const event = (type: string, data: Record<string, unknown>, causationId?: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { occurredAt: new Date().toISOString(), ...(causationId ? { causationId } : {}) },
});

/**
 * Test data appended straight to the event log, shaped as the domain's events: the worker reads
 * the log, whichever route wrote it.
 */
export class Seed {
  constructor(private readonly store: EventStore) {}

  async append(stream: string, events: NewEvent[]): Promise<void> {
    await this.store.appendToStream(stream, events, { expectedVersion: 'any' });
  }

  async user(roles: string[], unitId: string, id = uniqueName('u')): Promise<string> {
    await this.append(`user-${id}`, [event('UserRegistered', { userId: id, name: `User ${id}`, email: `${id}@example.test`, roles, unitId })]);
    return id;
  }

  async council(unitId: string, members: { userId: string; role: string }[], id = uniqueName('c')): Promise<string> {
    await this.append(`council-${id}`, [event('CouncilCreated', { councilId: id, name: 'Council', unitId, level: 'province', members })]);
    return id;
  }

  /** An initiative at stage `registered` under initiative-recognition v1. */
  async initiative(unitId: string, authorIds: string[] = [], id = uniqueName('i')): Promise<string> {
    const now = new Date().toISOString();
    await this.append(`initiative-${id}`, [
      event('InitiativeRegistered', {
        initiativeId: id,
        movementId: 'm',
        unitId,
        title: `Initiative ${id}`,
        summary: 's',
        field: 'economy',
        authors: authorIds.map((userId) => ({ name: userId, userId })),
        definitionId: 'initiative-recognition',
        definitionVersion: 1,
        registeredAt: now,
      }),
      stage(id, null, 'registered', 'register'),
    ]);
    return id;
  }

  event = event;
}

export function stage(initiativeId: string, from: string | null, to: string, via: string, timers: { kind: string; dueAt: string; stage: string }[] = []): NewEvent {
  return event('StageChanged', {
    initiativeId,
    from,
    to,
    through: [],
    via,
    timers,
    definitionId: 'initiative-recognition',
    definitionVersion: 1,
    at: new Date().toISOString(),
  });
}
