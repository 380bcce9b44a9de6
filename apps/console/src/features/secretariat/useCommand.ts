import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { newIdempotencyKey } from '../../lib/api';
import { secretariatKeys } from './api';

/**
 * A secretary's command from one form: one Idempotency-Key per submission (a retry of the same
 * submission after a network failure reuses it; the next submission gets a fresh one), and on
 * success the feature's queries are invalidated — their refetch passes the command's position as
 * `minPosition`, so the screen shows the write at once (a close shows its tally).
 */
export function useSecretaryCommand<TVars, TResult>(run: (vars: TVars, idempotencyKey: string) => Promise<TResult>, onDone?: (result: TResult) => void) {
  const queryClient = useQueryClient();
  const pending = useRef<{ vars: string; key: string } | null>(null);
  return useMutation({
    mutationFn: (vars: TVars) => {
      const fingerprint = JSON.stringify(vars ?? null);
      if (!pending.current || pending.current.vars !== fingerprint) pending.current = { vars: fingerprint, key: newIdempotencyKey() };
      return run(vars, pending.current.key);
    },
    onSuccess: async (result) => {
      pending.current = null;
      await queryClient.invalidateQueries({ queryKey: secretariatKeys.all });
      onDone?.(result);
    },
  });
}
