import type { Pool } from 'pg';
import type { Channel } from '../notification';

/** Jobs already delivered on channels that cannot refuse a repeat themselves (e-mail, webhooks). */
export class DeliveryLog {
  constructor(private readonly pool: Pool) {}

  async delivered(jobId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM notification_deliveries WHERE job_id = $1', [jobId]);
    return (rowCount ?? 0) > 0;
  }

  async record(jobId: string, channel: Channel): Promise<void> {
    await this.pool.query('INSERT INTO notification_deliveries (job_id, channel) VALUES ($1, $2) ON CONFLICT (job_id) DO NOTHING', [jobId, channel]);
  }
}
