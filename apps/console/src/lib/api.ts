import { v7 as uuidv7 } from 'uuid';
import { currentToken, expireSession } from './auth';

/** An API answer that was not 2xx, from its RFC 9457 problem+json body (api.md "Errors"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: { field?: string; message?: string; [k: string]: unknown }[] = [],
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
}

/** What every command answers (api.md "Commands"). */
export interface CommandResult {
  id: string;
  version: number;
  position: string;
}

/** A page of a list (api.md "Queries"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sent as Idempotency-Key: a retried command writes nothing twice. */
  idempotencyKey?: string;
  /** Wait until the read models have applied this position (a command's answer). */
  minPosition?: string | null;
  signal?: AbortSignal;
  /** Send no token even when signed in (public routes). */
  anonymous?: boolean;
}

// The position of this tab's latest command: queries that pass `readOwnWrites()` read their own writes.
let latestPosition: string | null = null;

/** The latest command's position, for `minPosition` on the next read. */
export function readOwnWrites(): string | null {
  return latestPosition;
}

export const API_BASE = '/api/v1';

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = new URL(`${API_BASE}${path}`, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
    else url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

async function problemFrom(response: Response): Promise<ApiError> {
  let body: { code?: string; title?: string; detail?: string; errors?: ApiError['errors'] } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's page): fall through to the status line.
  }
  return new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.title ?? response.statusText, body.detail ?? '', body.errors ?? []);
}

async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = options.anonymous ? null : currentToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const query = { ...options.query, ...(options.minPosition ? { minPosition: options.minPosition } : {}) };
  const response = await fetch(buildUrl(path, query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!response.ok) {
    if (response.status === 401 && token) expireSession();
    throw await problemFrom(response);
  }
  return response;
}

/** One JSON request to the API. Commands record their position for `readOwnWrites()`. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const json = (await response.json()) as T;
  if (method !== 'GET' && json && typeof json === 'object' && 'position' in json && typeof (json as { position: unknown }).position === 'string') {
    latestPosition = (json as unknown as CommandResult).position;
  }
  return json;
}

/** A file from the API (CSV, PDF) downloaded with the session's token, saved under `filename`. */
export async function download(path: string, filename: string, options: RequestOptions = {}): Promise<void> {
  const response = await send('GET', path, options, '*/*');
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A fresh Idempotency-Key for one user action (a form keeps it across retries): a UUIDv7, whose
 * time the API gives the ids it derives from the key, so they are time-ordered in the event log's
 * indexes (docs/scaling.md, "Ids").
 */
export function newIdempotencyKey(): string {
  return uuidv7();
}
