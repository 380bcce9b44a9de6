import { createHmac } from 'node:crypto';
import type { NotificationJob } from '../notification';
import type { DeliveryLog } from '../store/deliveries';
import type { PreferenceStore } from '../store/preferences';

export const SIGNATURE_HEADER = 'x-laurel-signature';
export const TIMESTAMP_HEADER = 'x-laurel-timestamp';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): receivers recompute and compare. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Webhooks: an HTTP POST of the notification as JSON, signed, with the job id as Idempotency-Key so
 * a receiver can drop a repeat. A non-2xx answer is a failure to retry.
 */
export class WebhookSender {
  constructor(
    private readonly preferences: PreferenceStore,
    private readonly log: DeliveryLog,
    private readonly timeoutMs: number,
  ) {}

  async send(jobId: string, job: NotificationJob): Promise<void> {
    if (await this.log.delivered(jobId)) return;
    const prefs = await this.preferences.get(job.recipient);
    if (!prefs.webhookUrl) throw new Error(`no webhook URL for ${job.recipient}`);
    const body = JSON.stringify({
      id: jobId,
      kind: job.kind,
      recipient: job.recipient,
      initiativeId: job.initiativeId ?? null,
      title: job.title ?? null,
      params: job.params,
      occurredAt: job.eventAt,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(prefs.webhookUrl, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': jobId,
        [TIMESTAMP_HEADER]: timestamp,
        ...(prefs.webhookSecret ? { [SIGNATURE_HEADER]: signWebhook(prefs.webhookSecret, timestamp, body) } : {}),
      },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    await this.log.record(jobId, 'webhook');
  }
}
