import { CHANNELS, deliveryJobId, type Channel, type NotificationJob } from '../notification';
import { deliveryJobOptions, enqueueDeliveries, type DeliveryJobSpec, type DeliveryQueues } from '../queues';
import type { NotificationSettings } from '../settings';
import { DEFAULT_PREFERENCES, type PreferenceStore } from '../store/preferences';
import type { Directory } from './directory';

/** A notification to one recipient, before its channels are chosen. */
export type Notice = Omit<NotificationJob, 'channel'>;

/**
 * Spreads notices over each recipient's chosen channels and enqueues them (one `addBulk` per
 * channel's queue), each with its deterministic job id. E-mail needs SMTP and an address in the
 * directory; webhooks a URL.
 */
export class Fanout {
  constructor(
    private readonly queues: DeliveryQueues,
    private readonly preferences: PreferenceStore,
    private readonly directory: Directory,
    private readonly settings: Pick<NotificationSettings, 'attempts' | 'backoffMs' | 'smtp'>,
  ) {}

  async jobs(notices: readonly Notice[]): Promise<DeliveryJobSpec[]> {
    if (notices.length === 0) return [];
    const recipients = notices.map((n) => n.recipient);
    const [prefs, emails] = await Promise.all([this.preferences.many(recipients), this.directory.emails(recipients)]);
    const options = deliveryJobOptions(this.settings);
    return notices.flatMap((notice) => {
      const p = prefs.get(notice.recipient) ?? DEFAULT_PREFERENCES;
      const usable: Record<Channel, boolean> = {
        in_app: p.channels.in_app,
        // Without SMTP configured there is no e-mail channel: nothing to retry into the dead letters.
        email: p.channels.email && emails.has(notice.recipient) && this.settings.smtp !== undefined,
        webhook: p.channels.webhook && Boolean(p.webhookUrl),
      };
      return CHANNELS.filter((c) => usable[c]).map((channel) => ({
        name: channel,
        data: { ...notice, channel },
        opts: { ...options, jobId: deliveryJobId(notice.sourceId, notice.recipient, channel) },
      }));
    });
  }

  async enqueue(notices: readonly Notice[]): Promise<number> {
    const jobs = await this.jobs(notices);
    await enqueueDeliveries(this.queues, jobs);
    return jobs.length;
  }
}
