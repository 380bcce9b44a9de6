import { Button, Fieldset, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSession } from '../../lib/auth';
import { initiativeKeys, listMovements, registerInitiative, type RegisterBody } from './api';
import { FormError, useFieldError } from './fields';
import { useCommand } from './hooks';
import './messages';
import { validateRegister, type Errors, type RegisterDraft } from './validation';

/** Register an initiative: the fields POST /initiatives takes, under a launched movement. */
export function RegisterPage() {
  const { t } = useTranslation('initiatives');
  const session = useSession();
  const navigate = useNavigate();
  const movements = useQuery({ queryKey: initiativeKeys.movements, queryFn: ({ signal }) => listMovements(signal) });
  const launched = (movements.data?.items ?? []).filter((m) => m.status === 'launched');
  const [draft, setDraft] = useState<RegisterDraft>({ movementId: '', unitId: session?.user.unitId ?? '', title: '', summary: '', field: '', authors: [{ name: '', userId: '' }] });
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const register = useCommand((body: RegisterBody, key: string) => registerInitiative(body, key), (result) => navigate(`/initiatives/${encodeURIComponent(result.id)}`));
  const movement = launched.find((m) => m.movementId === draft.movementId);
  const set = (patch: Partial<RegisterDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setAuthor = (i: number, patch: Partial<RegisterDraft['authors'][number]>) => set({ authors: draft.authors.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  return (
    <Stack maw={720}>
      <Title order={2}>{t('registerTitle')}</Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const { errors: found, body } = validateRegister(draft);
          setErrors(found);
          if (body) register.mutate(body);
        }}
      >
        <Stack>
          <NativeSelect
            label={t('movement')}
            required
            value={draft.movementId}
            error={error('movementId')}
            data={[{ value: '', label: t('chooseMovement') }, ...launched.map((m) => ({ value: m.movementId, label: m.title }))]}
            onChange={(e) => set({ movementId: e.currentTarget.value, field: '' })}
          />
          {movements.isSuccess && launched.length === 0 && <Text c="dimmed">{t('noLaunchedMovement')}</Text>}
          <TextInput label={t('unit')} required value={draft.unitId} error={error('unitId')} onChange={(e) => set({ unitId: e.currentTarget.value })} />
          <TextInput label={t('title')} required value={draft.title} error={error('title')} onChange={(e) => set({ title: e.currentTarget.value })} />
          <Textarea label={t('summary')} description={t('summaryHelp')} required autosize minRows={3} value={draft.summary} error={error('summary')} onChange={(e) => set({ summary: e.currentTarget.value })} />
          {movement && movement.fields.length > 0 ? (
            <NativeSelect
              label={t('field')}
              required
              value={draft.field}
              error={error('field')}
              data={[{ value: '', label: t('chooseField') }, ...movement.fields.map((f) => ({ value: f, label: f }))]}
              onChange={(e) => set({ field: e.currentTarget.value })}
            />
          ) : (
            <TextInput label={t('field')} required value={draft.field} error={error('field')} onChange={(e) => set({ field: e.currentTarget.value })} />
          )}
          <Fieldset legend={t('authors')}>
            <Stack gap="xs">
              {draft.authors.map((a, i) => (
                <Group key={i} align="flex-end" wrap="wrap">
                  <TextInput label={t('authorName', { n: i + 1 })} value={a.name} error={error(`authors.${i}.name`)} onChange={(e) => setAuthor(i, { name: e.currentTarget.value })} />
                  <TextInput label={t('authorUserId', { n: i + 1 })} value={a.userId} error={error(`authors.${i}.userId`)} onChange={(e) => setAuthor(i, { userId: e.currentTarget.value })} />
                  <Button variant="subtle" color="red" onClick={() => set({ authors: draft.authors.filter((_, j) => j !== i) })}>
                    {t('removeAuthor', { n: i + 1 })}
                  </Button>
                </Group>
              ))}
              <FormError message={error('authors')} />
              <Group>
                <Button variant="default" onClick={() => set({ authors: [...draft.authors, { name: '', userId: '' }] })}>
                  {t('addAuthor')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          {Object.keys(errors).length > 0 && <FormError message={t('fixErrors')} />}
          <ErrorAlert error={register.error} />
          <Group>
            <Button type="submit" loading={register.isPending}>
              {t('registerSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
