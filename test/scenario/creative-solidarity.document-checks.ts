import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Pool } from 'pg';
import { decodeVerificationCode, encodeVerificationCode } from '@laurel/documents';
import type { ApiHarness } from '../api-harness';
import type { World } from './creative-solidarity.world';
import type { InitiativePlan } from './creative-solidarity.plan';
import type { HttpClient } from './http-client';
import { docxText, flat, pdfCodes, pdfPages } from '../../libs/documents/test/read-documents';
import { DECISION, MEMBER_NAMES, SAMPLES, type HistoryEntry, type ScenarioRun } from './creative-solidarity.session';

/** The official documents generated from the scenario's log, fetched over HTTP, parsed and checked against it. */
export function documentChecks(run: ScenarioRun): void {
  describe('official documents generated from the log', () => {
    let api!: ApiHarness;
    let http!: HttpClient;
    let w!: World;
    let plans!: InitiativePlan[];
    beforeAll(() => ({ api, http, w, plans } = run));
    const file = async (who: string | null, path: string, status = 200): Promise<Buffer> => {
      const agent = who === null ? api.anonymous : api.as(who);
      const response = await agent
        .get(path)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      if (response.status !== status) throw new Error(`${who}: GET ${path} → ${response.status}, expected ${status}: ${String(response.body)}`);
      return response.body as Buffer;
    };
    const sample = async (name: string, bytes: Buffer) => writeFile(join(SAMPLES, name), bytes);
    const history = async (p: InitiativePlan) => (await http.get<{ events: HistoryEntry[] }>(w.auditor, `/initiatives/${p.id}/history`)).events;
    const awarded = () => plans.filter((p) => p.track === 'open' && p.decision?.outcome === 'granted');
    const secret = () => plans.filter((p) => p.track === 'secret' && p.cycles.length > 0);
    const decisionPath = `/decisions/${encodeURIComponent(DECISION)}`;

    it('the minutes and the ballot count record of every secret review carry the exact tally and no voter name beside a choice', async () => {
      expect(secret().length).toBe(20);
      const reviews = await Promise.all(
        secret().map(async (p) => {
          const events = await history(p);
          const closed = events.find((e) => e.type === 'ReviewClosed') as HistoryEntry;
          const base = `/initiatives/${p.id}/reviews/${closed.data.reviewId as string}`;
          const files = await Promise.all([
            file(w.secretary, `${base}/ballot-count.pdf`),
            file(w.secretary, `${base}/minutes.pdf`),
            file(w.authority, `${base}/ballot-count.docx`),
            file(w.auditor, `${base}/minutes.docx`),
          ]);
          return { events, closed, files };
        }),
      );
      const [first] = reviews;
      await Promise.all(['ballot-count.pdf', 'minutes.pdf', 'ballot-count.docx', 'minutes.docx'].map((name, k) => sample(name, first.files[k])));
      // One pdfjs process for all 40 PDFs.
      const texts = (await pdfPages(...reviews.flatMap((r) => [r.files[0], r.files[1]]))).map((pages) => flat(pages.join(' ')));
      for (const [i, { events, closed, files }] of reviews.entries()) {
        const tally = closed.data.tally as Record<string, number>;
        const [ballot, minutes] = [texts[2 * i], texts[2 * i + 1]];
        const [ballotDocx] = [files[2]];
        const valid = tally.approve + tally.reject + tally.abstain;
        const percentage = (tally.approvalBase > 0 ? Math.round((tally.approve / tally.approvalBase) * 10000) / 100 : 0).toFixed(2);
        for (const text of [ballot, flat(await docxText(ballotDocx))]) {
          expect(text).toContain(`Số phiếu phát ra (thành viên có quyền biểu quyết) ${tally.eligible}`);
          expect(text).toContain(`Số phiếu thu về (đã bỏ phiếu) ${tally.voted}`);
          expect(text).toContain(`Số phiếu hợp lệ ${valid}`);
          expect(text).toContain(`Số phiếu đồng ý ${tally.approve}`);
          expect(text).toContain(`Số phiếu không đồng ý ${tally.reject}`);
          expect(text).toContain(`Số phiếu không biểu quyết ${tally.abstain}`);
          expect(text).toContain(`Tỷ lệ đồng ý (%) ${percentage}`);
          expect(text).toContain('Ngưỡng thông qua từ 2/3');
          expect(text).toContain(closed.data.outcome === 'recommended' ? 'Kết quả: Đề nghị khen thưởng' : 'Kết quả: Không đề nghị khen thưởng');
          for (const name of MEMBER_NAMES) expect(text).not.toContain(name);
          expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
        }
        // Who voted appears as attendance; the tally below it names nobody.
        const voters = events.filter((e) => e.type === 'SecretBallotCast').map((e) => e.data.memberId as string);
        expect(voters.length).toBe(tally.voted);
        const [attendance, rest] = minutes.split('Tổng hợp điểm theo tiêu chí');
        expect(attendance).toContain(`Thành viên có mặt (đã biểu quyết): `);
        expect(MEMBER_NAMES.filter((n) => attendance.includes(n)).length).toBeGreaterThanOrEqual(tally.voted);
        for (const name of MEMBER_NAMES) expect(rest).not.toContain(name);
        expect(rest).toContain(`Đồng ý ${tally.approve} Không đồng ý ${tally.reject} Không biểu quyết ${tally.abstain}`);
        expect(rest).toContain(`${(closed.data.rule as { definitionId: string }).definitionId} (v1)`);
        const minutesDocx = flat(await docxText(files[3]));
        expect(minutesDocx).toContain(`Đồng ý ${tally.approve} Không đồng ý ${tally.reject} Không biểu quyết ${tally.abstain}`);
        for (const name of MEMBER_NAMES) expect(minutesDocx.split('Tổng hợp điểm theo tiêu chí')[1]).not.toContain(name);
      }
    });

    it("the award decision's attached list has exactly the 119 awardees of the decision number, with Vietnamese diacritics intact", async () => {
      const [pdf, docx] = await Promise.all([file(w.auditor, `${decisionPath}.pdf`), file(w.auditor, `${decisionPath}.docx`)]);
      await Promise.all([sample('decision.pdf', pdf), sample('decision.docx', docx)]);
      const text = flat((await pdfPages(pdf))[0].join(' '));
      expect(text).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI');
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(text).toContain(`Số: ${DECISION}`);
      expect(text).toContain('Về việc tặng Bằng khen');
      expect(text).toContain('Điều 1. Tặng Bằng khen cho 119 sáng kiến, mô hình');
      const word = await docxText(docx);
      const titles = awarded().map((p) => p.title);
      expect(titles).toHaveLength(119);
      for (const title of titles) expect(flat(word)).toContain(title);
      // Numbered lines 1…119 and no 120th.
      expect(word).toMatch(/\n119\n/);
      expect(word).not.toMatch(/\n120\n/);
      const other = plans.filter((p) => p.track === 'open' && p.decision?.outcome !== 'granted').map((p) => p.title);
      for (const title of other) expect(flat(word)).not.toContain(title);
      // Through an awardee: its n-th award's decision is the same document.
      const viaInitiative = await file(w.secretary, `/initiatives/${awarded()[0].id}/decisions/1.pdf`);
      expect(flat((await pdfPages(viaInitiative))[0].join(' '))).toEqual(text);
    });

    it('one PDF holds a certificate for each of the 119 awards, every one a Bằng khen naming its unit', async () => {
      const started = Date.now();
      const pdf = await file(w.auditor, `${decisionPath}/certificates.pdf`);
      const ms = Date.now() - started;
      await sample('certificates.pdf', pdf);
      const pages = (await pdfPages(pdf))[0].map(flat);
      expect(pages).toHaveLength(119);
      for (const p of awarded()) {
        const mine = pages.filter((page) => page.includes(p.title));
        expect(mine).toHaveLength(1);
        expect(mine[0]).toContain('BẰNG KHEN');
        expect(mine[0]).toContain(p.unit.name);
        expect(mine[0]).toContain(`Quyết định số ${DECISION}, ngày 01/07/2025`);
      }
      console.log(`certificates of one decision: 119 pages in ${ms} ms over HTTP`);
      const single = await file(w.citizen, `/initiatives/${awarded()[1].id}/decisions/1/certificate.pdf`);
      await sample('certificate.pdf', single);
      await sample('certificate.docx', await file(w.citizen, `/initiatives/${awarded()[1].id}/decisions/1/certificate.docx`));
      await sample('certificate-en.pdf', await file(w.citizen, `/initiatives/${awarded()[1].id}/decisions/1/certificate.pdf?lang=en`));
      expect(flat((await pdfPages(single))[0][0])).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI');
    });

    it("the council's submission lists the nominees it recommended that day, with their tallies and the consultation's outcome", async () => {
      const recommended = plans.filter((p) => p.cycles[0]?.outcome === 'recommended');
      const [pdf, docx] = await Promise.all([file(w.authority, `/councils/${w.councilId}/submissions/2025-06-02.pdf`), file(w.secretary, `/councils/${w.councilId}/submissions/2025-06-02.docx`)]);
      await Promise.all([sample('submission.pdf', pdf), sample('submission.docx', docx)]);
      const text = flat(await docxText(docx));
      expect(text).toContain(`kính trình Chủ tịch Ủy ban nhân dân thành phố Hà Nội xem xét, quyết định khen thưởng ${recommended.length} sáng kiến, mô hình`);
      for (const p of recommended) expect(text).toContain(p.title);
      expect(text).toMatch(/Đã kết thúc: \d+ ý kiến, 0 được chấp nhận, \d+ bác bỏ/);
      expect(flat((await pdfPages(pdf))[0].join(' '))).toContain('TỜ TRÌNH');
      await file(w.users.find((u) => u.roles.includes('unit_officer'))?.id ?? '', `/councils/${w.councilId}/submissions/2025-06-02.pdf`, 404);
      await file(w.secretary, `/councils/${w.councilId}/submissions/2025-06-03.pdf`, 404);
      await file(w.secretary, `/councils/${w.councilId}/submissions/2025-13-01.pdf`, 400);
    });

    it('result notices tell the nominating unit of a return, a decline and a revocation, with the reason', async () => {
      const returned = plans.find((p) => p.screening === 'returned_resubmitted') as InitiativePlan;
      const declined = plans.find((p) => p.track === 'open' && p.decision?.outcome === 'declined') as InitiativePlan;
      const revoked = plans.find((p) => p.revoked) as InitiativePlan;
      const notice = async (p: InitiativePlan, type: string, format = 'pdf') => {
        const list = await http.get<{ notices: { n: number; type: string; notice: string }[] }>(p.unit.officer, `/initiatives/${p.id}/documents`);
        const entry = list.notices.find((x) => x.type === type) as { notice: string };
        return file(p.unit.officer, entry.notice.replace('/api/v1', '').replace(/pdf$/, format));
      };
      const [r, d, v] = await Promise.all([notice(returned, 'DossierReturned'), notice(declined, 'AwardDeclined'), notice(revoked, 'AwardRevoked')]);
      await Promise.all([sample('notice-returned.pdf', r), sample('notice-declined.pdf', d), sample('notice-revoked.pdf', v)]);
      const [rt, dt, vt] = (await pdfPages(r, d, v)).map((pages) => flat(pages.join(' ')));
      expect(rt).toContain('Lý do: The achievement report is not signed by the unit head');
      expect(dt).toContain('Lý do: Lower score than the awarded initiatives');
      expect(vt).toContain(`Quyết định khen thưởng số ${DECISION}`);
      expect(vt).toContain('Căn cứ: Law on Emulation and Commendation 2022, art. 92');
      await sample('notice-declined.docx', await notice(declined, 'AwardDeclined', 'docx'));
    });

    it('documents follow the read rules of the data they show', async () => {
      const p = secret()[0];
      const reviewId = ((await history(p)).find((e) => e.type === 'ReviewClosed') as HistoryEntry).data.reviewId as string;
      const stranger = w.nominating.find((u) => u.id !== p.unit.id && u.level === 'grassroots' && u.id !== w.recusedUnit.id)?.officer as string;
      await file(stranger, `/initiatives/${p.id}/reviews/${reviewId}/minutes.pdf`, 404);
      await file(w.citizen, `/initiatives/${p.id}/reviews/${reviewId}/ballot-count.pdf`, 404);
      await file(null, `/initiatives/${p.id}/reviews/${reviewId}/minutes.pdf`, 401);
      await file(p.unit.officer, `/initiatives/${p.id}/reviews/${reviewId}/minutes.pdf`);
      await file(w.citizen, `${decisionPath}.pdf`); // every award on it was published: the decision is public
      await file(w.secretary, `/initiatives/${p.id}/decisions/0.pdf`, 400);
      await file(w.secretary, `/initiatives/${p.id}/reviews/${reviewId}/ballot-count.pdf?lang=fr`, 400);
    });

    it("the XLSX report's totals equal /stats/initiatives and /stats/funnel for the same filter, numbers as numbers", async () => {
      const at = `movementId=${w.mainMovementId}&year=2025&minPosition=${http.lastPosition}`;
      const xlsx = await file(w.auditor, `/stats/report.xlsx?unitId=${w.national.id}&${at}`);
      await sample('statistics.xlsx', xlsx);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx as unknown as ArrayBuffer);
      const rows = (name: string) => (book.getWorksheet(name)?.getSheetValues() ?? []).filter(Boolean).slice(1) as unknown[][];
      const stats = await http.get<{ total: number; groups: { level: string | null; field: string; year: number; count: number }[] }>(w.auditor, `/stats/initiatives?${at}&groupBy=level,field,year`);
      const funnel = await http.get<Record<string, number>>(w.auditor, `/stats/funnel?${at}`);
      const initiatives = rows('initiatives');
      expect(initiatives.every((r) => typeof r[4] === 'number' && typeof r[3] === 'number')).toBe(true);
      expect(initiatives.reduce((s, r) => s + (r[4] as number), 0)).toBe(stats.total);
      expect(initiatives.map((r) => [r[1] || null, r[2], r[3], r[4]]).sort()).toEqual(stats.groups.map((g) => [g.level, g.field, g.year, g.count]).sort());
      expect(Object.fromEntries(rows('funnel').map((r) => [r[1], r[2]]))).toEqual(funnel);
      expect(stats.total).toBe(500);
      expect(book.worksheets.map((s) => s.name)).toEqual(['initiatives', 'status', 'awards', 'replications', 'funnel', 'movements', 'units']);
      const awards = rows('awards');
      // By the level each initiative stands at now: the escalated one counts at the national level.
      expect(awards.every((r) => r[1] === 'certificate_of_merit')).toBe(true);
      expect(awards.reduce((s, r) => s + (r[3] as number), 0)).toBe(119);
      expect(awards.reduce((s, r) => s + (r[4] as number), 0)).toBe(1);
      // A district and its wards only.
      const district = w.nominating.find((u) => u.level === 'district') as World['units'][number];
      const csv = (await file(w.auditor, `/stats/report.csv?unitId=${district.id}&table=funnel&${at}`)).toString('utf8');
      await sample('statistics-district-funnel.csv', Buffer.from(csv));
      const inDistrict = plans.filter((p) => p.track === 'open' && (p.unit.id === district.id || p.unit.parentId === district.id));
      expect(csv.split('\r\n')[1]).toBe(`registered,${inDistrict.length}`);
      await file(w.auditor, `/stats/report.xlsx?unitId=nope-${w.tag}`, 404);
    });

    it('the audit log of a filter comes as CSV, every event, no ballot secret', async () => {
      const p = secret()[0];
      const csv = (await file(w.auditor, `/audit/events.csv?stream=initiative-${p.id}`)).toString('utf8');
      await sample('audit-events.csv', Buffer.from(csv));
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toBe('position,recorded_at,stream,version,type,actor_id,correlation_id,event_id,data');
      expect(lines.length - 1).toBe((await history(p)).length);
      expect(csv).not.toMatch(/sealedChoice|"choice"/);
      await file(w.secretary, `/audit/events.csv?stream=initiative-${p.id}`, 403);
    });

    it("a movement's preliminary summary comes as a PDF of the counts the log froze", async () => {
      await http.post(w.boardAdmin, `/movements/${w.secretMovementId}/summaries`, { kind: 'preliminary', note: 'Sơ kết 6 tháng' });
      const pdf = await file(w.auditor, `/movements/${w.secretMovementId}/summaries/preliminary.pdf`);
      await sample('movement-summary.pdf', pdf);
      const text = flat((await pdfPages(pdf))[0].join(' '));
      expect(text).toContain('BÁO CÁO SƠ KẾT');
      expect(text).toContain('Tổng số: 20');
      await file(w.auditor, `/movements/${w.secretMovementId}/summaries/final.pdf`, 404);
    });

    it('/public/verify says a genuine document matches and what it attests, and that an altered copy does not', async () => {
      const codeOf = async (pdf: Buffer) => {
        const [code] = await pdfCodes(pdf);
        // The code printed under the QR is the one in the metadata.
        expect(flat((await pdfPages(pdf))[0].join(' ')).replace(/\s/g, '')).toContain(code);
        return code as string;
      };
      const p = awarded()[2];
      const certificate = await file(w.citizen, `/initiatives/${p.id}/decisions/1/certificate.pdf`);
      const certCode = await codeOf(certificate);
      const decisionCode = await codeOf(await file(w.auditor, `${decisionPath}.pdf`));
      const s = secret()[0];
      const reviewId = ((await history(s)).find((e) => e.type === 'ReviewClosed') as HistoryEntry).data.reviewId as string;
      const ballotCode = await codeOf(await file(w.secretary, `/initiatives/${s.id}/reviews/${reviewId}/ballot-count.pdf`));
      const verify = (code: string, status = 200) => api.anonymous.get(`/public/verify/${code}`).expect(status).then((r) => r.body as { matches: boolean; attests?: Record<string, unknown> });

      const genuine = await verify(certCode);
      expect(genuine).toMatchObject({ matches: true, kind: 'certificate', subject: [p.id, '1'], attests: { decisionNo: DECISION, awardForm: 'certificate_of_merit', level: 'province', title: p.title } });
      expect(await verify(decisionCode)).toMatchObject({ matches: true, attests: { decisionNo: DECISION, recipients: 119 } });
      const ballot = await verify(ballotCode);
      expect(ballot).toMatchObject({ matches: true, kind: 'ballot-count' });
      for (const name of [...MEMBER_NAMES, ...w.members]) expect(JSON.stringify(ballot)).not.toContain(name);

      // The facts of the copy altered: their hash no longer matches; nor does another position.
      const ref = decodeVerificationCode(certCode)!;
      expect((await verify(encodeVerificationCode({ ...ref, hash: ref.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }))).matches).toBe(false);
      expect((await verify(encodeVerificationCode({ ...ref, subject: [p.id, '2'] }))).matches).toBe(false);
      expect(await verify(encodeVerificationCode({ ...ref, position: decodeVerificationCode(decisionCode)!.position }))).toEqual({ kind: 'certificate', subject: [p.id, '1'], position: expect.any(String), coveredBy: null, matches: false, detail: expect.any(String) });
      await verify('not-a-code', 400);

      // The log altered behind Laurel's back: the awardee's decision number changed in the database.
      const db = api.app.get(Pool);
      const stream = `initiative-${p.id}`;
      const { rows } = await db.query<{ event_id: string; data: unknown }>(`SELECT event_id, data FROM es_events WHERE stream_name = $1 AND event_type = 'AwardGranted'`, [stream]);
      await db.query(`UPDATE es_events SET data = jsonb_set(data, '{decisionNo}', '"911/QĐ-UBND"') WHERE stream_name = $1 AND event_type = 'AwardGranted'`, [stream]);
      try {
        expect((await verify(certCode)).matches).toBe(false);
        expect((await verify(decisionCode)).matches).toBe(false);
        expect((await verify(ballotCode)).matches).toBe(true);
      } finally {
        // Later tests share the run's database (and verify its hash chains): restore the event.
        for (const row of rows) await db.query('UPDATE es_events SET data = $2 WHERE event_id = $1', [row.event_id, JSON.stringify(row.data)]);
      }
    });
  });

}
