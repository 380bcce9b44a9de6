import { Alert, Button, Paper, Radio, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { screen } from '../api';
import { useSecretaryCommand } from '../useCommand';

/** Accept the dossier, or return it to the unit with a reason (a return without one is not sent). */
export function ScreeningForm({ initiativeId, onDone }: { initiativeId: string; onDone?: (message: string) => void }) {
  const { t } = useTranslation('secretariat');
  const [outcome, setOutcome] = useState<'accepted' | 'returned'>('accepted');
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // The form goes once the stage moves on: the page keeps the message (onDone), the form too while it stays.
  const command = useSecretaryCommand((body: { outcome: 'accepted' | 'returned'; reason?: string }, key) => screen(initiativeId, body, key), () => {
    const message = outcome === 'accepted' ? t('screenedAccepted') : t('screenedReturned');
    setDone(message);
    onDone?.(message);
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="screen-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (outcome === 'returned' && !reason.trim()) {
            setMissingReason(true);
            return;
          }
          setMissingReason(false);
          command.mutate(outcome === 'returned' ? { outcome, reason: reason.trim() } : { outcome });
        }}
      >
        <Stack>
          <Title order={3} id="screen-title">
            {t('screenTitle')}
          </Title>
          <Radio.Group label={t('screenOutcome')} value={outcome} onChange={(v) => setOutcome(v as 'accepted' | 'returned')}>
            <Stack gap={6} mt={4}>
              <Radio value="accepted" label={t('accept')} />
              <Radio value="returned" label={t('returnDossier')} />
            </Stack>
          </Radio.Group>
          {outcome === 'returned' && (
            <Textarea label={t('returnReason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={missingReason ? t('returnReasonRequired') : undefined} />
          )}
          <ErrorAlert error={command.error} />
          {done && (
            <Alert color="teal" role="status">
              {done}
            </Alert>
          )}
          <Button type="submit" loading={command.isPending} w="fit-content">
            {t('submitScreening')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
