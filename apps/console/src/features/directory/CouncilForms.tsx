import { Anchor, Button, Checkbox, Fieldset, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { addCouncilMember, COUNCIL_ROLES, createCouncil, removeCouncilMember, type CouncilMember } from './api';
import { FormError, useDirectoryCommand, useFieldError } from './hooks';
import { emptyCouncilDraft, validateCouncil, validateMember, type CouncilDraft, type CouncilMemberBody, type Errors, type MemberDraft } from './validation';
import './messages';

function RoleSelect({ label, value, error, onChange }: { label: string; value: string; error?: string; onChange: (role: string) => void }) {
  const { t } = useTranslation('directory');
  return <NativeSelect label={label} value={value} error={error} data={COUNCIL_ROLES.map((r) => ({ value: r, label: t(`councilRole_${r}`) }))} onChange={(e) => onChange(e.currentTarget.value)} />;
}

/** Administrators create a council with its members and rules: POST /councils. */
export function CreateCouncilForm() {
  const { t } = useTranslation('directory');
  const [draft, setDraft] = useState<CouncilDraft>(emptyCouncilDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState<{ id: string; name: string } | null>(null);
  const error = useFieldError(errors);
  const create = useDirectoryCommand(createCouncil, (result, body) => {
    setDone({ id: result.id, name: body.name });
    setDraft(emptyCouncilDraft());
  });
  const set = (patch: Partial<CouncilDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setMember = (i: number, patch: Partial<MemberDraft>) => set({ members: draft.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="create-council">
      <Title order={3} size="h4" id="create-council" mb="sm">
        {t('createCouncil')}
      </Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          const { errors: found, body } = validateCouncil(draft);
          setErrors(found);
          if (body) create.mutate(body);
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('councilIdOptional')} description={t('idHelp')} value={draft.id} error={error('id')} onChange={(e) => set({ id: e.currentTarget.value })} />
            <TextInput label={t('councilName')} required value={draft.name} error={error('name')} onChange={(e) => set({ name: e.currentTarget.value })} />
            <TextInput label={t('councilUnitId')} required value={draft.unitId} error={error('unitId')} onChange={(e) => set({ unitId: e.currentTarget.value })} />
            <TextInput label={t('councilLevel')} description={t('councilLevelHelp')} required value={draft.level} error={error('level')} onChange={(e) => set({ level: e.currentTarget.value })} />
          </SimpleGrid>
          <Fieldset legend={t('members')}>
            <Stack gap="xs">
              {draft.members.map((m, i) => (
                <Group key={i} align="flex-end" wrap="wrap">
                  <TextInput label={t('memberUserId', { n: i + 1 })} value={m.userId} error={error(`members.${i}.userId`)} onChange={(e) => setMember(i, { userId: e.currentTarget.value })} />
                  <RoleSelect label={t('memberRole', { n: i + 1 })} value={m.role} error={error(`members.${i}.role`)} onChange={(role) => setMember(i, { role })} />
                  <Button variant="subtle" color="red" onClick={() => set({ members: draft.members.filter((_, j) => j !== i) })}>
                    {t('removeRow', { n: i + 1 })}
                  </Button>
                </Group>
              ))}
              <FormError message={error('members')} />
              <Group>
                <Button variant="default" onClick={() => set({ members: [...draft.members, { userId: '', role: 'member' }] })}>
                  {t('addMemberRow')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <Fieldset legend={t('rules')}>
            <Stack gap="xs">
              <Checkbox label={t('secretBallot')} checked={draft.secretBallot} onChange={(e) => set({ secretBallot: e.currentTarget.checked })} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('quorum')} placeholder="2/3" value={draft.quorum} error={error('quorum')} onChange={(e) => set({ quorum: e.currentTarget.value })} />
                <TextInput label={t('approval')} value={draft.approval} error={error('approval')} onChange={(e) => set({ approval: e.currentTarget.value })} />
              </SimpleGrid>
              <Textarea label={t('rulesNote')} autosize minRows={2} value={draft.note} error={error('note')} onChange={(e) => set({ note: e.currentTarget.value })} />
            </Stack>
          </Fieldset>
          {Object.keys(errors).length > 0 && <FormError message={t('fixErrors')} />}
          <ErrorAlert error={create.error} />
          {done && (
            <Text role="status" c="teal">
              {t('councilCreated')}{' '}
              <Anchor component={Link} to={`/directory/councils/${encodeURIComponent(done.id)}`}>
                {done.name}
              </Anchor>
            </Text>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('createCouncilSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Administrators add a member to a council: POST /councils/{id}/members. */
export function AddMemberForm({ councilId }: { councilId: string }) {
  const { t } = useTranslation('directory');
  const [draft, setDraft] = useState<MemberDraft>({ userId: '', role: 'member' });
  const [errors, setErrors] = useState<Errors>({});
  const error = useFieldError(errors);
  const add = useDirectoryCommand((body: CouncilMemberBody, key: string) => addCouncilMember(councilId, body, key), () => setDraft({ userId: '', role: 'member' }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-member">
      <Title order={4} size="h5" id="add-member" mb="sm">
        {t('addMember')}
      </Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const found: Errors = {};
          const body = validateMember(draft, found);
          setErrors(found);
          if (body) add.mutate(body);
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('userId')} required value={draft.userId} error={error('userId')} onChange={(e) => setDraft({ ...draft, userId: e.currentTarget.value })} />
          <RoleSelect label={t('councilRole')} value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
          <Button type="submit" loading={add.isPending}>
            {t('addMemberSubmit')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={add.error} />
    </Paper>
  );
}

/** A member's "remove" button: DELETE /councils/{id}/members/{userId}; `onError` gets the refusal (null once one succeeds). */
export function RemoveMemberButton({ councilId, member, onError }: { councilId: string; member: CouncilMember; onError: (error: unknown) => void }) {
  const { t } = useTranslation('directory');
  const remove = useDirectoryCommand((userId: string, key: string) => removeCouncilMember(councilId, userId, key));
  return (
    <Button
      size="xs"
      variant="subtle"
      color="red"
      loading={remove.isPending}
      aria-label={t('removeMemberNamed', { id: member.userId })}
      onClick={() => remove.mutate(member.userId, { onError, onSuccess: () => onError(null) })}
    >
      {t('removeMember')}
    </Button>
  );
}
