import { canonicalEvent, canonicalJson, canonicalParsedJson, canonicalStoredEvent } from './canonical';

describe('the canonical encoding (RFC 8785)', () => {
  it('sorts object members by their names in UTF-16 code units (RFC 8785 3.2.3)', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const keys = Object.keys(JSON.parse(canonicalJson(input)) as object);
    expect(Object.keys(input).sort()).toEqual(keys.sort());
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes strings and numbers as ECMAScript does (RFC 8785 3.2.2)', () => {
    expect(canonicalJson(['\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/'])).toBe('["€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"]');
    expect(canonicalJson([0, -0, 1e21, 1e-7, Number('333333333.33333329'), 4.5, 2e-3, 1e23])).toBe('[0,0,1e+21,1e-7,333333333.3333333,4.5,0.002,1e+23]');
    expect(canonicalJson({ b: [true, false, null], a: { d: 1, c: 'x' } })).toBe('{"a":{"c":"x","d":1},"b":[true,false,null]}');
  });

  it('drops what JSON cannot hold as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: [undefined], d: new Date(0) })).toBe('{"c":[null],"d":"1970-01-01T00:00:00.000Z"}');
  });

  it('encodes an event with version last, and reads back stored events to the same text', () => {
    const event = { stream: 'initiative-1', version: 3, type: 'AwardGranted', eventId: 'A0B1C2D3-0000-4000-8000-000000000000', data: { decisionNo: '12/QĐ', z: [1.5] }, metadata: { actor: { id: 'u' } } };
    const text = canonicalEvent(event);
    expect(text).toBe('{"data":{"decisionNo":"12/QĐ","z":[1.5]},"eventId":"a0b1c2d3-0000-4000-8000-000000000000","metadata":{"actor":{"id":"u"}},"stream":"initiative-1","type":"AwardGranted","version":3}');
    const stored = JSON.parse(JSON.stringify(event)) as typeof event;
    expect(canonicalStoredEvent(stored)).toBe(text);
    expect(canonicalParsedJson(JSON.parse('{"b":1,"a":[{"y":2,"x":1}]}'))).toBe('{"a":[{"x":1,"y":2}],"b":1}');
  });
});
