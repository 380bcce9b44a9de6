import { BadRequestException, Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { decodeVerificationCode, factsHash, type BallotCountFacts, type CertificateFacts, type DecisionFacts, type MinutesFacts, type MovementSummaryFacts, type ResultNoticeFacts, type SubmissionFacts } from '@laurel/documents';
import { AuditProofs } from '@laurel/event-store/audit';
import { Public } from '../auth/auth.decorators';
import { DocumentAccess } from './document-access';
import { DocumentFacts, type Resolved } from './document-facts';
import { QueryResponses } from '../http/openapi';
import { VerificationView } from './views.dto';

/**
 * What a matching document attests, for anyone holding it: counts, outcomes, numbers and dates;
 * the initiative's title and unit only where the document is public (an award); never a member's
 * name, a score sheet or anything the document does not print.
 */
const attests = async (r: Resolved, unitName: (id: string) => Promise<string | undefined>): Promise<Record<string, unknown>> => {
  const f = r.facts as unknown;
  switch (r.kind) {
    case 'minutes': {
      const m = f as MinutesFacts;
      return { councilId: m.councilId, cycle: m.cycle, closedAt: m.closedAt, secretBallot: m.secretBallot, tally: m.tally, outcome: m.outcome, rule: m.rule };
    }
    case 'ballot-count': {
      const b = f as BallotCountFacts;
      const { initiative: _i, anchor: _a, reviewId: _r, ...counts } = b;
      return counts;
    }
    case 'certificate': {
      const c = f as CertificateFacts;
      // Title and unit once the award is published; before that, the award alone.
      const published = r.streams[0]?.events.some((e) => e.type === 'InitiativePublished') ?? false;
      return published ? { title: c.initiative.title, unit: (await unitName(c.initiative.unitId)) ?? c.initiative.unitId, ...c.award } : { ...c.award };
    }
    case 'decision': {
      const d = f as DecisionFacts;
      return { decisionNo: d.decisionNo, decidedOn: d.decidedOn, signedBy: d.signedBy, awardForm: d.awardForm, level: d.level, recipients: d.recipients.length };
    }
    case 'result-notice': {
      const n = f as ResultNoticeFacts;
      return { outcome: n.outcome, on: n.on, ...(n.decisionNo ? { decisionNo: n.decisionNo } : {}) };
    }
    case 'submission': {
      const s = f as SubmissionFacts;
      return { councilId: s.councilId, session: s.session, nominees: s.entries.length };
    }
    case 'movement-summary': {
      const s = f as MovementSummaryFacts;
      return { movementId: s.movementId, title: s.title, kind: s.kind, recordedAt: s.recordedAt, statistics: s.statistics };
    }
  }
};

@ApiTags('public')
@Controller('public/verify')
export class VerifyController {
  constructor(
    private readonly facts: DocumentFacts,
    private readonly access: DocumentAccess,
    private readonly proofs: AuditProofs,
  ) {}

  @Get(':code')
  @Public()
  @ApiParam({ name: 'code', description: "The code printed under a document's QR code" })
  @ApiOperation({ summary: 'Whether a document matches the log now, and what it attests (no sign-in; nothing personal beyond what the document shows publicly)' })
  @QueryResponses(VerificationView, { public: true })
  async verify(@Param('code') code: string) {
    const ref = decodeVerificationCode(code);
    if (!ref) throw new BadRequestException({ code: 'VALIDATION_FAILED', errors: [{ field: 'code', in: 'path', messages: ['code: not a Laurel verification code'] }] });
    const resolved = await this.facts.resolve(ref.kind, ref.subject, ref.position);
    const base = { kind: ref.kind, subject: ref.subject, position: ref.position, coveredBy: null };
    // One answer for "no such document" and "altered": the reply must not tell which nominations exist.
    if (!resolved || factsHash(resolved.facts) !== ref.hash) {
      return { ...base, matches: false, detail: 'The log holds no document with these facts at this position: the copy was altered, or the log was.' };
    }
    // The facts are the log's up to the anchor: a signed checkpoint at or past it seals them.
    const covering = await this.proofs.checkpointCovering(resolved.facts.anchor.position);
    const coveredBy = covering && { treeSize: covering.treeSize, rootHash: covering.rootHash, position: covering.position, createdAt: covering.createdAt, note: covering.note };
    return { ...base, coveredBy, matches: true, eventId: resolved.facts.anchor.eventId, attests: await attests(resolved, (id) => this.access.unitName(id)) };
  }
}
