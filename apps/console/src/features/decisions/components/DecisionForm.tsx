import { Button, Paper, Radio, Group, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionBody } from '../api';
import { validateDecision, type DecisionDraft, type DecisionField } from '../decision';

export interface DecisionFormProps {
  nominatedForm: string | null;
  onDecide: (body: DecisionBody) => void;
  submitting?: boolean;
  disabled?: boolean;
}

const EMPTY: DecisionDraft = { outcome: '', decisionNo: '', decidedOn: '', signedBy: '', awardForm: '', reason: '' };

/** Grant or refuse: decision number, date and signer (required for a grant), award form, grounds. */
export function DecisionForm({ nominatedForm, onDecide, submitting, disabled }: DecisionFormProps) {
  const { t } = useTranslation('decisions');
  const [draft, setDraft] = useState<DecisionDraft>(EMPTY);
  const [tried, setTried] = useState(false);
  const { problems, body } = validateDecision(draft);
  const err = (f: DecisionField) => (tried && problems[f] ? t(`err_${problems[f]}`) : undefined);
  const set = (f: DecisionField) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [f]: value }));
  };
  const granting = draft.outcome === 'granted';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="decision-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (body) onDecide(body);
        }}
      >
        <Stack>
          <Title order={2} id="decision-title">
            {t('formTitle')}
          </Title>
          <Radio.Group label={t('outcome')} required value={draft.outcome} onChange={(v) => setDraft((d) => ({ ...d, outcome: v as DecisionDraft['outcome'] }))} error={err('outcome')}>
            <Group mt="xs">
              <Radio value="granted" label={t('granted')} disabled={disabled} />
              <Radio value="declined" label={t('declined')} disabled={disabled} />
            </Group>
          </Radio.Group>
          <TextInput label={t('decisionNo')} required={granting} value={draft.decisionNo} onChange={set('decisionNo')} error={err('decisionNo')} disabled={disabled} />
          <TextInput label={t('decidedOn')} type="date" description={t('decidedOnHint')} value={draft.decidedOn} onChange={set('decidedOn')} error={err('decidedOn')} disabled={disabled} />
          <TextInput label={t('signedBy')} required={granting} value={draft.signedBy} onChange={set('signedBy')} error={err('signedBy')} disabled={disabled} />
          <TextInput
            label={t('awardForm')}
            description={nominatedForm ? t('awardFormHint', { form: nominatedForm }) : undefined}
            value={draft.awardForm}
            onChange={set('awardForm')}
            error={err('awardForm')}
            disabled={disabled}
          />
          <Textarea label={t('reason')} minRows={2} value={draft.reason} onChange={set('reason')} error={err('reason')} disabled={disabled} />
          <Button type="submit" loading={submitting} disabled={disabled}>
            {t('submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
