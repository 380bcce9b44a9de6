import { Button, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSession } from '../../lib/auth';
import {
  escalate,
  getDefinition,
  initiativeKeys,
  getMovement,
  listCouncils,
  nominate,
  recordReplicationResult,
  reportProgress,
  reportReplication,
  resubmit,
  submitSelfAssessment,
  withdraw,
  type InitiativeView,
} from './api';
import { DocumentPicker, type DocumentRow } from './DocumentPicker';
import { FormError, useFieldError } from './fields';
import { useCommand } from './hooks';
import { parseIndicators, validateDocuments, validateNomination, type Errors } from './validation';

type Props = { initiative: InitiativeView };

function required(errors: Errors, field: string, value: string, max = 10_000): string {
  if (!value.trim()) errors[field] = { key: 'errRequired' };
  else if (value.trim().length > max) errors[field] = { key: 'errTooLong', values: { max } };
  return value.trim();
}

/** A command form: its fields, the API's error in words, a submit button and a notice once done. */
function CommandForm({ onSubmit, pending, error, done, submitLabel, children, formErrors }: {
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  done: boolean;
  submitLabel: string;
  children: ReactNode;
  formErrors: Errors;
}) {
  const { t } = useTranslation('initiatives');
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="sm">
        {children}
        {Object.keys(formErrors).length > 0 && <FormError message={t('fixErrors')} />}
        <ErrorAlert error={error} />
        {done && (
          <Text role="status" c="teal">
            {t('done')}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProgressForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const [summary, setSummary] = useState('');
  const [indicators, setIndicators] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand((body: { summary: string; indicators?: Record<string, unknown> }, key: string) => reportProgress(initiative.id, body, key), () => {
    setSummary('');
    setIndicators('');
  });
  return (
    <CommandForm
      submitLabel={t('progressSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const found: Errors = {};
        const s = required(found, 'summary', summary);
        const ind = parseIndicators(indicators, found);
        setErrors(found);
        if (!Object.keys(found).length) send.mutate(ind ? { summary: s, indicators: ind } : { summary: s });
      }}
    >
      <Textarea label={t('progressSummary')} required autosize minRows={2} value={summary} error={error('summary')} onChange={(e) => setSummary(e.currentTarget.value)} />
      <Textarea label={t('indicators')} description={t('indicatorsHelp')} autosize minRows={1} value={indicators} error={error('indicators')} onChange={(e) => setIndicators(e.currentTarget.value)} />
    </CommandForm>
  );
}

export function SelfAssessmentForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const [summary, setSummary] = useState('');
  const [score, setScore] = useState<string | number>('');
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand((body: { summary: string; selfScore?: number }, key: string) => submitSelfAssessment(initiative.id, body, key));
  return (
    <CommandForm
      submitLabel={t('selfAssessmentSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const found: Errors = {};
        const s = required(found, 'summary', summary);
        const n = score === '' ? undefined : Number(score);
        if (n !== undefined && !Number.isFinite(n)) found.selfScore = { key: 'errNumber' };
        setErrors(found);
        if (!Object.keys(found).length) send.mutate(n === undefined ? { summary: s } : { summary: s, selfScore: n });
      }}
    >
      <Textarea label={t('selfAssessmentSummary')} required autosize minRows={2} value={summary} error={error('summary')} onChange={(e) => setSummary(e.currentTarget.value)} />
      <NumberInput label={t('selfScore')} value={score} error={error('selfScore')} onChange={setScore} decimalScale={2} />
    </CommandForm>
  );
}

/**
 * The councils a form offers: for a nomination, those of the movement's organising unit (a deployment
 * has hundreds of councils); for an escalation (`organiserOnly` false), any council.
 */
function useCouncils(initiative: InitiativeView, organiserOnly: boolean) {
  const movement = useQuery({ queryKey: initiativeKeys.movement(initiative.movementId), queryFn: ({ signal }) => getMovement(initiative.movementId, signal), enabled: organiserOnly });
  const unitId = organiserOnly ? movement.data?.organizerUnitId : undefined;
  return useQuery({ queryKey: initiativeKeys.councils(unitId), queryFn: ({ signal }) => listCouncils(unitId, signal), enabled: !organiserOnly || !!unitId });
}

function useDefinition(initiative: InitiativeView) {
  const { id, version } = initiative.definition;
  return useQuery({ queryKey: initiativeKeys.definition(id, version), queryFn: ({ signal }) => getDefinition(id, version, signal) });
}

export function NominationForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const councils = useCouncils(initiative, true);
  const definition = useDefinition(initiative);
  const requiredDocuments = definition.data?.parameters.requiredDocuments ?? [];
  const awardForms = definition.data?.parameters.awardForms ?? [];
  const [awardForm, setAwardForm] = useState('');
  const [councilId, setCouncilId] = useState('');
  const [statement, setStatement] = useState('');
  const [rows, setRows] = useState<DocumentRow[] | null>(null);
  const documents = rows ?? (requiredDocuments.length ? requiredDocuments.map((kind) => ({ kind })) : [{ kind: '' }]);
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand((body: Parameters<typeof nominate>[1], key: string) => nominate(initiative.id, body, key));
  return (
    <CommandForm
      submitLabel={t('nominateSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const { errors: found, body } = validateNomination({ awardForm, councilId, statement, documents }, requiredDocuments);
        setErrors(found);
        if (body) send.mutate(body);
      }}
    >
      {awardForms.length > 0 ? (
        <NativeSelect
          label={t('awardForm')}
          required
          value={awardForm}
          error={error('awardForm')}
          data={[{ value: '', label: t('chooseAwardForm') }, ...awardForms.map((a) => ({ value: a, label: a }))]}
          onChange={(e) => setAwardForm(e.currentTarget.value)}
        />
      ) : (
        <TextInput label={t('awardForm')} description={t('awardFormHelp')} required value={awardForm} error={error('awardForm')} onChange={(e) => setAwardForm(e.currentTarget.value)} />
      )}
      <NativeSelect
        label={t('council')}
        required
        value={councilId}
        error={error('councilId')}
        data={[{ value: '', label: t('chooseCouncil') }, ...(councils.data?.items ?? []).map((c) => ({ value: c.councilId, label: `${c.name} (${c.level})` }))]}
        onChange={(e) => setCouncilId(e.currentTarget.value)}
      />
      <Textarea label={t('statement')} required autosize minRows={3} value={statement} error={error('statement')} onChange={(e) => setStatement(e.currentTarget.value)} />
      {requiredDocuments.length > 0 && (
        <Text size="sm">
          {t('requiredDocuments', { names: requiredDocuments.join(', ') })}
        </Text>
      )}
      <DocumentPicker rows={documents} onChange={(update) => setRows((rs) => update(rs ?? documents))} error={error} />
    </CommandForm>
  );
}

