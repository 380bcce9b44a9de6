import { createdIdFor, eventIdsFor, newId, uuidFromName } from './event-ids';

const actor = { userId: 'demo-officer' };

describe('ids a command creates', () => {
  it('a retry with the same Idempotency-Key names the same thing, so running the command again appends nothing new', () => {
    const meta = { actor, idempotencyKey: 'k-1' };
    expect(createdIdFor(meta, 'objection')).toBe(createdIdFor({ ...meta }, 'objection'));
  });

  it('another key, another scope (another citizen, another use of an expired key) or another purpose names something else', () => {
    const first = createdIdFor({ actor, idempotencyKey: 'k-1' }, 'objection');
    expect(createdIdFor({ actor, idempotencyKey: 'k-2' }, 'objection')).not.toBe(first);
    expect(createdIdFor({ actor, idempotencyKey: 'k-1', idempotencyScope: 'public:abc' }, 'objection')).not.toBe(first);
    expect(createdIdFor({ actor, idempotencyKey: 'k-1' }, 'review')).not.toBe(first);
  });

  it('without a key every call creates a fresh id', () => {
    expect(createdIdFor({ actor }, 'objection')).not.toBe(createdIdFor({ actor }, 'objection'));
    expect(createdIdFor({ actor }, 'objection')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('time-ordered ids (docs/scaling.md, "Ids")', () => {
  const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const millis = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

  it('ids made without a key are UUIDv7 carrying the time they were made, and sort in the order they were made', () => {
    const before = Date.now();
    const ids = [...eventIdsFor(500, 'initiative-1', undefined, 'u'), ...Array.from({ length: 500 }, () => newId()), createdIdFor({ actor }, 'initiative')];
    const after = Date.now();
    for (const id of ids) expect(id).toMatch(V7);
    expect(ids.every((id) => millis(id) >= before && millis(id) <= after)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ids derived from a UUIDv7 key begin with the key\'s time and stay the same for the same key', () => {
    const key = newId();
    const events = eventIdsFor(3, 'initiative-1', key, 'u');
    expect(eventIdsFor(3, 'initiative-1', key, 'u')).toEqual(events);
    const created = createdIdFor({ actor, idempotencyKey: key }, 'initiative');
    for (const id of [...events, created]) {
      expect(id).toMatch(V8);
      expect(millis(id)).toBe(millis(key));
    }
    expect(new Set([...events, created]).size).toBe(4);
    // The rest is the name's hash: another scope, stream or purpose under the same key differs.
    expect(eventIdsFor(1, 'initiative-1', key, 'other')[0]).not.toBe(events[0]);
    expect(eventIdsFor(1, 'initiative-2', key, 'u')[0]).not.toBe(events[0]);
  });

  it('ids derived from any other key are the plain name hash they always were', () => {
    // The values ids had before time-ordered keys: a retry across the upgrade names the same events.
    expect(eventIdsFor(2, 'initiative-1', 'k-1', 'u')).toEqual([uuidFromName('u\u0000k-1\u0000initiative-1\u00000'), uuidFromName('u\u0000k-1\u0000initiative-1\u00001')]);
    expect(uuidFromName('u\u0000k-1\u0000initiative-1\u00000')).toBe('7c94dfee-da38-8ac9-b574-a56ad01d34a7');
    expect(createdIdFor({ actor, idempotencyKey: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' }, 'objection')).toBe(uuidFromName(`demo-officer\u0000f47ac10b-58cc-4372-a567-0e02b2c3d479\u0000created:objection`));
  });
});
