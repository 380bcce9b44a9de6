import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { escalate, publish } from '../api';
import { useSecretaryCommand } from '../useCommand';

export function PublishForm({ initiativeId, onDone }: { initiativeId: string; onDone?: (message: string) => void }) {
  const { t } = useTranslation('secretariat');
  const [channel, setChannel] = useState('');
  const [url, setUrl] = useState('');
  const command = useSecretaryCommand((body: { channel: string; url?: string }, key) => publish(initiativeId, body, key), () => onDone?.(t('done')));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="publish-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          command.mutate(url.trim() ? { channel: channel.trim(), url: url.trim() } : { channel: channel.trim() });
        }}
      >
        <Stack>
          <Title order={3} id="publish-title">
            {t('publishTitle')}
          </Title>
          <TextInput label={t('channel')} required value={channel} onChange={(e) => setChannel(e.currentTarget.value)} />
          <TextInput label={t('url')} type="url" value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
          <ErrorAlert error={command.error} />
          {command.isSuccess && (
            <Alert color="teal" role="status">
              {t('done')}
            </Alert>
          )}
          <Button type="submit" loading={command.isPending} w="fit-content">
            {t('submitPublish')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

export function EscalateForm({ initiativeId, adopters, onDone }: { initiativeId: string; adopters: number; onDone?: (message: string) => void }) {
  const { t } = useTranslation('secretariat');
  const [councilId, setCouncilId] = useState('');
  const command = useSecretaryCommand((body: { councilId: string }, key) => escalate(initiativeId, body, key), () => onDone?.(t('done')));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="escalate-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          command.mutate({ councilId: councilId.trim() });
        }}
      >
        <Stack>
          <Title order={3} id="escalate-title">
            {t('escalateTitle')}
          </Title>
          <Text size="sm">{t('escalateHint', { count: adopters })}</Text>
          <TextInput label={t('targetCouncil')} required value={councilId} onChange={(e) => setCouncilId(e.currentTarget.value)} />
          <ErrorAlert error={command.error} />
          {command.isSuccess && (
            <Alert color="teal" role="status">
              {t('done')}
            </Alert>
          )}
          <Button type="submit" loading={command.isPending} w="fit-content">
            {t('submitEscalate')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