export function ResubmitForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const [statement, setStatement] = useState('');
  const [rows, setRows] = useState<DocumentRow[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand((body: Parameters<typeof resubmit>[1], key: string) => resubmit(initiative.id, body, key));
  return (
    <CommandForm
      submitLabel={t('resubmitSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const found: Errors = {};
        if (statement.trim().length > 20_000) found.statement = { key: 'errTooLong', values: { max: 20_000 } };
        const documents = validateDocuments(rows, [], found, false);
        setErrors(found);
        if (Object.keys(found).length) return;
        send.mutate({ ...(statement.trim() ? { statement: statement.trim() } : {}), ...(documents.length ? { documents } : {}) });
      }}
    >
      <Textarea label={t('statementCorrected')} description={t('statementCorrectedHelp')} autosize minRows={2} value={statement} error={error('statement')} onChange={(e) => setStatement(e.currentTarget.value)} />
      <DocumentPicker rows={rows} onChange={(update) => setRows(update)} error={error} />
    </CommandForm>
  );
}

export function WithdrawForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand((body: { reason: string }, key: string) => withdraw(initiative.id, body, key));
  return (
    <CommandForm
      submitLabel={t('withdrawSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const found: Errors = {};
        const r = required(found, 'reason', reason, 2000);
        setErrors(found);
        if (!Object.keys(found).length) send.mutate({ reason: r });
      }}
    >
      <Text size="sm">{t('withdrawNotice')}</Text>
      <Textarea label={t('reason')} required autosize minRows={2} value={reason} error={error('reason')} onChange={(e) => setReason(e.currentTarget.value)} />
    </CommandForm>
  );
}

