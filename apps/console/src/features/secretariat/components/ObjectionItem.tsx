import { Badge, Button, Group, Paper, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useFormat } from '../../../lib/prefs';
import { resolveObjection, type Objection } from '../api';
import { useSecretaryCommand } from '../useCommand';

/** One objection; an open one carries its resolution form (upheld or dismissed, with a reason). */
export function ObjectionItem({ initiativeId, objection, index }: { initiativeId: string; objection: Objection; index: number }) {
  const { t } = useTranslation('secretariat');
  const fmt = useFormat();
  const [outcome, setOutcome] = useState<'upheld' | 'dismissed'>('dismissed');
  const [reason, setReason] = useState('');
  const command = useSecretaryCommand((body: { outcome: 'upheld' | 'dismissed'; reason: string }, key) => resolveObjection(initiativeId, objection.objectionId, body, key));
  const headingId = `objection-${index}`;
  return (
    <Paper withBorder p="sm" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600} id={headingId}>
            #{index + 1} · {t('filedAt', { at: fmt.dateTime(objection.filedAt) })}
          </Text>
          <Badge variant="light" color={objection.status === 'open' ? 'orange' : 'gray'}>{t(`objection_${objection.status}`)}</Badge>
        </Group>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{objection.text}</Text>
        {objection.contact && <Text size="sm">{t('contact', { contact: objection.contact })}</Text>}
        {objection.status !== 'open' && <Text size="sm">{t('resolvedWith', { outcome: t(`objection_${objection.status}`), reason: objection.reason ?? '' })}</Text>}
        {objection.status === 'open' && (
          <form
            aria-label={t('resolveTitle')}
            onSubmit={(e) => {
              e.preventDefault();
              command.mutate({ outcome, reason: reason.trim() });
            }}
          >
            <Stack gap="xs">
              <Radio.Group label={t('resolution')} value={outcome} onChange={(v) => setOutcome(v as 'upheld' | 'dismissed')}>
                <Group mt={4}>
                  <Radio value="dismissed" label={t('dismiss')} />
                  <Radio value="upheld" label={t('uphold')} />
                </Group>
              </Radio.Group>
              <Textarea label={t('resolutionReason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
              <ErrorAlert error={command.error} />
              <Button type="submit" loading={command.isPending} w="fit-content">
                {t('submitResolution')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
