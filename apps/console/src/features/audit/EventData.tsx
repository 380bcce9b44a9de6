import { Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import './messages';

export interface EventField {
  key: string;
  value: string;
}

const LONGEST = 80;

/** One value as a line of text: scalars as they are (long text cut), lists by their length, objects as {…}. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return `[${value.length}]`;
  if (typeof value === 'object') return '{…}';
  const text = String(value);
  return text.length > LONGEST ? `${text.slice(0, LONGEST - 1)}…` : text;
}

/**
 * What an auditor reads first in an event: its top-level fields (decision number, reason, stage,
 * outcome…), scalars before lists and objects, at most `max` of them; the rest is in the JSON.
 */
export function eventFields(data: Record<string, unknown>, max = 6): { fields: EventField[]; more: number } {
  const entries = Object.entries(data);
  const scalar = (v: unknown) => v === null || typeof v !== 'object';
  const ordered = [...entries.filter(([, v]) => scalar(v)), ...entries.filter(([, v]) => !scalar(v))];
  return { fields: ordered.slice(0, max).map(([key, value]) => ({ key, value: shown(value) })), more: Math.max(0, ordered.length - max) };
}

/** An event's data in the audit log: its main fields as lines, the whole JSON behind a toggle. */
export function EventData({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation('audit');
  const { fields, more } = eventFields(data);
  return (
    <Stack gap={2} maw={360}>
      {fields.map((f) => (
        <Text key={f.key} size="xs" style={{ overflowWrap: 'anywhere' }}>
          <Text span size="xs" fw={600}>
            {f.key}
          </Text>
          : {f.value}
        </Text>
      ))}
      {more > 0 && (
        <Text size="xs" c="dimmed">
          {t('moreFields', { count: more })}
        </Text>
      )}
      {fields.length > 0 && (
        <details>
          <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-xs)' }}>{t('wholeJson')}</summary>
          <Code block tabIndex={0} style={{ whiteSpace: 'pre-wrap', maxHeight: 240, overflow: 'auto' }}>
            {JSON.stringify(data, null, 2)}
          </Code>
        </details>
      )}
    </Stack>
  );
}
