import { Badge, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/prefs';
import type { Consultation, Objection } from '../api';

/** The public consultation's window and its objections with how each was resolved. */
export function ConsultationOutcome({ consultation, objections }: { consultation: Consultation | null; objections: Objection[] }) {
  const { t } = useTranslation('decisions');
  const fmt = useFormat();
  const mine = consultation ? objections.filter((o) => o.consultationId === consultation.consultationId) : [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="consultation-title">
      <Stack>
        <Title order={2} id="consultation-title">
          {t('consultation')}
        </Title>
        {!consultation ? (
          <Text>{t('noConsultation')}</Text>
        ) : (
          <>
            <Text size="sm">
              {t('consultationWindow', { opens: fmt.dateTime(consultation.opensAt), closes: fmt.dateTime(consultation.closesAt) })}{' '}
              <Badge variant="outline">{consultation.status === 'open' ? t('consultationOpen') : t('consultationClosed')}</Badge>
            </Text>
            <Title order={3}>{t('objections')}</Title>
            {mine.length === 0 ? (
              <Text>{t('noObjections')}</Text>
            ) : (
              <List>
                {mine.map((o) => (
                  <List.Item key={o.objectionId}>
                    <Text size="sm">
                      <strong>{t(`objection_${o.status}`)}</strong> · {fmt.dateTime(o.filedAt)}
                    </Text>
                    <Text size="sm">{o.text}</Text>
                    {o.reason && <Text size="sm">{o.reason}</Text>}
                  </List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
