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

/** The fields that say what was decided and why, first when an event has them (in this order). */
const DECISIVE = ['decisionNo', 'outcome', 'reason', 'to', 'from', 'via', 'stage', 'decidedOn', 'signedBy', 'level', 'awardForm', 'recommendation'];

/** Decisive fields first, then other values, then identifiers (`…Id`), then lists and objects. */
function rank([key, value]: [string, unknown]): number {
  const decisive = DECISIVE.indexOf(key);
  if (decisive >= 0) return decisive;
  if (value !== null && typeof value === 'object') return DECISIVE.length + 2;
  return DECISIVE.length + (/Id$|^id$/.test(key) ? 1 : 0);
}

/**
 * What an auditor reads first in an event: its top-level fields, the decisive ones first (decision
 * number, outcome, reason, stage…; the stored order is the database's, not the author's), at most
 * `max` of them; the rest is in the JSON.
 */
export function eventFields(data: Record<string, unknown>, max = 6): { fields: EventField[]; more: number } {
  const ordered = Object.entries(data)
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ entry }) => entry);
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
