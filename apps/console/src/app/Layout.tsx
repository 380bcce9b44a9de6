import { AppShell, Burger, Button, Group, NativeSelect, NavLink, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, Outlet, useNavigate } from 'react-router';
import { setSession, useSession, useSessionExpired, type Session } from '../lib/auth';
import { LANGUAGES, type Language } from '../lib/i18n';
import { setPreferences, TIME_ZONES, usePreferences } from '../lib/prefs';
import type { NavItem } from './feature';
import { headerWidgets } from './features';

function visible(item: NavItem, session: Session | null): boolean {
  if (item.public) return true;
  if (!session) return false;
  return !item.roles || session.user.roles.some((r) => item.roles?.includes(r));
}

/** The shell: header (language, time zone, bell, who is signed in), navigation by role, the page. */
export function Layout({ nav }: { nav: NavItem[] }) {
  const { t } = useTranslation();
  const session = useSession();
  const expired = useSessionExpired();
  const prefs = usePreferences();
  const navigate = useNavigate();
  const [opened, { toggle }] = useDisclosure();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('navigation')} />
            <Title order={1} size="h3">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                {t('appName')}
              </Link>
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('tagline')}
            </Text>
          </Group>
          <Group wrap="nowrap" gap="xs">
            <NativeSelect
              aria-label={t('language')}
              size="xs"
              value={prefs.language}
              data={LANGUAGES.map((l) => ({ value: l, label: l === 'vi' ? 'Tiếng Việt' : 'English' }))}
              onChange={(e) => setPreferences({ language: e.currentTarget.value as Language })}
            />
            <NativeSelect aria-label={t('timeZone')} size="xs" value={prefs.timeZone} data={TIME_ZONES} onChange={(e) => setPreferences({ timeZone: e.currentTarget.value })} />
            {session && headerWidgets.map((Widget, i) => <Widget key={i} />)}
            {session ? (
              <>
                <Text size="sm" visibleFrom="sm">
                  {session.user.name}
                </Text>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    setSession(null);
                    navigate('/');
                  }}
                >
                  {t('signOut')}
                </Button>
              </>
            ) : (
              <Button size="xs" component={Link} to="/sign-in">
                {t('signIn')}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('navigation')}>
        <nav aria-label={t('navigation')}>
          {nav
            .filter((item) => visible(item, session))
            .map((item) => {
              const [ns, key] = item.label.split(':');
              return <NavLink key={item.to} variant="filled" component={RouterNavLink} to={item.to} label={t(key ?? ns, { ns: key ? ns : 'common' })} />;
            })}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <VisuallyHidden>
          <h2>{t('mainContent')}</h2>
        </VisuallyHidden>
        {expired && !session && (
          <Text role="status" c="orange" mb="sm">
            {t('sessionExpired')}
          </Text>
        )}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
