import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useFormat } from '../../../lib/prefs';
import { allows, closeConsultation, fetchInitiative, openConsultation, secretariatKeys } from '../api';
import { useSecretaryCommand } from '../useCommand';
import { ObjectionItem } from './ObjectionItem';

function OpenConsultationForm({ initiativeId }: { initiativeId: string }) {
  const { t } = useTranslation('secretariat');
  const [closesAt, setClosesAt] = useState('');
  const command = useSecretaryCommand((body: { closesAt?: string }, key) => openConsultation(initiativeId, body, key));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="open-consultation-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          command.mutate(closesAt ? { closesAt: new Date(closesAt).toISOString() } : {});
        }}
      >
        <Stack>
          <Title order={3} id="open-consultation-title">
            {t('openConsultationTitle')}
          </Title>
          <TextInput type="datetime-local" label={t('closesAt')} description={t('closesAtHint')} value={closesAt} onChange={(e) => setClosesAt(e.currentTarget.value)} />
          <ErrorAlert error={command.error} />
          <Button type="submit" loading={command.isPending} w="fit-content">
            {t('submitOpenConsultation')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/** The public consultation: open it, read and resolve objections with a reason, close it when its window ends. */
export function ConsultationPage() {
  const { t } = useTranslation('secretariat');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { initiativeId = '' } = useParams();
  // Objections arrive from the public while the window is open: the page looks again every 30 s (and on "Refresh").
  const initiative = useQuery({
    queryKey: secretariatKeys.initiative(initiativeId),
    queryFn: () => fetchInitiative(initiativeId),
    refetchInterval: (q) => (q.state.data?.consultation?.status === 'open' ? 30_000 : false),
  });
  const close = useSecretaryCommand((_: void, key) => closeConsultation(initiativeId, key));
  const data = initiative.data;
  const consultation = data?.consultation;
  const objections = data ? data.objections.filter((o) => !consultation || o.consultationId === consultation.consultationId) : [];
  return (
    <Stack>
      <Anchor component={Link} to="/secretariat/consultations" size="sm">
        {t('backToQueue')}
      </Anchor>
      <ErrorAlert error={initiative.error} />
      {initiative.isPending && <Text role="status">{tc('loading')}</Text>}
      {data && (
        <>
          <Title order={2}>{t('consultationTitle', { title: data.title })}</Title>
          <Text>{t('currentStage', { stage: t(`stage_${data.stage}`, { defaultValue: data.stageLabel ?? data.stage }) })}</Text>
          {allows(data, 'openConsultation') && <OpenConsultationForm initiativeId={data.initiativeId} />}
          {consultation && (
            <Text>{consultation.status === 'open' ? t('consultationWindow', { closesAt: fmt.dateTime(consultation.closesAt) }) : t('consultationClosedAt', { closesAt: fmt.dateTime(consultation.closesAt) })}</Text>
          )}
          {consultation && (
            <Stack component="section" aria-labelledby="objections-title">
              <Group justify="space-between">
                <Title order={3} id="objections-title">
                  {t('objections')}
                </Title>
                <Button variant="default" size="xs" onClick={() => void initiative.refetch()} loading={initiative.isFetching}>
                  {t('refresh')}
                </Button>
              </Group>
              {objections.length === 0 && <Text>{t('noObjections')}</Text>}
              {objections.map((o, i) => (
                <ObjectionItem key={o.objectionId} initiativeId={data.initiativeId} objection={o} index={i} />
              ))}
            </Stack>
          )}
          {allows(data, 'closeConsultation') && consultation?.status === 'open' && (
            <Stack gap="xs">
              <Text size="sm">{t('closeConsultationHint')}</Text>
              <Button variant="default" onClick={() => close.mutate()} loading={close.isPending} w="fit-content">
                {t('closeConsultation')}
              </Button>
              <ErrorAlert error={close.error} />
              {close.isSuccess && (
                <Alert color="teal" role="status">
                  {t('done')}
                </Alert>
              )}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
