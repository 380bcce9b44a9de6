import type { ApiHarness } from '../api-harness';

/** A command's answer (201/200) or a problem (4xx), with the ids some commands hand back. */
export interface Answer {
  id: string;
  version: number;
  position: string;
  reviewId?: string;
  consultationId?: string;
  objectionId?: string;
  replicationId?: string;
  code?: string;
  detail?: string;
}

type Agent = ReturnType<ApiHarness['as']>;

/**
 * The scenario's people talking to the API: `post(who, path, body, status)` fails with the problem
 * body when the status differs. It keeps the highest position any command returned (the
 * `?minPosition=` that makes the read models show everything done so far) and counts requests.
 * `who` is a user id, or `null` for someone without an account (the public).
 */
export class HttpClient {
  lastPosition = '';
  requests = 0;
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly api: ApiHarness) {}

  async post(who: string | null, path: string, body: object, status = 200): Promise<Answer> {
    const response = await this.agent(who).post(path).send(body);
    this.requests++;
    if (response.status !== status) {
      throw new Error(`${who ?? 'anonymous'}: POST ${path} ${JSON.stringify(body)} → ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`);
    }
    const position = (response.body as Answer).position;
    if (typeof position === 'string' && position > this.lastPosition) this.lastPosition = position;
    return response.body as Answer;
  }

  async get<T>(who: string, path: string): Promise<T> {
    const response = await this.agent(who).get(path);
    this.requests++;
    if (response.status !== 200) throw new Error(`${who}: GET ${path} → ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as T;
  }

  private agent(who: string | null): Agent {
    if (who === null) return this.api.anonymous;
    let agent = this.agents.get(who);
    if (!agent) {
      agent = this.api.as(who);
      this.agents.set(who, agent);
    }
    return agent;
  }
}
