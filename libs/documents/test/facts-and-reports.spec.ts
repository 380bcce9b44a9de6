import { TEMPLATES, annualReport, awardWording, csvField, decisionFacts, resultNoticeFacts, sessionOf, subtree, submissionFacts, type LogEvent, type ReportRow } from '../src';
import { secretReviewStream } from './fixtures';

const row = (unitId: string, over: Partial<ReportRow> = {}): ReportRow => ({
  unitId, level: 'province', field: 'economy', status: 'published', year: 2025, awardForm: 'certificate_of_merit',
  nominated: true, recommended: true, awarded: true, published: true, replicated: false, revoked: false, ...over,
});

describe('facts, templates and reports', () => {
  it('a decision as of a position lists only the awards granted under its number by then', () => {
    const a = secretReviewStream('a');
    const b = secretReviewStream('b').map((e) => ({ ...e, position: (Number.parseInt(e.position, 16) + 100).toString(16).padStart(32, '0') }));
    const both = decisionFacts('12/QĐ-UBND', [{ initiativeId: 'a', events: a }, { initiativeId: 'b', events: b }]);
    expect(both?.recipients.map((r) => r.initiative.initiativeId)).toEqual(['a', 'b']);
    const early = decisionFacts('12/QĐ-UBND', [{ initiativeId: 'a', events: a }, { initiativeId: 'b', events: b }], a.at(-1)?.position);
    expect(early?.recipients.map((r) => r.initiative.initiativeId)).toEqual(['a']);
    expect(decisionFacts('13/QĐ-UBND', [{ initiativeId: 'a', events: a }])).toBeUndefined();
  });

  it("a council's session is the day in Vietnam's time on which it closed the reviews", () => {
    expect(sessionOf('2025-06-01T18:30:00.000Z')).toBe('2025-06-02');
    const recommended: LogEvent[] = secretReviewStream('c').map((e) => (e.type === 'ReviewClosed' ? { ...e, data: { ...e.data, outcome: 'recommended' } } : e));
    expect(submissionFacts('council-1', '2025-06-02', [{ initiativeId: 'c', events: recommended }])?.entries).toHaveLength(1);
    expect(submissionFacts('council-1', '2025-06-03', [{ initiativeId: 'c', events: recommended }])).toBeUndefined();
    expect(submissionFacts('council-2', '2025-06-02', [{ initiativeId: 'c', events: recommended }])).toBeUndefined();
  });

  it('a result notice is one per outcome: not recommended, then awarded', () => {
    const events = secretReviewStream();
    expect(resultNoticeFacts('init-1', events, 1)?.outcome).toBe('not_recommended');
    expect(resultNoticeFacts('init-1', events, 2)).toMatchObject({ outcome: 'awarded', decisionNo: '12/QĐ-UBND' });
    expect(resultNoticeFacts('init-1', events, 3)).toBeUndefined();
  });

  it('the certificate of merit is a Bằng khen at province level and a Giấy khen at district level, from the template data', () => {
    expect(awardWording(TEMPLATES.vi, 'certificate_of_merit', 'province').certificateTitle).toBe('BẰNG KHEN');
    expect(awardWording(TEMPLATES.vi, 'certificate_of_merit', 'district').certificateTitle).toBe('GIẤY KHEN');
    expect(awardWording(TEMPLATES.en, 'unknown_form', 'national').certificateTitle).toBe('CERTIFICATE OF MERIT');
  });

  it('the annual report counts a unit and the units below it only, and its funnel adds up', () => {
    const units = [{ unitId: 'city', name: 'City', level: 'province' }, { unitId: 'd1', name: 'D1', level: 'district', parentId: 'city' }, { unitId: 'w1', name: 'W1', level: 'grassroots', parentId: 'd1' }, { unitId: 'd2', name: 'D2', level: 'district', parentId: 'city' }];
    expect(subtree(units, 'd1')).toEqual(['d1', 'w1']);
    const rows = [row('d1'), row('w1', { awarded: false, published: false, status: 'not_recommended', awardForm: null }), row('d2')];
    const report = annualReport({ unitId: 'd1', units, rows, movements: [], replications: [] });
    expect(report.totals).toEqual({ initiatives: 2, funnel: { registered: 2, nominated: 2, recommended: 2, awarded: 1, published: 1, replicated: 0 } });
    expect(report.tables.find((t) => t.name === 'initiatives')?.rows).toEqual([['province', 'economy', 2025, 2]]);
    expect(report.tables.find((t) => t.name === 'awards')?.rows).toEqual([['certificate_of_merit', 'province', 1, 0]]);
  });

  it('a CSV cell that a spreadsheet would run as a formula is defused, and quotes are escaped', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(42)).toBe('42');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });
});
