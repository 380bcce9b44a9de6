import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { FormError, useFieldError as useCatalogueFieldError } from '../../components/FormErrors';
import { newIdempotencyKey, type CommandResult } from '../../lib/api';
import { directoryKeys } from './api';
import type { Errors } from './validation';

/**
 * A command of an administrator's form: one Idempotency-Key per submission (a retry of the same
 * body after a lost answer reuses it, a changed body gets a new one); on success every directory
 * query is invalidated, and the lists re-read at the command's position (they pass readOwnWrites()).
 */
export function useDirectoryCommand<Body>(send: (body: Body, key: string) => Promise<CommandResult>, onDone?: (result: CommandResult, body: Body) => void) {
  const client = useQueryClient();
  const last = useRef<{ body: string; key: string } | null>(null);
  const keyFor = (body: Body): string => {
    const json = JSON.stringify(body);
    if (last.current?.body !== json) last.current = { body: json, key: newIdempotencyKey() };
    return last.current.key;
  };
  return useMutation({
    mutationFn: (body: Body) => send(body, keyFor(body)),
    onSuccess: async (result, body) => {
      last.current = null;
      onDone?.(result, body);
      await client.invalidateQueries({ queryKey: directoryKeys.all });
    },
  });
}

/** The message of a field's error in the viewer's language (undefined when the field is fine). */
export const useFieldError = (errors: Errors) => useCatalogueFieldError(errors, 'directory');

export { FormError };
