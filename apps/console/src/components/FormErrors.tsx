import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A field's error: a key of the form's message catalogue, with its values. */
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}

export type Errors = Record<string, FieldError>;

/**
 * The message of a field's error in the viewer's language, from the catalogue `namespace` the form's
 * validation writes its keys in (undefined when the field is fine).
 */
export function useFieldError(errors: Errors, namespace: string) {
  const { t } = useTranslation(namespace);
  return (field: string): string | undefined => {
    const e = errors[field];
    return e ? t(e.key, e.values) : undefined;
  };
}

/** A form-level error (e.g. "documents"), announced to screen readers. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Text c="red" size="sm" role="alert">
      {message}
    </Text>
  );
}
