import { createdIdFor } from './event-ids';

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
