import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Errors } from './validation';

/** The message of a field's error, in the viewer's language (undefined when the field is fine). */
export function useFieldError(errors: Errors) {
  const { t } = useTranslation('initiatives');
  return (field: string): string | undefined => {
    const e = errors[field];
    return e ? t(e.key, e.values) : undefined;
  };
}

/** A form-level error (e.g. "documents") announced to screen readers. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Text c="red" size="sm" role="alert">
      {message}
    </Text>
  );
}
