import * as http from 'node:http';
import * as https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { NotificationJob } from '../notification';
import type { DeliveryLog } from '../store/deliveries';
import type { PreferenceStore } from '../store/preferences';
import { checkDestination, STRICT_WEBHOOK_POLICY, WebhookRefused, type WebhookPolicy } from './webhook-destination';

/** Standard Webhooks (standardwebhooks.com) headers: receivers verify with any of its libraries. */
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

/**
 * The Standard Webhooks signer for a secret: `whsec_<base64>` (the standard's form) is decoded;
 * any other secret (a receiver's own, 16+ characters) is used as raw UTF-8 key bytes.
 */
export function webhookSigner(secret: string): Webhook {
  return secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });
}

/** The signature headers of one delivery. */
export function signWebhook(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(Math.floor(at.getTime() / 1000)),
    [WEBHOOK_SIGNATURE_HEADER]: webhookSigner(secret).sign(id, at, body),
  };
}

/**
 * Webhooks: an HTTP POST of the notification as JSON, always signed (Standard Webhooks), with the
 * job id as Idempotency-Key and webhook-id so a receiver can drop a repeat. Only to https receivers
 * (http in embedded mode) on public addresses (or hosts in WEBHOOK_ALLOWED_HOSTS), connecting to the
 * very addresses that were checked; redirects are not followed. A non-2xx answer is a failure to
 * retry; a refused destination or a redirect goes to the dead letters at once, with the reason.
 */
export class WebhookSender {
  constructor(
    private readonly preferences: PreferenceStore,
    private readonly log: DeliveryLog,
    private readonly timeoutMs: number,
    private readonly policy: WebhookPolicy = STRICT_WEBHOOK_POLICY,
  ) {}

  async send(jobId: string, job: NotificationJob): Promise<void> {
    if (await this.log.delivered(jobId)) return;
    const prefs = await this.preferences.get(job.recipient);
    if (!prefs.webhookUrl) throw new WebhookRefused(`no webhook URL for ${job.recipient}`);
    const secret = prefs.webhookSecret ?? this.policy.signingSecret;
    if (!secret) throw new WebhookRefused('no webhook signing secret: the receiver set none and WEBHOOK_SIGNING_SECRET is unset');
    const destination = await checkDestination(prefs.webhookUrl, this.policy);
    const body = JSON.stringify({
      id: jobId,
      kind: job.kind,
      recipient: job.recipient,
      initiativeId: job.initiativeId ?? null,
      title: job.title ?? null,
      params: job.params,
      occurredAt: job.eventAt,
    });
    const status = await post(destination.url, destination.lookup, body, {
      'content-type': 'application/json',
      'idempotency-key': jobId,
      ...signWebhook(secret, jobId, new Date(), body),
    }, this.timeoutMs);
    if (status >= 300 && status < 400) throw new WebhookRefused(`webhook answered ${status}, a redirect (redirects are not followed)`);
    if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
    await this.log.record(jobId, 'webhook');
  }
}

/** One POST with node's http(s), connecting only to the checked addresses; the status code. */
function post(url: URL, lookup: http.RequestOptions['lookup'], body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, signal: AbortSignal.timeout(timeoutMs), agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
