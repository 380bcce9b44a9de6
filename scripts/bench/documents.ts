/**
 * bench:documents — rendering speed of the official documents, from facts already read (the log
 * reads are the API's and are measured by its tests): all certificates of one 119-award decision
 * as a single PDF, and council meeting minutes one PDF each. The baseline in the same run is a
 * bare pdfkit page with the same embedded font, so the figures can be compared across machines.
 * Prints one JSON line.
 *
 *   npm run bench:documents -- --awards 119 --minutes 200 --rounds 3
 */
import {
  TEMPLATES,
  certificateModel,
  documentPdf,
  drawCertificate,
  minutesModel,
  newPdf,
  pdfBuffer,
  type CertificateFacts,
  type InitiativeFacts,
  type Issue,
  type MinutesFacts,
} from '@laurel/documents';
import { namesFrom } from '@laurel/documents';
import { parseArgs, round } from './stats';

const issue: Issue = { verifyUrl: 'https://laurel.example/api/v1/public/verify', template: TEMPLATES.vi };
const issuer = { issuer: 'Ủy ban nhân dân thành phố Hà Nội', parent: 'Hội đồng nhân dân' };
const position = (i: number) => i.toString(16).padStart(32, '0');
const eventId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

const initiative = (i: number): InitiativeFacts => ({
  initiativeId: `initiative-${i}`,
  movementId: 'creative-solidarity',
  unitId: `ward-${i % 12}`,
  title: `Mô hình "Tổ dân phố tự quản, xanh - sạch - đẹp" số ${i + 1}`,
  field: 'culture_society',
  authors: ['Nguyễn Văn An', 'Trần Thị Bình'],
  awardForm: 'certificate_of_merit',
  level: 'province',
  councilId: 'council',
});
const names = namesFrom({ units: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`ward-${i}`, `Ủy ban nhân dân phường Phúc Đồng ${i + 1}`])), councils: { council: 'Hội đồng Thi đua - Khen thưởng thành phố Hà Nội' } });

const certificate = (i: number): CertificateFacts => ({
  initiative: initiative(i),
  n: 1,
  award: { decisionNo: '119/QĐ-UBND', decidedOn: '2025-07-01', signedBy: 'Trần Sỹ Thanh', awardForm: 'certificate_of_merit', level: 'province', councilId: 'council' },
  anchor: { eventId: eventId(i), position: position(1000 + i) },
});

const panel = Array.from({ length: 9 }, (_, i) => `member-${i + 1}`);
const minutes = (i: number): MinutesFacts => ({
  initiative: initiative(i),
  reviewId: `review-${i}`,
  cycle: 1,
  councilId: 'council',
  level: 'province',
  secretBallot: true,
  openedAt: '2025-06-02T02:00:00.000Z',
  closedAt: '2025-06-02T04:00:00.000Z',
  panel,
  present: panel.slice(0, 8),
  recused: [{ memberId: 'member-9', reason: 'automatic:nominating_unit' }],
  absent: [],
  criteria: ['effectiveness', 'novelty', 'replicability', 'impact'].map((criterion, k) => ({ criterion, sheets: 8, mean: 70 + k })),
  scoreSummary: { sheets: 8, average: 72.5 },
  rule: { definitionId: 'initiative-recognition-secret', definitionVersion: 1, quorum: { fraction: '2/3', base: 'all_members' }, approval: { fraction: '2/3', base: 'all_members', comparison: 'at_least' }, secretBallot: true },
  tally: { panel: 9, recused: 1, eligible: 8, voted: 8, approve: 7, reject: 1, abstain: 0, quorumMet: true, approvalBase: 8, approved: true },
  outcome: 'recommended',
  anchor: { eventId: eventId(i), position: position(5000 + i) },
});

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { awards: 119, minutes: 200, rounds: 3 });
  // Warm-up: font parsing and JIT, once, as a running API would have done.
  await documentPdf(minutesModel(minutes(0), names, issue));

  const bare = async () => {
    const doc = newPdf('landscape');
    for (let i = 0; i < args.awards; i++) {
      doc.addPage({ size: 'A4', layout: 'landscape' });
      doc.font('R').fontSize(14).text(`Bằng khen ${i + 1}`, 60, 60);
    }
    return pdfBuffer(doc);
  };
  let bytes = 0;
  const certificates = async () => {
    const doc = newPdf('landscape');
    for (let i = 0; i < args.awards; i++) drawCertificate(doc, certificateModel(certificate(i), names, issue, issuer));
    bytes = (await pdfBuffer(doc)).length;
  };
  const minutesRun = async () => {
    for (let i = 0; i < args.minutes; i++) await documentPdf(minutesModel(minutes(i), names, issue));
  };
  const best = async (work: () => Promise<unknown>) => {
    let s = Infinity;
    for (let r = 0; r < args.rounds; r++) s = Math.min(s, await timed(work));
    return s;
  };
  const bareSeconds = await best(bare);
  const certificateSeconds = await best(certificates);
  const minutesSeconds = await best(minutesRun);
  console.log(
    JSON.stringify({
      bench: 'documents',
      awards: args.awards,
      certificatesPerSecond: round(args.awards / certificateSeconds, 1),
      certificatesPdfSeconds: round(certificateSeconds, 3),
      certificatesPdfBytes: bytes,
      minutes: args.minutes,
      minutesPerSecond: round(args.minutes / minutesSeconds, 1),
      baseline: { barePagesPerSecond: round(args.awards / bareSeconds, 1), note: 'a bare pdfkit page with one line of the same embedded Tinos font, in one PDF' },
      targetCertificatesPerSecond: 50,
      rounds: args.rounds,
      node: process.version,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
