import { Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { registerUser, ROLES } from './api';

/** Roles a person may hold: the background worker is the system's own actor, never given to a user here. */
const PERSON_ROLES = ROLES.filter((r) => r !== 'worker');
import { FormError, useDirectoryCommand, useFieldError } from './hooks';
import { emptyUserDraft, validateUser, type Errors, type RegisterUserBody, type UserDraft } from './validation';
import './messages';

/** Administrators register a user: POST /users (id optional, name, e-mail, roles, unit). */
export function RegisterUserForm() {
  const { t } = useTranslation('directory');
  const [draft, setDraft] = useState<UserDraft>(emptyUserDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState<string | null>(null);
  const error = useFieldError(errors);
  const register = useDirectoryCommand(registerUser, (result) => {
    setDone(result.id);
    setDraft(emptyUserDraft());
  });
  const set = (patch: Partial<UserDraft>) => setDraft((d) => ({ ...d, ...patch }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-user">
      <Title order={3} size="h4" id="register-user" mb="sm">
        {t('registerUser')}
      </Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          const { errors: found, body } = validateUser(draft);
          setErrors(found);
          if (body) register.mutate(body satisfies RegisterUserBody);
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('userIdOptional')} description={t('idHelp')} value={draft.id} error={error('id')} onChange={(e) => set({ id: e.currentTarget.value })} />
            <TextInput label={t('name')} required value={draft.name} error={error('name')} onChange={(e) => set({ name: e.currentTarget.value })} />
            <TextInput label={t('email')} type="email" required value={draft.email} error={error('email')} onChange={(e) => set({ email: e.currentTarget.value })} />
            <TextInput label={t('unitId')} required value={draft.unitId} error={error('unitId')} onChange={(e) => set({ unitId: e.currentTarget.value })} />
          </SimpleGrid>
          <Checkbox.Group label={t('roles')} withAsterisk value={draft.roles} error={error('roles')} onChange={(roles) => set({ roles })}>
            <Group mt="xs" gap="md">
              {PERSON_ROLES.map((r) => (
                <Checkbox key={r} value={r} label={t(`role_${r}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          {Object.keys(errors).length > 0 && <FormError message={t('fixErrors')} />}
          <ErrorAlert error={register.error} />
          {done && (
            <Text role="status" c="teal">
              {t('userRegistered', { id: done })}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={register.isPending}>
              {t('registerUserSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
