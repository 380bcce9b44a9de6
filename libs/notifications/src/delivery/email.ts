import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationJob } from '../notification';
import type { SmtpSettings } from '../settings';
import type { Directory } from '../dispatch/directory';
import type { DeliveryLog } from '../store/deliveries';
import type { PreferenceStore } from '../store/preferences';
import { render } from './templates';

/**
 * E-mail over SMTP in the recipient's language. The job id is the Message-ID and is recorded once
 * sent: a repeated job (a crash after sending, a replay) is skipped.
 */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(
    private readonly smtp: SmtpSettings,
    private readonly directory: Directory,
    private readonly preferences: PreferenceStore,
    private readonly log: DeliveryLog,
  ) {
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
      // Local test servers and relays inside the cluster often have no certificate for their name.
      tls: { rejectUnauthorized: process.env.SMTP_TLS_REJECT_UNAUTHORIZED !== 'false' },
    });
  }

  async send(jobId: string, job: NotificationJob): Promise<void> {
    if (await this.log.delivered(jobId)) return;
    const [emails, prefs] = await Promise.all([this.directory.emails([job.recipient]), this.preferences.get(job.recipient)]);
    const to = emails.get(job.recipient);
    if (!to) throw new Error(`no e-mail address for ${job.recipient}`);
    const { subject, text } = render(job, prefs.locale);
    await this.transport.sendMail({
      from: this.smtp.from,
      to,
      subject,
      text,
      messageId: `<${jobId}@laurel>`,
      headers: { 'X-Laurel-Job-Id': jobId, 'Content-Language': prefs.locale },
    });
    await this.log.record(jobId, 'email');
  }

  close(): void {
    this.transport.close();
  }
}