export function ReplicationForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const session = useSession();
  const [adoptingUnitId, setUnit] = useState(session?.user.unitId ?? '');
  const [startedOn, setStartedOn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand((body: Parameters<typeof reportReplication>[1], key: string) => reportReplication(initiative.id, body, key), () => setNote(''));
  return (
    <CommandForm
      submitLabel={t('replicationSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const found: Errors = {};
        const unit = required(found, 'adoptingUnitId', adoptingUnitId, 100);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(startedOn)) found.startedOn = { key: 'errDate' };
        if (note.trim().length > 5000) found.note = { key: 'errTooLong', values: { max: 5000 } };
        setErrors(found);
        if (!Object.keys(found).length) send.mutate({ adoptingUnitId: unit, startedOn, ...(note.trim() ? { note: note.trim() } : {}) });
      }}
    >
      <TextInput label={t('adoptingUnit')} required value={adoptingUnitId} error={error('adoptingUnitId')} onChange={(e) => setUnit(e.currentTarget.value)} />
      <TextInput label={t('startedOn')} type="date" required value={startedOn} error={error('startedOn')} onChange={(e) => setStartedOn(e.currentTarget.value)} />
      <Textarea label={t('note')} autosize minRows={1} value={note} error={error('note')} onChange={(e) => setNote(e.currentTarget.value)} />
    </CommandForm>
  );
}

export function ReplicationResultForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const [replicationId, setReplicationId] = useState('');
  const [outcome, setOutcome] = useState('');
  const [indicators, setIndicators] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand(
    (body: { replicationId: string; outcome: string; indicators?: Record<string, unknown> }, key: string) => {
      const { replicationId: rid, ...rest } = body;
      return recordReplicationResult(initiative.id, rid, rest, key);
    },
    () => {
      setOutcome('');
      setIndicators('');
    },
  );
  return (
    <CommandForm
      submitLabel={t('resultSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const found: Errors = {};
        if (!replicationId) found.replicationId = { key: 'errRequired' };
        const o = required(found, 'outcome', outcome, 2000);
        const ind = parseIndicators(indicators, found);
        setErrors(found);
        if (!Object.keys(found).length) send.mutate({ replicationId, outcome: o, ...(ind ? { indicators: ind } : {}) });
      }}
    >
      <NativeSelect
        label={t('replication')}
        required
        value={replicationId}
        error={error('replicationId')}
        data={[{ value: '', label: t('chooseReplication') }, ...initiative.replications.map((r) => ({ value: r.replicationId, label: `${r.adoptingUnitId} · ${r.startedOn}` }))]}
        onChange={(e) => setReplicationId(e.currentTarget.value)}
      />
      <Textarea label={t('outcome')} required autosize minRows={1} value={outcome} error={error('outcome')} onChange={(e) => setOutcome(e.currentTarget.value)} />
      <Textarea label={t('indicators')} description={t('indicatorsHelp')} autosize minRows={1} value={indicators} error={error('indicators')} onChange={(e) => setIndicators(e.currentTarget.value)} />
    </CommandForm>
  );
}

export function EscalationForm({ initiative }: Props) {
  const { t } = useTranslation('initiatives');
  const councils = useCouncils(initiative, false);
  const [councilId, setCouncilId] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const send = useCommand((body: { councilId: string }, key: string) => escalate(initiative.id, body, key));
  return (
    <CommandForm
      submitLabel={t('escalateSubmit')}
      pending={send.isPending}
      error={send.error}
      done={send.isSuccess}
      formErrors={errors}
      onSubmit={() => {
        const found: Errors = {};
        if (!councilId) found.councilId = { key: 'errRequired' };
        setErrors(found);
        if (!Object.keys(found).length) send.mutate({ councilId });
      }}
    >
      <NativeSelect
        label={t('nextCouncil')}
        required
        value={councilId}
        error={error('councilId')}
        data={[{ value: '', label: t('chooseCouncil') }, ...(councils.data?.items ?? []).filter((c) => c.level !== initiative.level).map((c) => ({ value: c.councilId, label: `${c.name} (${c.level})` }))]}
        onChange={(e) => setCouncilId(e.currentTarget.value)}
      />
    </CommandForm>
  );
}
