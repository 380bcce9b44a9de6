import type { EventStore, RecordedEvent } from '@laurel/event-store';
import { ruleFor, templateParams } from '../rules';
import { resolveRecipients, type DirectorySnapshot } from './directory';
import type { Notice } from './fanout';

type Data = Record<string, unknown>;

/** The notices a batch of events gives, one per recipient, in feed order. */
export function planNotices(events: readonly RecordedEvent[], snap: DirectorySnapshot, recusedByReview: ReadonlyMap<string, readonly string[]>): Notice[] {
  const notices: Notice[] = [];
  for (const e of events) {
    const rule = ruleFor(e.type);
    if (!rule) continue;
    const d = e.data as Data;
    const initiativeId = typeof d.initiativeId === 'string' ? d.initiativeId : undefined;
    const initiative = initiativeId ? snap.initiatives.get(initiativeId) : undefined;
    const panel = e.type === 'ReviewOpened' ? reviewPanel(d, recusedByReview) : undefined;
    const reminded = e.type === 'ReviewersReminded' && Array.isArray(d.memberIds) ? d.memberIds.filter((m): m is string => typeof m === 'string') : undefined;
    const recipients = resolveRecipients(rule.recipients, initiative, snap, { ...(panel ? { review_panel: panel } : {}), ...(reminded ? { members_owing_ballot: reminded } : {}) });
    for (const recipient of recipients) {
      notices.push({
        kind: rule.kind,
        recipient,
        sourceId: e.eventId,
        ...(initiativeId ? { initiativeId } : {}),
        ...(initiative ? { title: initiative.title } : {}),
        eventAt: e.recordedAt,
        params: templateParams(d),
      });
    }
  }
  return notices;
}

function reviewPanel(d: Data, recusedByReview: ReadonlyMap<string, readonly string[]>): string[] {
  const recused = new Set(recusedByReview.get(String(d.reviewId)) ?? []);
  return ((d.panel as string[]) ?? []).filter((m) => !recused.has(m));
}

/**
 * Members recused automatically when each review in the batch opened. The engine appends those
 * MemberRecused events with the ReviewOpened, in the same command, so they follow it in its stream
 * (read from the stream: the batch may end between them).
 */
export async function recusalsAtOpening(store: EventStore, events: readonly RecordedEvent[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const opened of events.filter((e) => e.type === 'ReviewOpened')) {
    const reviewId = String((opened.data as Data).reviewId);
    const panelSize = ((opened.data as Data).panel as unknown[] | undefined)?.length ?? 0;
    const following = await store.readStream(opened.streamName, { from: opened.streamVersion + 1, maxCount: panelSize + 2 });
    const sameCommand = following.filter((f) => f.metadata.causationId === opened.metadata.causationId);
    out.set(
      reviewId,
      sameCommand.filter((f) => f.type === 'MemberRecused' && (f.data as Data).reviewId === reviewId).map((f) => String((f.data as Data).memberId)),
    );
  }
  return out;
}
