import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/api';
import { initiativeKeys } from './api';
import { STATUSES } from './statuses';

/**
 * One Idempotency-Key per form submission: a retry of the same body (a lost answer) reuses it, so
 * nothing is written twice; a changed body is a new submission and gets a new key.
 */
export function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  return {
    keyFor(body: unknown): string {
      const json = JSON.stringify(body);
      if (last.current?.body !== json) last.current = { body: json, key: newIdempotencyKey() };
      return last.current.key;
    },
    reset() {
      last.current = null;
    },
  };
}

/**
 * A command of a form: sends it with the submission's key, then invalidates every initiatives query
 * (lists re-read with minPosition = this command's position, so they show the write at once).
 */
export function useCommand<Body, Result>(send: (body: Body, key: string) => Promise<Result>, onDone?: (result: Result) => void) {
  const client = useQueryClient();
  const keys = useIdempotencyKey();
  return useMutation({
    mutationFn: (body: Body) => send(body, keys.keyFor(body)),
    onSuccess: async (result) => {
      keys.reset();
      await client.invalidateQueries({ queryKey: initiativeKeys.all });
      onDone?.(result);
    },
  });
}

/** A stage's name in the viewer's language (unknown stages show their id). */
export function useStatusLabel() {
  const { t } = useTranslation('initiatives');
  return (status: string) => ((STATUSES as readonly string[]).includes(status) ? t(`status_${status}`) : status);
}
