import { serializeAnswer, shareAnswer } from './shared-answers';

describe('answers shared by several requests', () => {
  it('are serialized once, as JSON.stringify would, and their bytes reused', () => {
    const answer = shareAnswer({ items: [{ id: 'i-1', title: 'Nước sạch' }], nextCursor: null });
    const first = serializeAnswer(answer);
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(first.toString()).toBe(JSON.stringify(answer));
    expect(serializeAnswer(answer)).toBe(first);
  });

  it('leave every other payload to JSON.stringify, each time', () => {
    const answer = { items: [] as number[] };
    expect(serializeAnswer(answer)).toBe('{"items":[]}');
    answer.items.push(1);
    expect(serializeAnswer(answer)).toBe('{"items":[1]}');
    expect(serializeAnswer(null)).toBe('null');
    expect(shareAnswer('text')).toBe('text');
  });
});
