import { liveInitiative } from '../../scripts/seed/lifecycle';
import { Random } from '../../scripts/seed/random';
import { initiativeSeed } from '../../scripts/seed/synthetic-history';
import { referenceData } from '../../scripts/seed/world';

describe('synthetic history', () => {
  const ref = referenceData(2019, 7);
  const lives = (count: number, seed: number) => {
    const random = new Random(seed);
    return Array.from({ length: count }, (_, n) => {
      const s = initiativeSeed(ref, n, random, 't-');
      return { seed: s, events: liveInitiative(ref.world, s, random).map((t) => t.event) };
    });
  };

  it('decides every event with the domain, so 1,000 lives replay without an error', () => {
    expect(() => lives(1000, 7)).not.toThrow();
  });

  it('covers every lifecycle path: returns, rejections, objections, no quorum, escalations, revocations, withdrawals', () => {
    const types = new Set(lives(1500, 11).flatMap((l) => l.events.map((e) => e.type)));
    for (const type of ['DossierReturned', 'ObjectionFiled', 'ObjectionResolved', 'InitiativeEscalated', 'AwardRevoked', 'InitiativeWithdrawn', 'AwardDeclined', 'SecretBallotCast', 'ConflictDeclared', 'ReplicationReported']) {
      expect(types).toContain(type);
    }
    const outcomes = new Set(lives(1500, 11).flatMap((l) => l.events.filter((e) => e.type === 'ReviewClosed').map((e) => (e.data as { outcome: string }).outcome)));
    expect([...outcomes].sort()).toEqual(['no_quorum', 'not_recommended', 'recommended']);
  });

  it('draws levels and fields in plausible proportions: grassroots most, economy most', () => {
    const all = lives(2000, 3).map((l) => l.seed);
    const share = (pred: (s: (typeof all)[number]) => boolean) => all.filter(pred).length / all.length;
    expect(share((s) => s.unitLevel === 'grassroots')).toBeGreaterThan(0.6);
    expect(share((s) => s.unitLevel === 'province')).toBeLessThan(0.15);
    expect(share((s) => s.field === 'economy')).toBeGreaterThan(share((s) => s.field === 'security_defence'));
    expect(new Set(all.map((s) => s.movement.startsOn.slice(0, 4))).size).toBe(7);
  });
});
