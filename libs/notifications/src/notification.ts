import { uuidFromName } from '@laurel/application';

export const CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** One notification to one recipient on one channel: the data of a delivery job. */
export interface NotificationJob {
  kind: string;
  channel: Channel;
  recipient: string;
  /** The event (or the timer job) this notification comes from. */
  sourceId: string;
  initiativeId?: string;
  title?: string;
  /** When the source event was appended (or the timer fell due): the start of delivery latency. */
  eventAt: string;
  /** Facts the templates show: reason, deadline, decision number, … */
  params: Record<string, string>;
}

/**
 * The delivery job's id: the same source, recipient and channel always give the same id, so
 * enqueueing again after a crash or a replay adds nothing (BullMQ ignores a known job id), and
 * every channel can refuse a job id it has already delivered.
 */
export function deliveryJobId(sourceId: string, recipient: string, channel: Channel): string {
  return `${channel}-${uuidFromName(`${sourceId}\u0000${recipient}\u0000${channel}`)}`;
}
