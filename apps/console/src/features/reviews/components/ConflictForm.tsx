import { Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Declare a conflict of interest with a reason: the member is recused from then on. */
export function ConflictForm({ onDeclare, submitting }: { onDeclare: (reason: string) => void; submitting?: boolean }) {
  const { t } = useTranslation('reviews');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conflict-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (reason.trim()) onDeclare(reason.trim());
        }}
      >
        <Stack>
          <Title order={2} id="conflict-title">
            {t('conflictTitle')}
          </Title>
          <Text size="sm">{t('conflictIntro')}</Text>
          <Textarea
            label={t('conflictReason')}
            required
            minRows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={tried && !reason.trim() ? t('conflictReasonRequired') : undefined}
          />
          <Button type="submit" variant="default" loading={submitting}>
            {t('declareConflict')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
