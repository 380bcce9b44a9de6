import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** Links between the directory's screens (each its own URL). */
export function DirectoryTabs() {
  const { t } = useTranslation('directory');
  const links = [
    ['/directory/units', t('units')],
    ['/directory/users', t('users')],
    ['/directory/councils', t('councils')],
  ] as const;
  return (
    <Group component="nav" aria-label={t('nav')} gap="md">
      {links.map(([to, label]) => (
        <Anchor key={to} component={NavLink} to={to}>
          {label}
        </Anchor>
      ))}
    </Group>
  );
}
