import { Badge, Button, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasRole, useSession } from '../../lib/auth';
import { newIdempotencyKey } from '../../lib/api';
import { useUrlFilters } from '../../lib/url-state';
import { directoryKeys, fetchAllUnits, registerUnit } from './api';
import { DirectoryTabs } from './DirectoryTabs';
import { buildUnitTree, filterTree, type UnitNode } from './unit-tree';
import './messages';

function UnitList({ nodes, depth }: { nodes: UnitNode[]; depth: number }) {
  const { t } = useTranslation('directory');
  return (
    <ul aria-label={depth === 0 ? t('unitTree') : undefined} style={{ listStyle: 'none', paddingLeft: depth === 0 ? 0 : 20, margin: 0 }}>
      {nodes.map((n) => (
        <li key={n.unit.unitId}>
          <Group gap="xs" py={2}>
            <Text size="sm" fw={depth === 0 ? 600 : 400}>
              {n.unit.name}
            </Text>
            <Badge size="xs" variant="light">
              {n.unit.level}
            </Badge>
            <Code>{n.unit.unitId}</Code>
          </Group>
          {n.children.length > 0 && <UnitList nodes={n.children} depth={depth + 1} />}
        </li>
      ))}
    </ul>
  );
}

function RegisterUnitForm() {
  const { t } = useTranslation('directory');
  const client = useQueryClient();
  const [form, setForm] = useState({ id: '', name: '', level: '', parentId: '' });
  const [key, setKey] = useState(newIdempotencyKey);
  const register = useMutation({
    mutationFn: () => registerUnit({ ...(form.id ? { id: form.id } : {}), name: form.name, level: form.level, ...(form.parentId ? { parentId: form.parentId } : {}) }, key),
    onSuccess: () => {
      setForm({ id: '', name: '', level: '', parentId: '' });
      setKey(newIdempotencyKey());
      void client.invalidateQueries({ queryKey: directoryKeys.units });
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="register-unit">
      <Title order={3} size="h4" id="register-unit" mb="sm">
        {t('registerUnit')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          register.mutate();
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('unitIdOptional')} value={form.id} onChange={(e) => setForm({ ...form, id: e.currentTarget.value })} />
          <TextInput label={t('name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          <TextInput label={t('level')} required value={form.level} onChange={(e) => setForm({ ...form, level: e.currentTarget.value })} />
          <TextInput label={t('parentId')} value={form.parentId} onChange={(e) => setForm({ ...form, parentId: e.currentTarget.value })} />
          <Button type="submit" loading={register.isPending}>
            {t('register')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={register.error} />
      {register.isSuccess && (
        <Text role="status" c="teal" mt="xs">
          {t('registered')}
        </Text>
      )}
    </Paper>
  );
}

/** /directory/units — the unit tree (read-only; administrators may register a unit). */
export function UnitsPage() {
  const { t } = useTranslation('directory');
  const session = useSession();
  const [filters, setFilters] = useUrlFilters(['q'] as const);
  const units = useQuery({ queryKey: directoryKeys.units, queryFn: fetchAllUnits });
  const tree = useMemo(() => filterTree(buildUnitTree(units.data ?? []), filters.q), [units.data, filters.q]);
  return (
    <Stack>
      <Title order={2}>{t('unitsTitle')}</Title>
      <DirectoryTabs />
      <TextInput label={t('search', { ns: 'common' })} value={filters.q} onChange={(e) => setFilters({ q: e.currentTarget.value })} maw={360} />
      <ErrorAlert error={units.error} />
      {units.data && (
        <Text size="sm" c="dimmed">
          {t('unitCount', { count: units.data.length })}
        </Text>
      )}
      {units.data && tree.length === 0 && <Text>{t('noResults', { ns: 'common' })}</Text>}
      {tree.length > 0 && <UnitList nodes={tree} depth={0} />}
      {hasRole(session, 'administrator') && <RegisterUnitForm />}
    </Stack>
  );
}
