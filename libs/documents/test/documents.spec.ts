import {
  TEMPLATES,
  ballotCountFacts,
  ballotCountModel,
  certificateFacts,
  certificateModel,
  certificatePdf,
  decisionFacts,
  decisionModel,
  decodeVerificationCode,
  documentDocx,
  documentPdf,
  encodeVerificationCode,
  factsHash,
  minutesFacts,
  minutesModel,
  namesFrom,
  type Issue,
} from '../src';
import { secretReviewStream } from './fixtures';
import { docxText, flat, pdfPages } from './read-documents';

jest.setTimeout(60_000);

const names = namesFrom({ units: { 'ward-1': 'Ủy ban nhân dân phường Phúc Đồng' }, users: { m1: 'Nguyễn Lan Hương', m2: 'Trần Văn Minh', m3: 'Lê Thị Thu', m4: 'Phạm Quốc Khánh', m5: 'Hoàng Thị Mai', m6: 'Vũ Đức Thắng' }, councils: { 'council-1': 'Hội đồng Thi đua - Khen thưởng thành phố' } });
const issue: Issue = { verifyUrl: 'https://laurel.example/api/v1/public/verify', template: TEMPLATES.vi };

describe('documents from the log', () => {
  const events = secretReviewStream();

  it('the ballot count record of a secret review carries the exact counts and names no voter', async () => {
    const facts = ballotCountFacts('init-1', events, 'rev-1');
    expect(facts).toMatchObject({ issued: 5, returned: 4, valid: 4, invalid: 0, approve: 3, reject: 1, abstain: 0, approvalBase: 5, percentage: 60, outcome: 'not_recommended' });
    expect(JSON.stringify(facts)).not.toMatch(/m[1-6]"/);
    const model = ballotCountModel(facts!, names, issue);
    const [[page]] = await pdfPages(await documentPdf(model));
    const text = flat(page);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('BIÊN BẢN KIỂM PHIẾU');
    expect(text).toMatch(/Số phiếu phát ra \(thành viên có quyền biểu quyết\) 5/);
    expect(text).toMatch(/Tỷ lệ đồng ý \(%\) 60\.00/);
    for (const member of ['Nguyễn Lan Hương', 'Trần Văn Minh', 'Lê Thị Thu', 'Phạm Quốc Khánh']) expect(text).not.toContain(member);
    const docx = flat(await docxText(await documentDocx(model)));
    expect(docx).toContain('Số phiếu đồng ý 3');
    expect(docx).toContain('Ủy ban nhân dân phường Phúc Đồng');
  });

  it('the minutes show attendance and the score summary per criterion, never a choice beside a name', async () => {
    const facts = minutesFacts('init-1', events, 'rev-1')!;
    expect(facts.present).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(facts.absent).toEqual(['m5']);
    expect(facts.recused).toEqual([{ memberId: 'm6', reason: 'automatic:nominating_unit' }]);
    expect(facts.criteria).toEqual([{ criterion: 'impact', sheets: 2, mean: 85 }, { criterion: 'novelty', sheets: 2, mean: 65 }]);
    const text = flat((await pdfPages(await documentPdf(minutesModel(facts, names, issue))))[0].join(' '));
    expect(text).toContain('Vũ Đức Thắng (thuộc đơn vị đề nghị)');
    expect(text).toContain('Thành viên vắng mặt: Hoàng Thị Mai');
    expect(text).not.toMatch(/approve|reject|Đồng ý Nguyễn/);
  });

  it('a verification code carries kind, subject, position and the hash of the facts, and any change to the facts changes the hash', () => {
    const facts = certificateFacts('init-1', events, 1)!;
    const code = certificateModel(facts, names, issue, { issuer: 'Ủy ban nhân dân thành phố Hà Nội' }).verification.code;
    expect(decodeVerificationCode(code)).toEqual({ kind: 'certificate', subject: ['init-1', '1'], position: facts.anchor.position, hash: factsHash(facts) });
    expect(factsHash({ ...facts, award: { ...facts.award, decisionNo: '13/QĐ-UBND' } })).not.toEqual(factsHash(facts));
    expect(decodeVerificationCode(code.slice(0, 12))).toBeUndefined();
    expect(decodeVerificationCode('not a code')).toBeUndefined();
    expect(decodeVerificationCode(encodeVerificationCode({ kind: 'certificate', subject: ['a'], position: '0'.repeat(32), hash: 'f'.repeat(32) }))).toBeDefined();
  });

  it('a certificate and a decision keep their Vietnamese diacritics intact', async () => {
    const cert = certificateFacts('init-1', events, 1)!;
    const issuer = { issuer: 'Ủy ban nhân dân thành phố Hà Nội' };
    const decision = decisionFacts('12/QĐ-UBND', [{ initiativeId: 'init-1', events }])!;
    const [[c], d] = await pdfPages(await certificatePdf(certificateModel(cert, names, issue, issuer)), await documentPdf(decisionModel(decision, names, issue, issuer)));
    expect(flat(c)).toContain('BẰNG KHEN');
    expect(flat(c)).toContain('Ủy ban nhân dân phường Phúc Đồng');
    expect(flat(d.join(' '))).toContain('Về việc tặng Bằng khen');
    expect(flat(d.join(' '))).toContain('Số: 12/QĐ-UBND');
  });
});
