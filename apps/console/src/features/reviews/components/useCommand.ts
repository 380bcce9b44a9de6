import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError, newIdempotencyKey, type CommandResult } from '../../../lib/api';

/**
 * A form's command: one Idempotency-Key per submission (kept when the network failed, so a retry
 * writes nothing twice; renewed once the API has answered), then the feature's queries are
 * invalidated — their refetch passes `minPosition: readOwnWrites()` and so reads this write.
 */
export function useCommand<V>(send: (vars: V, idempotencyKey: string) => Promise<CommandResult>, invalidate: QueryKey) {
  const queryClient = useQueryClient();
  const key = useRef<string | null>(null);
  return useMutation({
    mutationFn: (vars: V) => {
      key.current ??= newIdempotencyKey();
      return send(vars, key.current);
    },
    onSuccess: async () => {
      key.current = null;
      await queryClient.invalidateQueries({ queryKey: invalidate });
    },
    onError: (error) => {
      if (error instanceof ApiError) key.current = null;
    },
  });
}
